/* tfmap.c — Terraform attributes to the ARM shape (see tfmap.h). The mapping follows
 * what the providers send to Resource Manager (azurerm's expand functions), defaults
 * included, so a policy reads `properties.publicNetworkAccess` whichever tool wrote the
 * account. Every value built here takes the position (and the sensitive mark) of the
 * plan value it comes from, so findings point into the plan file; a value that is
 * unknown until apply stays that same unknown in the ARM shape. */
#include "tfmap.h"
#include "error.h"
#include "json.h"
#include "source.h"
#include "text.h"

#include <string.h>

/* Position and sensitivity of `from` onto v (v is new, so nothing is lost). */
static tg_value *at_pos(tg_value *v, const tg_value *from)
{
    if (from) {
        v->line = from->line;
        v->col = from->col;
        v->kline = from->kline;
        v->kcol = from->kcol;
        v->sensitive = from->sensitive;
    }
    return v;
}

static tg_value *object(tg_arena *a, const tg_value *at)
{
    return at_pos(tg_value_new(a, TG_V_OBJECT), at);
}

static tg_value *array(tg_arena *a, const tg_value *at)
{
    return at_pos(tg_value_new(a, TG_V_ARRAY), at);
}

static tg_value *string(tg_arena *a, const char *s, const tg_value *at)
{
    return at_pos(tg_value_string(a, s, strlen(s)), at);
}

static tg_value *boolean(tg_arena *a, int b, const tg_value *at)
{
    tg_value *v = at_pos(tg_value_new(a, TG_V_BOOL), at);
    v->u.boolean = b;
    return v;
}

static void put(tg_arena *a, tg_value *obj, const char *key, tg_value *v)
{
    if (v)
        tg_value_set(a, obj, key, v);
}

static tg_value *get(const tg_value *o, const char *key)
{
    return o && o->kind == TG_V_OBJECT ? tg_value_get(o, key) : NULL;
}

static int unset(const tg_value *v)
{
    return !v || v->kind == TG_V_NULL;
}

/* An optional attribute: absent when null or "" (SDKv2 plans hold "" for unset strings,
 * which the provider does not send). */
static tg_value *opt(tg_value *v)
{
    if (unset(v) || (v->kind == TG_V_STRING && v->u.str.len == 0))
        return NULL;
    return v;
}

/* The single element of a nested block list ("network_acls": [{...}]): the element, the
 * unknown standing for the whole block, or NULL when there is no block. */
static tg_value *block(const tg_value *values, const char *key)
{
    tg_value *l = get(values, key);
    if (!l)
        return NULL;
    if (l->kind == TG_V_UNKNOWN || l->kind == TG_V_OBJECT)
        return l;
    if (l->kind == TG_V_ARRAY && l->u.coll.n > 0)
        return l->u.coll.items[0];
    return NULL;
}

/* A boolean attribute as an ARM enum ("Enabled"/"Disabled"); the provider default when
 * unset; unknowns and other values (which a policy will judge) as they are. */
static tg_value *enabled_enum(tg_arena *a, tg_value *v, int dflt, const char *yes, const char *no)
{
    if (unset(v))
        return string(a, dflt ? yes : no, NULL);
    if (v->kind == TG_V_BOOL)
        return string(a, v->u.boolean ? yes : no, v);
    return v;
}

/* A boolean attribute negated (local_auth_enabled → disableLocalAuth). */
static tg_value *negated(tg_arena *a, tg_value *v, int dflt)
{
    if (unset(v))
        return boolean(a, !dflt, NULL);
    if (v->kind == TG_V_BOOL)
        return boolean(a, !v->u.boolean, v);
    return v;
}

static tg_value *defaulted_bool(tg_arena *a, tg_value *v, int dflt)
{
    return unset(v) ? boolean(a, dflt, NULL) : v;
}

