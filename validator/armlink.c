/* armlink.c — finds, for every Translator account in the model, the resources that refer
 * to it: private endpoints (privateLinkServiceId), diagnostic settings (extension scope,
 * or the legacy accounts/providers/diagnosticSettings name), metric alerts (scopes), role
 * assignments (extension scope naming the account or its resource group; no scope: the
 * deployment's group), child resources and private DNS zone groups (through their endpoint).
 *
 * A reference is compared with each account part by part — subscription, resource
 * group, name. Parts that are known on both sides must be equal; a part that is symbolic
 * on either side ("{parameters('n')}", "{resourceGroup().name}") is equal only to the
 * same text in the same template scope. When a part cannot be compared the link is
 * undecided, so rules say "unknown" instead of guessing. A resource that may not be
 * deployed at all (unknown condition or loop count) only ever gives undecided links. */
#include "arm.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define ACCOUNT_TYPE "Microsoft.CognitiveServices/accounts"
/* An account needs one undecided link of a kind to be unknown; a file with thousands of
 * unresolvable endpoints must not cost thousands of links per account. */
#define MAX_UNDECIDED_PER_ACCOUNT 16

typedef enum { T_NONE, T_ACCOUNT, T_GROUP, T_UNDECIDED } target_kind;

typedef struct target {
    target_kind kind;
    const char *subscription, *resource_group, *name; /* T_ACCOUNT; T_GROUP: no name */
    const char *text;                                 /* the reference as read, for messages */
    const char *reason;                               /* T_UNDECIDED */
} target;

typedef struct linker {
    tg_model *m;
    size_t *undecided; /* per resource: undecided links made to it */
} linker;

static int has_symbol(const char *s)
{
    return strchr(s, '{') != NULL;
}

/* Copies the segment after "/<key>/" (case-insensitive) in id, or NULL. */
static const char *segment_after(tg_arena *a, const char *id, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = id; (p = strchr(p, '/')) != NULL; p++)
        if (tg_text_ieqn(p + 1, key, kl) && p[1 + kl] == '/') {
            const char *s = p + 2 + kl;
            return tg_arena_strndup(a, s, strcspn(s, "/"));
        }
    return NULL;
}

/* Reads an id ("/subscriptions/S/resourceGroups/R/providers/Microsoft.CognitiveServices/
 * accounts/N", or relative "Microsoft.CognitiveServices/accounts/N", which means the
 * deployment's own subscription and group) as an account reference. */
/* groups: a resource group id is a target too (role assignments). */
static target parse_target(tg_arena *a, const char *id, const char *what, int groups)
{
    target t = {T_NONE, NULL, NULL, NULL, id, NULL};
    const char *rest = NULL;
    for (const char *p = id; (p = strchr(p, '/')) != NULL; p++)
        if (tg_text_istarts(p, "/providers/"))
            rest = p + strlen("/providers/");
    int relative = rest == NULL;
    if (!rest)
        rest = id[0] == '/' ? id + 1 : id;
    if (tg_text_istarts(rest, ACCOUNT_TYPE "/")) {
        const char *name = rest + strlen(ACCOUNT_TYPE "/");
        size_t n = strlen(name);
        if (n > 1 && name[n - 1] == '/')
            n--;
        if (n && !memchr(name, '/', n)) {
            t.subscription = relative ? TG_ARM_SUBSCRIPTION : segment_after(a, id, "subscriptions");
            t.resource_group =
                relative ? TG_ARM_RESOURCE_GROUP : segment_after(a, id, "resourceGroups");
            if (!t.subscription || !t.resource_group)
                return t; /* a subscription- or tenant-level id: never an account, which lives
                             in a resource group */
            t.kind = T_ACCOUNT;
            t.name = tg_arena_strndup(a, name, n);
            return t;
        }
    }
    if (groups && tg_text_istarts(id, "/subscriptions/")) {
        /* "/subscriptions/S/resourceGroups/R" (nothing after it): a resource group */
        size_t slashes = 0;
        for (const char *p = id; *p; p++)
            if (*p == '/' && p[1])
                slashes++;
        const char *sub = segment_after(a, id, "subscriptions");
        const char *g = segment_after(a, id, "resourceGroups");
        if (slashes == 4 && sub && *sub && g && *g) {
            t.kind = T_GROUP;
            t.subscription = sub;
            t.resource_group = g;
            return t;
        }
    }
    if (groups && !relative) {
        /* a role assignment's scope: another known resource type is never the account */
        size_t tl = strcspn(rest, "/");
        if (rest[tl] == '/')
            tl += 1 + strcspn(rest + tl + 1, "/");
        if (!memchr(rest, '{', tl) && !tg_text_istarts(rest, ACCOUNT_TYPE "/"))
            return t;
    }
    if (has_symbol(id)) {
        t.kind = T_UNDECIDED;
        t.reason = tg_arena_printf(
            a, "%s reads %s, which this version of transguard cannot resolve", what, id);
    }
    return t;
}

