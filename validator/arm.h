/* arm.h — ARM templates into the model, expanded as Resource Manager would deploy them
 * (parameters, variables, expressions, copy loops, conditions, child resources, nested
 * deployments, languageVersion 2.0), and the links between the resources. */
#ifndef TG_ARM_H
#define TG_ARM_H

#include "error.h"
#include "model.h"
#include "value.h"

/* How the deployment's own subscription and resource group read when they are not given. */
#define TG_ARM_SUBSCRIPTION "{subscription().subscriptionId}"
#define TG_ARM_RESOURCE_GROUP "{resourceGroup().name}"

/* What a template is expanded with besides itself. */
typedef struct tg_arm_inputs {
    const tg_value *params;   /* parameter values {"name": {"value": ...}}, or NULL */
    const char *params_path;  /* its display path */
    int params_unreadable;    /* the parameter file cannot be read: every parameter is unknown
                                 (never the defaults: the file meant to override them) */
    const char *subscription; /* deployment context given on the command line, or NULL */
    const char *resource_group;
    const char *location;
} tg_arm_inputs;

/* Expands template `root` (parsed from file index `file`, living in m's arena) and adds
 * the resources it deploys to m. Returns TG_ERR (err set, with position) when part of the
 * template cannot be read or an expression cannot be evaluated — a resources list written
 * twice, an unknown function; everything else is still expanded and added. */
int tg_arm_load(tg_model *m, size_t file, const tg_value *root, const tg_arm_inputs *in,
                tg_error *err);

/* Links private endpoints, diagnostic settings and child resources to the accounts of
 * the whole model (all files): run once after every file is loaded. */
void tg_arm_link(tg_model *m);

#endif