/* The parts of a Key Vault (or managed HSM) key id
 * "https://<vault>.vault.azure.net/keys/<name>[/<version>]" that ARM takes: keyName,
 * keyVersion ("" when versionless) and keyVaultUri ("https://<vault>.vault.azure.net/").
 * An unknown id makes each part that same unknown. */
static void key_parts(tg_arena *a, tg_value *id, tg_value *kvp)
{
    if (unset(id))
        return;
    if (id->kind == TG_V_UNKNOWN) {
        put(a, kvp, "keyName", id);
        put(a, kvp, "keyVersion", id);
        put(a, kvp, "keyVaultUri", id);
        return;
    }
    if (id->kind != TG_V_STRING)
        return;
    const char *s = id->u.str.s;
    const char *scheme = strstr(s, "://");
    if (!scheme)
        return;
    const char *host_end = strchr(scheme + 3, '/');
    if (!host_end || !tg_text_istarts(host_end, "/keys/"))
        return;
    const char *name = host_end + strlen("/keys/");
    size_t nl = strcspn(name, "/");
    if (nl == 0)
        return;
    const char *version = name[nl] == '/' ? name + nl + 1 : name + nl;
    size_t vl = strcspn(version, "/");
    char *uri = tg_arena_printf(a, "%.*s/", (int)(host_end - s), s);
    put(a, kvp, "keyName", at_pos(tg_value_string(a, name, nl), id));
    put(a, kvp, "keyVersion", at_pos(tg_value_string(a, version, vl), id));
    put(a, kvp, "keyVaultUri", string(a, uri, id));
}

/* identity { type, identity_ids } → {type, userAssignedIdentities: {<id>: {}}}. */
static tg_value *identity(tg_arena *a, const tg_value *values)
{
    tg_value *b = block(values, "identity");
    if (!b || b->kind != TG_V_OBJECT)
        return b;
    tg_value *o = object(a, b);
    put(a, o, "type", get(b, "type"));
    tg_value *ids = get(b, "identity_ids");
    if (ids && ids->kind == TG_V_UNKNOWN) {
        put(a, o, "userAssignedIdentities", ids);
    } else if (ids && ids->kind == TG_V_ARRAY && ids->u.coll.n > 0) {
        tg_value *uai = object(a, ids);
        for (size_t i = 0; i < ids->u.coll.n; i++) {
            tg_value *id = ids->u.coll.items[i];
            if (id->kind == TG_V_UNKNOWN) { /* a key that is not known: the whole map is not */
                uai = id;
                break;
            }
            if (id->kind == TG_V_STRING)
                tg_value_set(a, uai, id->u.str.s, object(a, id));
            if (id->sensitive) /* the id is a member name here, which has no mark */
                uai->sensitive = 1;
        }
        put(a, o, "userAssignedIdentities", uai);
    }
    put(a, o, "principalId", opt(get(b, "principal_id")));
    put(a, o, "tenantId", opt(get(b, "tenant_id")));
    return o;
}

static tg_value *network_acls(tg_arena *a, const tg_value *values)
{
    tg_value *acl = block(values, "network_acls");
    if (!acl || acl->kind != TG_V_OBJECT)
        return acl;
    tg_value *o = object(a, acl);
    put(a, o, "defaultAction", get(acl, "default_action"));
    put(a, o, "bypass", opt(get(acl, "bypass")));
    tg_value *ips = get(acl, "ip_rules");
    if (ips && ips->kind == TG_V_ARRAY) {
        tg_value *list = array(a, ips);
        for (size_t i = 0; i < ips->u.coll.n; i++) {
            tg_value *ip = ips->u.coll.items[i], *rule = object(a, ip);
            put(a, rule, "value", ip);
            tg_value_append(a, list, rule);
        }
        put(a, o, "ipRules", list);
    } else {
        put(a, o, "ipRules", unset(ips) ? array(a, acl) : ips);
    }
    tg_value *vnets = get(acl, "virtual_network_rules");
    if (vnets && vnets->kind == TG_V_ARRAY) {
        tg_value *list = array(a, vnets);
        for (size_t i = 0; i < vnets->u.coll.n; i++) {
            tg_value *r = vnets->u.coll.items[i];
            if (r->kind != TG_V_OBJECT) {
                tg_value_append(a, list, r);
                continue;
            }
            tg_value *rule = object(a, r);
            put(a, rule, "id", get(r, "subnet_id"));
            put(a, rule, "ignoreMissingVnetServiceEndpoint",
                defaulted_bool(a, get(r, "ignore_missing_vnet_service_endpoint"), 0));
            tg_value_append(a, list, rule);
        }
        put(a, o, "virtualNetworkRules", list);
    } else {
        put(a, o, "virtualNetworkRules", unset(vnets) ? array(a, acl) : vnets);
    }
    return o;
}