static target resolve_as(tg_arena *a, const tg_value *v, const char *what, int groups)
{
    target t = {T_NONE, NULL, NULL, NULL, NULL, NULL};
    if (!v)
        return t;
    if (v->kind == TG_V_STRING)
        return parse_target(a, v->u.str.s, what, groups);
    if (v->kind == TG_V_UNKNOWN && v->expr) /* the readable form: known parts filled in */
        return parse_target(a, v->expr, what, groups);
    if (v->kind == TG_V_UNKNOWN) {
        t.kind = T_UNDECIDED;
        t.reason = tg_arena_printf(a, "%s %s", what, v->u.reason);
    }
    return t;
}

static target resolve(tg_arena *a, const tg_value *v, const char *what)
{
    return resolve_as(a, v, what, 0);
}

static int is_account(const tg_resource *r)
{
    return tg_model_is_type(r, ACCOUNT_TYPE) &&
           !(r->flags & (TG_RES_NOT_DEPLOYED | TG_RES_FROM_PLAN));
}

typedef enum { SAME, DIFFERENT, UNDECIDABLE } verdict;

/* One part of a reference against the account's: symbolic text means the same thing only
 * within one template scope (the deployment's own group and subscription: one file). */
static verdict compare(const char *ref, const char *acc, const tg_resource *src,
                       const tg_resource *account)
{
    int symbolic = has_symbol(ref) || has_symbol(acc);
    if (tg_text_ieq(ref, acc)) {
        if (!symbolic || src->scope == account->scope)
            return SAME;
        if (src->file == account->file &&
            (tg_text_ieq(acc, TG_ARM_RESOURCE_GROUP) || tg_text_ieq(acc, TG_ARM_SUBSCRIPTION)))
            return SAME;
        return UNDECIDABLE;
    }
    return symbolic ? UNDECIDABLE : DIFFERENT;
}

static const char *part(tg_arena *a, const char *what, const char *acc,
                        const char *deployment_default, const char *ref)
{
    if (tg_text_ieq(acc, deployment_default))
        return tg_arena_printf(a, "the deployment's %s is '%s'", what, ref);
    return tg_arena_printf(a, "its %s %s is '%s'", what, acc, ref);
}

/* "via names X, which is this account only if the deployment's resource group is 'rg'" */
static const char *undecided_why(tg_arena *a, const target *t, const tg_resource *acc,
                                 const verdict v[3], const char *via)
{
    const char *parts[3];
    size_t n = 0;
    if (v[0] == UNDECIDABLE)
        parts[n++] = tg_arena_printf(a, "its name %s is '%s'", acc->name, t->name);
    if (v[1] == UNDECIDABLE)
        parts[n++] = part(a, "resource group", acc->resource_group, TG_ARM_RESOURCE_GROUP,
                          t->resource_group);
    if (v[2] == UNDECIDABLE)
        parts[n++] =
            part(a, "subscription", acc->subscription, TG_ARM_SUBSCRIPTION, t->subscription);
    const char *all = n ? parts[0] : "";
    for (size_t i = 1; i < n; i++)
        all = tg_arena_printf(a, "%s and %s", all, parts[i]);
    if (t->kind == T_GROUP)
        return tg_arena_printf(a, "%s names %s, which is this account's resource group only if %s",
                               via, t->text, all);
    return tg_arena_printf(a, "%s names %s, which is this account only if %s", via, t->text, all);
}

static void add_link(linker *k, size_t from, size_t to, const char *relation, const char *via,
                     const char *reason)
{
    if (reason && k->undecided[to]++ >= MAX_UNDECIDED_PER_ACCOUNT)
        return;
    tg_model_link(k->m, from, to, relation, via, reason);
}

