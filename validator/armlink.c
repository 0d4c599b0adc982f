/* armlink.c — finds, for every Translator account in the model, the resources that refer
 * to it: private endpoints (privateLinkServiceId), diagnostic settings (extension scope,
 * or the legacy accounts/providers/diagnosticSettings name) and child resources. A
 * reference whose target cannot be read becomes an undecided link to each account of
 * the same file, so rules say "unknown" instead of guessing. */
#include "arm.h"
#include "armsym.h"
#include "text.h"

#include <string.h>

#define ACCOUNT_TYPE "Microsoft.CognitiveServices/accounts"

typedef enum { T_NONE, T_ACCOUNT, T_UNDECIDED } target_kind;

typedef struct target {
    target_kind kind;
    const char *name;   /* T_ACCOUNT: the account name (maybe with {symbolic} parts) */
    const char *reason; /* T_UNDECIDED */
} target;

static int has_symbol(const char *s)
{
    return strchr(s, '{') != NULL;
}

/* Reads an id path ("/subscriptions/../providers/Microsoft.CognitiveServices/accounts/x"
 * or "Microsoft.CognitiveServices/accounts/x") as an account name. */
static target parse_target(tg_arena *a, const char *id, const char *what)
{
    target t = {T_NONE, NULL, NULL};
    const char *rest = NULL;
    for (const char *p = id; (p = strchr(p, '/')) != NULL; p++)
        if (tg_text_istarts(p, "/providers/"))
            rest = p + strlen("/providers/");
    if (!rest)
        rest = id[0] == '/' ? id + 1 : id;
    size_t tl = strlen(ACCOUNT_TYPE "/");
    if (tg_text_istarts(rest, ACCOUNT_TYPE "/")) {
        const char *name = rest + tl;
        size_t n = strlen(name);
        if (n && !memchr(name, '/', n)) {
            t.kind = T_ACCOUNT;
            t.name = name;
            return t;
        }
        if (n > 1 && name[n - 1] == '/' && !memchr(name, '/', n - 1)) {
            t.kind = T_ACCOUNT;
            t.name = tg_arena_strndup(a, name, n - 1);
            return t;
        }
    }
    if (has_symbol(id)) {
        t.kind = T_UNDECIDED;
        t.reason = tg_arena_printf(a, "%s reads %s, which this version of transguard cannot resolve",
                                   what, id);
    }
    return t;
}

static target resolve(tg_arena *a, const tg_value *v, const char *what)
{
    target t = {T_NONE, NULL, NULL};
    if (!v)
        return t;
    if (v->kind == TG_V_STRING)
        return parse_target(a, v->u.str.s, what);
    if (v->kind == TG_V_UNKNOWN && v->expr) {
        int literal;
        const char *s = tg_armsym_render(a, v->expr, &literal);
        return parse_target(a, s, what);
    }
    if (v->kind == TG_V_UNKNOWN) {
        t.kind = T_UNDECIDED;
        t.reason = tg_arena_printf(a, "%s %s", what, v->u.reason);
    }
    return t;
}

static int is_account(const tg_resource *r)
{
    return tg_model_is_type(r, ACCOUNT_TYPE) && !(r->flags & TG_RES_NOT_DEPLOYED);
}

static void add_link(tg_model *m, size_t from, size_t to, const char *relation, const char *via,
                     const char *reason)
{
    tg_link *l = tg_model_add_link(m);
    l->from = from;
    l->to = to;
    l->relation = relation;
    l->via = via;
    l->decided = reason == NULL;
    l->reason = reason;
}

static void link_target(tg_model *m, size_t from, target t, const char *relation, const char *via)
{
    const tg_resource *src = &m->res[from];
    if (t.kind == T_NONE)
        return;
    if (t.kind == T_ACCOUNT) {
        int found = 0;
        for (size_t i = 0; i < m->nres; i++) {
            const tg_resource *acc = &m->res[i];
            if (i == from || !is_account(acc) || !tg_text_ieq(acc->name, t.name))
                continue;
            if ((has_symbol(t.name) || has_symbol(acc->name)) && acc->scope != src->scope)
                continue; /* the same text can mean different values in other scopes */
            add_link(m, from, i, relation, via, NULL);
            found = 1;
        }
        if (found || !has_symbol(t.name))
            return; /* a literal name of an account outside the input set */
        t.reason = tg_arena_printf(m->arena, "%s names the account %s, which matches no account in this file",
                                   via, t.name);
    }
    for (size_t i = 0; i < m->nres; i++)
        if (i != from && is_account(&m->res[i]) && m->res[i].file == src->file)
            add_link(m, from, i, relation, via, t.reason);
}

/* "Properties.privateLinkServiceConnections[2].properties.privateLinkServiceId" with the
 * member names as written. */
static void link_private_endpoint(tg_model *m, size_t from)
{
    tg_arena *a = m->arena;
    tg_value *body = m->res[from].body;
    long pi = tg_value_find(body, "properties");
    if (pi < 0)
        return;
    tg_value *props = body->u.coll.items[pi];
    static const char *const lists[] = {"privateLinkServiceConnections",
                                        "manualPrivateLinkServiceConnections"};
    for (size_t k = 0; k < 2; k++) {
        long li = tg_value_find(props, lists[k]);
        if (li < 0)
            continue;
        tg_value *list = props->u.coll.items[li];
        const char *base = tg_arena_printf(a, "%s.%s", body->u.coll.keys[pi], props->u.coll.keys[li]);
        if (list->kind == TG_V_UNKNOWN) {
            target t = resolve(a, list, tg_arena_printf(a, "the endpoint's %s", lists[k]));
            if (t.kind == T_NONE || t.kind == T_ACCOUNT) {
                t.kind = T_UNDECIDED;
                t.reason = tg_arena_printf(a, "the endpoint's %s %s", lists[k], list->u.reason);
            }
            link_target(m, from, t, "private-endpoint", base);
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
            const char *via = tg_arena_printf(a, "%s[%zu].%s.%s", base, i + 1, conn->u.coll.keys[cpi],
                                              cprops->u.coll.keys[ti]);
            target t = resolve(a, cprops->u.coll.items[ti], "the endpoint's privateLinkServiceId");
            link_target(m, from, t, "private-endpoint", via);
        }
    }
}

void tg_arm_link(tg_model *m)
{
    tg_arena *a = m->arena;
    for (size_t i = 0; i < m->nres; i++) {
        tg_resource *r = &m->res[i];
        if (r->flags & TG_RES_NOT_DEPLOYED)
            continue;
        if (tg_model_is_type(r, "Microsoft.Network/privateEndpoints")) {
            link_private_endpoint(m, i);
        } else if (tg_model_is_type(r, "Microsoft.Insights/diagnosticSettings")) {
            long si = tg_value_find(r->body, "scope");
            if (si >= 0)
                link_target(m, i, resolve(a, r->body->u.coll.items[si], "the setting's scope"),
                            "diagnostic-setting", r->body->u.coll.keys[si]);
        } else if (tg_text_istarts(r->type, ACCOUNT_TYPE "/")) {
            /* children and legacy providers/diagnosticSettings: the name's first segment
             * is the account */
            const char *slash = strchr(r->name, '/');
            if (!slash)
                continue;
            target t = {T_ACCOUNT, tg_arena_strndup(a, r->name, (size_t)(slash - r->name)), NULL};
            const char *relation =
                tg_text_iends(r->type, "/providers/diagnosticSettings") ? "diagnostic-setting" : "child";
            long ni = tg_value_find(r->body, "name");
            link_target(m, i, t, relation, ni >= 0 ? r->body->u.coll.keys[ni] : "name");
        }
    }
}