/* customer_managed_key { key_vault_key_id, identity_client_id } → encryption. */
static tg_value *encryption(tg_arena *a, const tg_value *values)
{
    tg_value *cmk = block(values, "customer_managed_key");
    if (!cmk || cmk->kind != TG_V_OBJECT)
        return cmk;
    tg_value *o = object(a, cmk);
    put(a, o, "keySource", string(a, "Microsoft.KeyVault", cmk));
    tg_value *kvp = object(a, cmk);
    key_parts(a, get(cmk, "key_vault_key_id"), kvp);
    put(a, kvp, "identityClientId", opt(get(cmk, "identity_client_id")));
    put(a, o, "keyVaultProperties", kvp);
    return o;
}

static tg_value *storage(tg_arena *a, const tg_value *values)
{
    tg_value *l = get(values, "storage");
    if (!l || l->kind == TG_V_UNKNOWN)
        return l;
    if (l->kind != TG_V_ARRAY || l->u.coll.n == 0)
        return NULL;
    tg_value *list = array(a, l);
    for (size_t i = 0; i < l->u.coll.n; i++) {
        tg_value *s = l->u.coll.items[i];
        if (s->kind != TG_V_OBJECT) {
            tg_value_append(a, list, s);
            continue;
        }
        tg_value *o = object(a, s);
        put(a, o, "resourceId", get(s, "storage_account_id"));
        put(a, o, "identityClientId", opt(get(s, "identity_client_id")));
        tg_value_append(a, list, o);
    }
    return list;
}

static tg_value *account(tg_arena *a, tg_value *values, const tg_value *at)
{
    tg_value *body = object(a, at);
    put(a, body, "type", string(a, TG_TFMAP_ACCOUNT, NULL));
    put(a, body, "name", get(values, "name"));
    put(a, body, "location", get(values, "location"));
    put(a, body, "kind", get(values, "kind"));
    tg_value *sku_name = get(values, "sku_name");
    if (sku_name) {
        tg_value *sku = object(a, sku_name);
        put(a, sku, "name", sku_name);
        put(a, body, "sku", sku);
    }
    put(a, body, "tags", opt(get(values, "tags")));
    put(a, body, "identity", identity(a, values));

    tg_value *p = object(a, at);
    put(a, p, "publicNetworkAccess",
        enabled_enum(a, get(values, "public_network_access_enabled"), 1, "Enabled", "Disabled"));
    put(a, p, "disableLocalAuth", negated(a, get(values, "local_auth_enabled"), 1));
    put(a, p, "restrictOutboundNetworkAccess",
        defaulted_bool(a, get(values, "outbound_network_access_restricted"), 0));
    put(a, p, "allowedFqdnList", opt(get(values, "fqdns")));
    put(a, p, "customSubDomainName", opt(get(values, "custom_subdomain_name")));
    put(a, p, "dynamicThrottlingEnabled", opt(get(values, "dynamic_throttling_enabled")));
    put(a, p, "networkAcls", network_acls(a, values));
    put(a, p, "encryption", encryption(a, values));
    put(a, p, "userOwnedStorage", storage(a, values));
    put(a, p, "endpoint", opt(get(values, "endpoint")));
    put(a, body, "properties", p);
    return body;
}

