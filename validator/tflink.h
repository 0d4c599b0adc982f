/* tflink.h — (internal to the Terraform plan reader) the links inside one plan: which
 * Translator account a private endpoint, diagnostic setting, customer-managed key or role
 * assignment refers to — by its id when the plan knows it, else through the
 * `configuration` section's references, resolved within the module the resource is in
 * (module_calls expressions, module variables, module outputs; each.value through the
 * for_each it iterates). An azapi_update_resource of an account is merged into the account
 * it updates (found by resource_id, or parent_id and name); when that account cannot be
 * identified, what its body sets becomes unknown on every account it may update.
 *
 * Ownership: a tg_tflink is owned by its caller (tg_tflink_free); the model, the
 * configuration and every string given to it are borrowed and must outlive it. */
#ifndef TG_TFLINK_H
#define TG_TFLINK_H

#include "model.h"

#include <stddef.h>

typedef struct tg_tflink tg_tflink;

/* configuration: the plan's `configuration` object, or NULL when it has none. */
tg_tflink *tg_tflink_new(tg_model *m, size_t file, const tg_value *configuration);
void tg_tflink_free(tg_tflink *k); /* accepts NULL */

/* Registers resource res (an index into m->res) of the plan: its module instance address
 * ("" for the root module, e.g. "module.app[\"prod\"].module.net"), its module-relative
 * address without index ("azurerm_cognitive_account.tr", "data.x.y"), its instance key as
 * written in its address ("", "[0]", "[\"westeurope\"]") and its Terraform type. */
void tg_tflink_add(tg_tflink *k, size_t res, const char *module, const char *config_addr,
                   const char *key, const char *tf_type);

/* Adds the links (and merges azapi updates): once, after every resource is added. */
void tg_tflink_run(tg_tflink *k);

/* The module call names of a module instance address, dot-separated:
 * "module.a[\"k.1\"].module.b" → "a.b", "" → ""; NULL when it is not a module address. */
const char *tg_tflink_call_path(tg_arena *a, const char *module);

#endif
