/* detect.c — content-based detection of templates, parameter files and Terraform JSON. */
#include "detect.h"
#include "text.h"

#include <string.h>

static int str_contains_i(const tg_value *v, const char *needle)
{
    if (!v || v->kind != TG_V_STRING)
        return 0;
    size_t n = strlen(needle);
    for (const char *p = v->u.str.s; *p; p++)
        if (tg_text_ieqn(p, needle, n))
            return 1;
    return 0;
}

tg_input_kind tg_detect(const tg_value *root)
{
    if (!root || root->kind != TG_V_OBJECT)
        return TG_IN_OTHER;
    const tg_value *schema = tg_value_get(root, "$schema");
    if (str_contains_i(schema, "deploymentParameters"))
        return TG_IN_ARM_PARAMETERS;
    if (str_contains_i(schema, "deploymentTemplate"))
        return TG_IN_ARM;
    const tg_value *resources = tg_value_get(root, "resources");
    if (tg_value_get(root, "format_version")) {
        if (tg_value_get(root, "planned_values") || tg_value_get(root, "resource_changes"))
            return TG_IN_TFPLAN;
        if (tg_value_get(root, "values"))
            return TG_IN_TFSTATE;
    }
    if (tg_value_get(root, "terraform_version") && tg_value_get(root, "lineage"))
        return TG_IN_TFSTATE; /* a raw terraform.tfstate */
    if (tg_value_get(root, "terraform_version") &&
        (tg_value_get(root, "planned_values") || tg_value_get(root, "resource_changes")))
        return TG_IN_TFPLAN; /* without format_version: the reader says what is wrong */
    if (tg_value_get(root, "contentVersion")) {
        if (resources && (resources->kind == TG_V_ARRAY || resources->kind == TG_V_OBJECT))
            return TG_IN_ARM;
        const tg_value *params = tg_value_get(root, "parameters");
        if (params && params->kind == TG_V_OBJECT && !resources)
            return TG_IN_ARM_PARAMETERS;
    }
    return TG_IN_OTHER;
}