/* Whether private_service_connection block c is manual: 1, 0, or -1 when unknown. */
static int manual(const tg_value *c)
{
    const tg_value *m = get(c, "is_manual_connection");
    if (m && m->kind == TG_V_UNKNOWN)
        return -1;
    return m && m->kind == TG_V_BOOL && m->u.boolean;
}

static tg_value *connection(tg_arena *a, tg_value *c)
{
    if (c->kind != TG_V_OBJECT)
        return c;
    if (manual(c) < 0) {
        tg_value *m = get(c, "is_manual_connection");
        tg_value *u = tg_value_unknownf(
            a, "may be a manual connection: its is_manual_connection %s", m->u.reason);
        u->expr = m->expr;
        return at_pos(u, c);
    }
    tg_value *o = object(a, c), *p = object(a, c);
    put(a, o, "name", get(c, "name"));
    put(a, p, "privateLinkServiceId", opt(get(c, "private_connection_resource_id")));
    put(a, p, "privateLinkServiceAlias", opt(get(c, "private_connection_resource_alias")));
    put(a, p, "groupIds", get(c, "subresource_names"));
    put(a, p, "requestMessage", opt(get(c, "request_message")));
    put(a, o, "properties", p);
    return o;
}

static tg_value *endpoint(tg_arena *a, tg_value *values, const tg_value *at)
{
    tg_value *body = object(a, at);
    put(a, body, "type", string(a, TG_TFMAP_ENDPOINT, NULL));
    put(a, body, "name", get(values, "name"));
    put(a, body, "location", get(values, "location"));
    put(a, body, "tags", opt(get(values, "tags")));
    tg_value *p = object(a, at);
    tg_value *subnet_id = get(values, "subnet_id");
    if (subnet_id) {
        tg_value *subnet = object(a, subnet_id);
        put(a, subnet, "id", subnet_id);
        put(a, p, "subnet", subnet);
    }
    put(a, p, "customNetworkInterfaceName", opt(get(values, "custom_network_interface_name")));
    tg_value *psc = get(values, "private_service_connection");
    if (psc && psc->kind == TG_V_UNKNOWN) {
        put(a, p, "privateLinkServiceConnections", psc);
    } else if (psc && psc->kind == TG_V_ARRAY) {
        tg_value *autos = NULL, *manuals = NULL;
        for (size_t i = 0; i < psc->u.coll.n; i++) {
            tg_value *c = psc->u.coll.items[i];
            tg_value **list = manual(c) > 0 ? &manuals : &autos;
            if (!*list)
                *list = array(a, psc);
            tg_value_append(a, *list, connection(a, c));
        }
        put(a, p, "privateLinkServiceConnections", autos);
        put(a, p, "manualPrivateLinkServiceConnections", manuals);
    }
    tg_value *zones = get(values, "private_dns_zone_group");
    if (zones && zones->kind == TG_V_UNKNOWN) {
        put(a, p, "privateDnsZoneGroups", zones);
    } else if (zones && zones->kind == TG_V_ARRAY && zones->u.coll.n > 0) {
        tg_value *list = array(a, zones);
        for (size_t i = 0; i < zones->u.coll.n; i++) {
            tg_value *z = zones->u.coll.items[i];
            if (z->kind != TG_V_OBJECT) {
                tg_value_append(a, list, z);
                continue;
            }
            tg_value *g = object(a, z), *gp = object(a, z);
            put(a, g, "name", get(z, "name"));
            tg_value *ids = get(z, "private_dns_zone_ids");
            if (ids && ids->kind == TG_V_ARRAY) {
                tg_value *configs = array(a, ids);
                for (size_t k = 0; k < ids->u.coll.n; k++) {
                    tg_value *id = ids->u.coll.items[k];
                    tg_value *cfg = object(a, id), *cp = object(a, id);
                    put(a, cp, "privateDnsZoneId", id);
                    put(a, cfg, "properties", cp);
                    tg_value_append(a, configs, cfg);
                }
                put(a, gp, "privateDnsZoneConfigs", configs);
            } else {
                put(a, gp, "privateDnsZoneConfigs", ids);
            }
            put(a, g, "properties", gp);
            tg_value_append(a, list, g);
        }
        put(a, p, "privateDnsZoneGroups", list);
    }
    put(a, body, "properties", p);
    return body;
}