static void link_target(linker *k, size_t from, target t, const char *relation, const char *via)
{
    tg_model *m = k->m;
    const tg_resource *src = &m->res[from];
    if (t.kind == T_NONE)
        return;
    /* a resource that may not be deployed can never settle a rule */
    const char *maybe = (src->flags & TG_RES_MAYBE)
                            ? tg_arena_printf(m->arena, "%s may not be deployed: %s", src->address,
                                              src->note ? src->note : "")
                            : NULL;
    if (t.kind == T_UNDECIDED) {
        for (size_t i = 0; i < m->nres; i++)
            if (i != from && is_account(&m->res[i]) && m->res[i].file == src->file)
                add_link(k, from, i, relation, via, t.reason);
        return;
    }
    for (size_t i = 0; i < m->nres; i++) {
        const tg_resource *acc = &m->res[i];
        if (i == from || !is_account(acc))
            continue;
        verdict v[3] = {t.kind == T_GROUP ? SAME : compare(t.name, acc->name, src, acc),
                        compare(t.resource_group, acc->resource_group, src, acc),
                        compare(t.subscription, acc->subscription, src, acc)};
        if (v[0] == DIFFERENT || v[1] == DIFFERENT || v[2] == DIFFERENT)
            continue;
        if (v[0] == SAME && v[1] == SAME && v[2] == SAME) {
            add_link(k, from, i, relation, via, maybe);
        } else if (acc->file == src->file || (v[0] == SAME && t.kind == T_ACCOUNT)) {
            add_link(k, from, i, relation, via, undecided_why(m->arena, &t, acc, v, via));
        }
    }
}

/* "Properties.privateLinkServiceConnections[2].properties.privateLinkServiceId" with the
 * member names as written. */
static void link_private_endpoint(linker *k, size_t from)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    tg_value *body = m->res[from].body;
    long pi = tg_value_find(body, "properties");
    if (pi < 0)
        return;
    tg_value *props = body->u.coll.items[pi];
    static const char *const lists[] = {"privateLinkServiceConnections",
                                        "manualPrivateLinkServiceConnections"};
    for (size_t l = 0; l < 2; l++) {
        long li = tg_value_find(props, lists[l]);
        if (li < 0)
            continue;
        tg_value *list = props->u.coll.items[li];
        const char *base =
            tg_arena_printf(a, "%s.%s", body->u.coll.keys[pi], props->u.coll.keys[li]);
        if (list->kind == TG_V_UNKNOWN) {
            target t = {
                T_UNDECIDED, NULL,
                NULL,        NULL,
                NULL,        tg_arena_printf(a, "the endpoint's %s %s", lists[l], list->u.reason)};
            link_target(k, from, t, "private-endpoint", base);
            continue;
        }
        if (list->kind != TG_V_ARRAY)
            continue;
        for (size_t i = 0; i < list->u.coll.n; i++) {
            tg_value *conn = list->u.coll.items[i];
            long cpi = tg_value_find(conn, "properties");
            if (cpi < 0)
                continue;
            tg_value *cprops = conn->u.coll.items[cpi];
            long ti = tg_value_find(cprops, "privateLinkServiceId");
            if (ti < 0)
                continue;
            const char *via = tg_arena_printf(a, "%s[%zu].%s.%s", base, i + 1,
                                              conn->u.coll.keys[cpi], cprops->u.coll.keys[ti]);
            link_target(k, from,
                        resolve(a, cprops->u.coll.items[ti], "the endpoint's privateLinkServiceId"),
                        "private-endpoint", via);
        }
    }
}

/* A metric alert's properties.scopes[]: each scope is read like an endpoint's target. */
static void link_metric_alert(linker *k, size_t from)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    tg_value *body = m->res[from].body;
    long pi = tg_value_find(body, "properties");
    if (pi < 0)
        return;
    tg_value *props = body->u.coll.items[pi];
    long si = tg_value_find(props, "scopes");
    if (si < 0)
        return;
    tg_value *list = props->u.coll.items[si];
    const char *base = tg_arena_printf(a, "%s.%s", body->u.coll.keys[pi], props->u.coll.keys[si]);
    if (list->kind == TG_V_UNKNOWN) {
        link_target(k, from, resolve(a, list, "the alert's scopes"), "metric-alert", base);
        return;
    }
    if (list->kind != TG_V_ARRAY)
        return;
    for (size_t i = 0; i < list->u.coll.n; i++)
        link_target(k, from, resolve(a, list->u.coll.items[i], "the alert's scope"), "metric-alert",
                    tg_arena_printf(a, "%s[%zu]", base, i + 1));
}

