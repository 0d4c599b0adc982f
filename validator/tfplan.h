/* tfplan.h — Terraform plan JSON (`terraform show -json PLANFILE`) into the model: every
 * resource instance of planned_values at every module depth, joined with resource_changes
 * for its actions (a delete is not checked; a replace is checked as its `after`), values
 * unknown until apply (after_unknown) as the model's unknowns, sensitive values marked,
 * data sources kept as link targets only; azurerm/azapi Translator accounts and their
 * related resources mapped to the ARM shape so one policy serves both formats; and the
 * links between them — by known id, or through the `configuration` references within
 * the right module when the id is unknown until apply.
 *
 * Ownership: everything lives in the model's arena. */
#ifndef TG_TFPLAN_H
#define TG_TFPLAN_H

#include "error.h"
#include "model.h"
#include "value.h"

typedef struct tg_tfplan_inputs {
    const char *plan_fs_path; /* where the plan file is, to find the .tf sources beside it */
    const char *source_root;  /* --source-root DIR, or NULL: the plan's folder */
} tg_tfplan_inputs;

/* Adds the plan's resources and links to m (file index `file`, root parsed into m's
 * arena). Returns TG_ERR with err set (file:line:col) for a plan that cannot be fully
 * trusted: a missing or unknown format_version, a malformed structure, a plan Terraform
 * reported errors for (`errored`), a --source-root that does not exist; what could be read
 * is still added. */
int tg_tfplan_load(tg_model *m, size_t file, const tg_value *root, const tg_tfplan_inputs *in,
                   tg_error *err);

#endif