/* enabled_log / log (3.x) / enabled_metric / metric blocks into ARM log or metric
 * entries; `flag` names the block's own enabled attribute (NULL: always enabled). */
static void diag_entries(tg_arena *a, tg_value **list, tg_value *blocks, const char *flag,
                         int groups)
{
    if (!blocks || unset(blocks))
        return;
    if (blocks->kind == TG_V_UNKNOWN) { /* what these blocks enable is not known */
        if (!*list)
            *list = blocks;
        else if ((*list)->kind == TG_V_ARRAY)
            tg_value_append(a, *list, blocks);
        return;
    }
    if (blocks->kind != TG_V_ARRAY || blocks->u.coll.n == 0 ||
        (*list && (*list)->kind != TG_V_ARRAY))
        return;
    if (!*list)
        *list = array(a, blocks);
    for (size_t i = 0; i < blocks->u.coll.n; i++) {
        tg_value *b = blocks->u.coll.items[i];
        if (b->kind != TG_V_OBJECT) {
            tg_value_append(a, *list, b);
            continue;
        }
        tg_value *e = object(a, b);
        tg_value *cat = opt(get(b, "category"));
        tg_value *group = groups ? opt(get(b, "category_group")) : NULL;
        put(a, e, "category", cat);
        if (!cat || cat->kind == TG_V_UNKNOWN)
            put(a, e, "categoryGroup", group);
        tg_value *en = flag ? get(b, flag) : NULL;
        put(a, e, "enabled", unset(en) ? boolean(a, 1, b) : en);
        tg_value_append(a, *list, e);
    }
}

static tg_value *diagnostic(tg_arena *a, tg_value *values, const tg_value *at)
{
    tg_value *body = object(a, at);
    put(a, body, "type", string(a, TG_TFMAP_DIAGNOSTIC, NULL));
    put(a, body, "name", get(values, "name"));
    put(a, body, "scope", get(values, "target_resource_id"));
    tg_value *p = object(a, at);
    put(a, p, "workspaceId", opt(get(values, "log_analytics_workspace_id")));
    put(a, p, "storageAccountId", opt(get(values, "storage_account_id")));
    put(a, p, "eventHubAuthorizationRuleId", opt(get(values, "eventhub_authorization_rule_id")));
    put(a, p, "eventHubName", opt(get(values, "eventhub_name")));
    put(a, p, "marketplacePartnerId", opt(get(values, "partner_solution_id")));
    put(a, p, "logAnalyticsDestinationType", opt(get(values, "log_analytics_destination_type")));
    tg_value *logs = NULL, *metrics = NULL;
    diag_entries(a, &logs, get(values, "enabled_log"), NULL, 1);
    diag_entries(a, &logs, get(values, "log"), "enabled", 1);
    diag_entries(a, &metrics, get(values, "enabled_metric"), NULL, 0);
    diag_entries(a, &metrics, get(values, "metric"), "enabled", 0);
    put(a, p, "logs", logs ? logs : array(a, NULL));
    put(a, p, "metrics", metrics);
    put(a, body, "properties", p);
    return body;
}

static tg_value *customer_managed_key(tg_arena *a, tg_value *values, const tg_value *at)
{
    tg_value *body = object(a, at);
    put(a, body, "type", string(a, TG_TFMAP_CMK, NULL));
    tg_value *p = object(a, at);
    put(a, p, "cognitiveAccountId", get(values, "cognitive_account_id"));
    tg_value *key = get(values, "key_vault_key_id");
    put(a, p, "keyVaultKeyId", key);
    tg_value *client = opt(get(values, "identity_client_id"));
    put(a, p, "identityClientId", client);
    tg_value *kvp = object(a, key ? key : at);
    key_parts(a, key, kvp);
    put(a, kvp, "identityClientId", client);
    put(a, p, "keyVaultProperties", kvp);
    put(a, body, "properties", p);
    return body;
}

