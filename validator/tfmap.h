/* tfmap.h — (internal to the Terraform plan reader) one resource instance's planned
 * values turned into the ARM shape of the resource it deploys, so the policies written
 * for ARM templates judge Terraform accounts unchanged: azurerm_cognitive_account,
 * azurerm_private_endpoint, azurerm_monitor_diagnostic_setting,
 * azurerm_cognitive_account_customer_managed_key and azapi_resource /
 * azapi_update_resource of the same ARM types. Other resources keep their values under
 * `properties` with their Terraform type, so they are never taken for accounts.
 *
 * Ownership: everything is allocated in the arena passed in; the values given are
 * shared, not copied, and must not be changed afterwards (they are the `native` tree). */
#ifndef TG_TFMAP_H
#define TG_TFMAP_H

#include "arena.h"
#include "value.h"

#define TG_TFMAP_ACCOUNT "Microsoft.CognitiveServices/accounts"
#define TG_TFMAP_ENDPOINT "Microsoft.Network/privateEndpoints"
#define TG_TFMAP_DIAGNOSTIC "Microsoft.Insights/diagnosticSettings"
/* Not an ARM type: what a separate azurerm_cognitive_account_customer_managed_key is. */
#define TG_TFMAP_CMK "Microsoft.CognitiveServices/accounts/customerManagedKey"

typedef struct tg_tfmap_out {
    tg_value *body;   /* the ARM-shaped resource object */
    const char *type; /* body's type: the ARM type when mapped, else the Terraform type */
    const char *name; /* readable name: "{<address>.name}" when unknown until apply */
} tg_tfmap_out;

/* Maps one instance. values: its planned values (unknowns and sensitive marks already
 * applied), or NULL; at: the node whose position synthesized objects take (the values
 * object, else the resource object). */
void tg_tfmap_resource(tg_arena *a, const char *tf_type, const char *address, tg_value *values,
                       const tg_value *at, tg_tfmap_out *out);

/* The path in an azurerm_private_endpoint's mapped body of the account id named by its
 * private_service_connection block i (0-based), e.g.
 * "properties.privateLinkServiceConnections[1].properties.privateLinkServiceId", or the
 * connection itself when whether it is manual is unknown; NULL when there is no block i. */
const char *tg_tfmap_endpoint_via(tg_arena *a, const tg_value *values, size_t i);

/* The ARM type of an azapi resource ("Microsoft.X/y@2024-10-01" → "Microsoft.X/y"), or
 * NULL when its type is not a known string. */
const char *tg_tfmap_azapi_type(tg_arena *a, const tg_value *values);

#endif
