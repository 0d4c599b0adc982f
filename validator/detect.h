/* detect.h — what kind of input a parsed JSON document is, decided by its content
 * (DESIGN.md "Inputs"), never by its file name. */
#ifndef TG_DETECT_H
#define TG_DETECT_H

#include "value.h"

typedef enum tg_input_kind {
    TG_IN_OTHER,          /* unrelated JSON: skipped and counted */
    TG_IN_ARM,            /* deployment template */
    TG_IN_ARM_PARAMETERS, /* parameter file: never checked as a template */
    TG_IN_TFPLAN,         /* Terraform plan JSON */
    TG_IN_TFSTATE         /* Terraform state (or `show -json` of state): reported, not checked */
} tg_input_kind;

tg_input_kind tg_detect(const tg_value *root);

#endif