/* Every position in v becomes that of `from`: an azapi 1.x body is a JSON string, and
 * lines inside it mean nothing in the plan file. */
static void reposition(tg_value *v, const tg_value *from, int depth)
{
    int kl = v->kline, kc = v->kcol;
    at_pos(v, from);
    v->kline = depth ? 0 : kl;
    v->kcol = depth ? 0 : kc;
    if (depth < TG_JSON_MAX_DEPTH && (v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT))
        for (size_t i = 0; i < v->u.coll.n; i++)
            reposition(v->u.coll.items[i], from, depth + 1);
}

/* An azapi body: an object (2.x), a JSON string (1.x), or unknown. Returns a fresh top
 * level object (members shared) the caller may add to. */
static tg_value *azapi_body(tg_arena *a, tg_value *b, const tg_value *at)
{
    tg_value *out = object(a, at);
    if (b && b->kind == TG_V_STRING) {
        tg_source *src = NULL;
        tg_error err = {0};
        tg_value *parsed = NULL;
        if (tg_source_from_bytes(&src, "body", b->u.str.s, b->u.str.len, &err) != TG_OK ||
            tg_json_parse(&parsed, src, a, &err) != TG_OK) {
            tg_value *u = tg_value_unknownf(
                a, "comes from a body string that is not JSON (line %d column %d: %s)", err.line,
                err.col, err.message);
            put(a, out, "properties", at_pos(u, b));
            tg_source_free(src);
            return out;
        }
        tg_source_free(src);
        reposition(parsed, b, 0);
        b = parsed;
    }
    if (b && b->kind == TG_V_UNKNOWN) { /* the kind too, so the account is in scope "if" */
        put(a, out, "kind", b);
        put(a, out, "properties", b);
    } else if (b && b->kind == TG_V_OBJECT) {
        at_pos(out, b);
        out->sensitive = 0; /* the resource itself: a sensitive body marks its members */
        for (size_t i = 0; i < b->u.coll.n; i++)
            tg_value_set(a, out, b->u.coll.keys[i], b->u.coll.items[i]);
    }
    return out;
}

const char *tg_tfmap_azapi_type(tg_arena *a, const tg_value *values)
{
    const tg_value *t = get(values, "type");
    if (!t || t->kind != TG_V_STRING)
        return NULL;
    return tg_arena_strndup(a, t->u.str.s, strcspn(t->u.str.s, "@"));
}