/* A role assignment: its extension `scope` names the account or the account's resource
 * group; without `scope` it is at the deployment's own resource group. */
static void link_role_assignment(linker *k, size_t from)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    const tg_resource *r = &m->res[from];
    long si = tg_value_find(r->body, "scope");
    if (si >= 0) {
        link_target(k, from, resolve_as(a, r->body->u.coll.items[si], "the assignment's scope", 1),
                    "role-assignment", r->body->u.coll.keys[si]);
        return;
    }
    if (!r->subscription || !r->resource_group)
        return; /* a subscription- or tenant-level deployment: not at a resource group */
    target t = {T_GROUP,
                r->subscription,
                r->resource_group,
                NULL,
                tg_arena_printf(a, "resource group %s (the deployment's, having no scope)",
                                r->resource_group),
                NULL};
    long ti = tg_value_find(r->body, "type");
    link_target(k, from, t, "role-assignment", ti >= 0 ? r->body->u.coll.keys[ti] : "type");
}

#define ENDPOINT_TYPE "Microsoft.Network/privateEndpoints"
#define ZONE_GROUP_TYPE ENDPOINT_TYPE "/privateDnsZoneGroups"

static int linkable(const tg_resource *r)
{
    return !(r->flags & (TG_RES_NOT_DEPLOYED | TG_RES_EXISTING | TG_RES_FROM_PLAN));
}

/* A private DNS zone group ("pe/default", top level or inline in the endpoint) links to
 * every account its endpoint links to, decided or not (with the endpoint's reason): its
 * endpoint is the privateEndpoints resource of the same file and template scope whose name
 * is the group's first name segment. Runs after the endpoints are linked. */
static void link_zone_groups(linker *k)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    size_t nlinks = m->nlinks;
    for (size_t g = 0; g < m->nres; g++) {
        const tg_resource *zg = &m->res[g];
        if (!linkable(zg) || !tg_model_is_type(zg, ZONE_GROUP_TYPE) || !zg->name)
            continue;
        const char *slash = strchr(zg->name, '/');
        if (!slash)
            continue;
        const char *pe_name = tg_arena_strndup(a, zg->name, (size_t)(slash - zg->name));
        long ni = tg_value_find(zg->body, "name");
        const char *via = ni >= 0 ? zg->body->u.coll.keys[ni] : "name";
        const char *maybe = (zg->flags & TG_RES_MAYBE)
                                ? tg_arena_printf(a, "%s may not be deployed: %s", zg->address,
                                                  zg->note ? zg->note : "")
                                : NULL;
        for (size_t e = 0; e < m->nres; e++) {
            const tg_resource *pe = &m->res[e];
            if (e == g || !linkable(pe) || !tg_model_is_type(pe, ENDPOINT_TYPE) ||
                pe->file != zg->file || pe->scope != zg->scope || !tg_text_ieq(pe->name, pe_name))
                continue;
            for (size_t l = 0; l < nlinks; l++) {
                const tg_link *pl = &m->links[l];
                if (pl->from != e || strcmp(pl->relation, "private-endpoint") != 0)
                    continue;
                int seen = 0; /* several connections to one account: one link */
                for (size_t q = 0; q < l && !seen; q++)
                    seen = m->links[q].from == e && m->links[q].to == pl->to &&
                           strcmp(m->links[q].relation, "private-endpoint") == 0;
                if (seen)
                    continue;
                const char *reason = pl->reason;
                if (maybe)
                    reason = reason ? tg_arena_printf(a, "%s; %s", maybe, reason) : maybe;
                size_t before = m->nlinks;
                add_link(k, g, pl->to, "dns-zone-group", via, reason);
                if (m->nlinks > before)
                    m->links[m->nlinks - 1].through = e;
            }
        }
    }
}