static tg_value *azapi(tg_arena *a, tg_value *values, const tg_value *at, const char *type)
{
    tg_value *t = get(values, "type");
    tg_value *body = azapi_body(a, get(values, "body"), at);
    long ti = tg_value_find(body, "type");
    tg_value *tv = string(a, type, t);
    if (ti >= 0)
        body->u.coll.items[ti] = tv;
    else
        put(a, body, "type", tv);
    const char *api = strchr(t->u.str.s, '@');
    if (api && tg_value_find(body, "apiVersion") < 0)
        put(a, body, "apiVersion", string(a, api + 1, t));
    static const char *const own[] = {"name", "location", "tags"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (tg_value_find(body, own[i]) < 0)
            put(a, body, own[i], opt(get(values, own[i])));
    if (tg_value_find(body, "identity") < 0)
        put(a, body, "identity", identity(a, values));
    if (tg_text_ieq(type, TG_TFMAP_DIAGNOSTIC) && tg_value_find(body, "scope") < 0)
        put(a, body, "scope", get(values, "parent_id"));
    return body;
}

static tg_value *other(tg_arena *a, const char *tf_type, tg_value *values, const tg_value *at)
{
    tg_value *body = object(a, at);
    put(a, body, "type", string(a, tf_type, NULL));
    put(a, body, "name", get(values, "name"));
    put(a, body, "properties", values && values->kind == TG_V_OBJECT ? values : object(a, at));
    return body;
}

static const char *readable(const tg_value *v, tg_arena *a, const char *address)
{
    if (v && v->sensitive) /* the name is a secret: never part of what is printed */
        return "(sensitive)";
    if (v && v->kind == TG_V_STRING)
        return v->u.str.s;
    if (v && v->kind == TG_V_UNKNOWN && v->expr)
        return v->expr;
    return tg_arena_printf(a, "{%s}", address);
}

void tg_tfmap_resource(tg_arena *a, const char *tf_type, const char *address, tg_value *values,
                       const tg_value *at, tg_tfmap_out *out)
{
    if (values && values->kind != TG_V_OBJECT)
        values = NULL;
    out->type = tf_type;
    if (strcmp(tf_type, "azurerm_cognitive_account") == 0) {
        out->type = TG_TFMAP_ACCOUNT;
        out->body = account(a, values, at);
    } else if (strcmp(tf_type, "azurerm_private_endpoint") == 0) {
        out->type = TG_TFMAP_ENDPOINT;
        out->body = endpoint(a, values, at);
    } else if (strcmp(tf_type, "azurerm_monitor_diagnostic_setting") == 0) {
        out->type = TG_TFMAP_DIAGNOSTIC;
        out->body = diagnostic(a, values, at);
    } else if (strcmp(tf_type, "azurerm_cognitive_account_customer_managed_key") == 0) {
        out->type = TG_TFMAP_CMK;
        out->body = customer_managed_key(a, values, at);
    } else if (strcmp(tf_type, "azapi_resource") == 0 ||
               strcmp(tf_type, "azapi_update_resource") == 0) {
        const char *t = tg_tfmap_azapi_type(a, values);
        if (t && (tg_text_ieq(t, TG_TFMAP_ACCOUNT) || tg_text_ieq(t, TG_TFMAP_ENDPOINT) ||
                  tg_text_ieq(t, TG_TFMAP_DIAGNOSTIC))) {
            out->type = tg_text_ieq(t, TG_TFMAP_ACCOUNT)    ? TG_TFMAP_ACCOUNT
                        : tg_text_ieq(t, TG_TFMAP_ENDPOINT) ? TG_TFMAP_ENDPOINT
                                                            : TG_TFMAP_DIAGNOSTIC;
            out->body = azapi(a, values, at, out->type);
        } else {
            out->body = other(a, tf_type, values, at);
        }
    } else {
        out->body = other(a, tf_type, values, at);
    }
    tg_value *name = get(out->body, "name");
    out->name = name && (name->kind == TG_V_STRING || name->kind == TG_V_UNKNOWN)
                    ? readable(name, a, address)
                    : address;
}

const char *tg_tfmap_endpoint_via(tg_arena *a, const tg_value *values, size_t i)
{
    const tg_value *psc = get(values, "private_service_connection");
    if (!psc || psc->kind != TG_V_ARRAY || i >= psc->u.coll.n)
        return NULL;
    size_t autos = 0, manuals = 0;
    for (size_t k = 0; k < i; k++)
        if (manual(psc->u.coll.items[k]) > 0)
            manuals++;
        else
            autos++;
    int m = manual(psc->u.coll.items[i]);
    if (m > 0)
        return tg_arena_printf(a,
                               "properties.manualPrivateLinkServiceConnections[%zu].properties."
                               "privateLinkServiceId",
                               manuals + 1);
    if (m < 0)
        return tg_arena_printf(a, "properties.privateLinkServiceConnections[%zu]", autos + 1);
    return tg_arena_printf(a,
                           "properties.privateLinkServiceConnections[%zu].properties."
                           "privateLinkServiceId",
                           autos + 1);
}