/* The string at a dotted path of body (member names matched as tg_value_get does), or NULL. */
static const char *str_at(const tg_value *body, const char *const *path, size_t n)
{
    const tg_value *v = body;
    for (size_t i = 0; i < n && v; i++)
        v = v->kind == TG_V_OBJECT ? tg_value_get(v, path[i]) : NULL;
    return v && v->kind == TG_V_STRING ? v->u.str.s : NULL;
}

/* The account's encryption.keyVaultProperties: keyVaultUri "https://<vault>.vault.azure.net/"
 * names a Microsoft.KeyVault/vaults resource <vault> (relation "key-vault") and keyName its
 * key "<vault>/<keyName>" (relation "key"); both are linked to the account. */
static void link_key_vault(linker *k, size_t acc)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    const tg_value *body = m->res[acc].body;
    static const char *const uri_path[] = {"properties", "encryption", "keyVaultProperties",
                                           "keyVaultUri"};
    static const char *const key_path[] = {"properties", "encryption", "keyVaultProperties",
                                           "keyName"};
    const char *uri = str_at(body, uri_path, 4), *key = str_at(body, key_path, 4);
    if (!uri || !tg_text_istarts(uri, "https://"))
        return;
    const char *host = uri + strlen("https://");
    const char *vault = tg_arena_strndup(a, host, strcspn(host, "./"));
    if (!*vault || has_symbol(vault))
        return;
    const char *key_name = key && !has_symbol(key) ? tg_arena_printf(a, "%s/%s", vault, key) : NULL;
    for (size_t i = 0; i < m->nres; i++) {
        const tg_resource *r = &m->res[i];
        if (i == acc || !linkable(r) || !r->name || r->file != m->res[acc].file)
            continue;
        if (tg_model_is_type(r, "Microsoft.KeyVault/vaults") && tg_text_ieq(r->name, vault))
            add_link(k, i, acc, "key-vault", "name", NULL);
        else if (key_name && tg_model_is_type(r, "Microsoft.KeyVault/vaults/keys") &&
                 tg_text_ieq(r->name, key_name))
            add_link(k, i, acc, "key", "name", NULL);
    }
}

void tg_arm_link(tg_model *m)
{
    tg_arena *a = m->arena;
    linker k = {m, tg_xcalloc(m->nres ? m->nres : 1, sizeof(size_t))};
    for (size_t i = 0; i < m->nres; i++) {
        tg_resource *r = &m->res[i];
        if (r->flags & (TG_RES_NOT_DEPLOYED | TG_RES_EXISTING | TG_RES_FROM_PLAN))
            continue; /* existing: not deployed by this template; plan resources: linked by tfplan
                       */
        if (tg_model_is_type(r, "Microsoft.Network/privateEndpoints")) {
            link_private_endpoint(&k, i);
        } else if (tg_model_is_type(r, "Microsoft.Authorization/roleAssignments")) {
            link_role_assignment(&k, i);
        } else if (tg_model_is_type(r, "Microsoft.Insights/metricAlerts")) {
            link_metric_alert(&k, i);
        } else if (tg_model_is_type(r, "Microsoft.Insights/diagnosticSettings")) {
            long si = tg_value_find(r->body, "scope");
            if (si >= 0)
                link_target(&k, i, resolve(a, r->body->u.coll.items[si], "the setting's scope"),
                            "diagnostic-setting", r->body->u.coll.keys[si]);
        } else if (tg_text_istarts(r->type, ACCOUNT_TYPE "/")) {
            /* children and legacy providers/diagnosticSettings: the name's first segment
             * is the account, in the child's own group and subscription */
            const char *slash = strchr(r->name, '/');
            if (!slash)
                continue;
            target t = {T_ACCOUNT,         r->subscription,
                        r->resource_group, tg_arena_strndup(a, r->name, (size_t)(slash - r->name)),
                        r->name,           NULL};
            const char *relation = tg_text_iends(r->type, "/providers/diagnosticSettings")
                                       ? "diagnostic-setting"
                                       : "child";
            long ni = tg_value_find(r->body, "name");
            link_target(&k, i, t, relation, ni >= 0 ? r->body->u.coll.keys[ni] : "name");
        }
    }
    link_zone_groups(&k);
    for (size_t i = 0; i < m->nres; i++)
        if (is_account(&m->res[i]) && linkable(&m->res[i]))
            link_key_vault(&k, i);
    free(k.undecided);
}
