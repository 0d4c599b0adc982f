/* arm.c — walks an ARM template's resources (array or symbolic-name object), expands
 * inline children and inline nested templates into full types and names, and adds
 * each deployed resource to the model. Expressions are not evaluated here: they become
 * unknown values that keep their text. */
#include "arm.h"
#include "armsym.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

#define ACCOUNT_TYPE "Microsoft.CognitiveServices/accounts"

typedef struct loader {
    tg_model *m;
    size_t file;
    int scope;
    const char *subscription, *resource_group;           /* where the current scope deploys to */
    const char *expr_subscription, *expr_resource_group; /* what its expressions mean by them */
    tg_error *err; /* the first part of the template that could not be read */
    int failed;
} loader;

/* A list of resources (or one resource) that is itself unknown, e.g. written twice with
 * different values: what it would deploy cannot be known, so the file is in error
 * rather than quietly holding fewer resources. */
static void unreadable(loader *L, const tg_value *v, const char *what)
{
    if (L->failed)
        return;
    L->failed = 1;
    tg_error_set(L->err, L->m->files[L->file].path, v->kline ? v->kline : v->line,
                 v->kline ? v->kcol : v->col, "%s %s, so what it deploys cannot be checked", what,
                 v->u.reason);
}

static const char *ptr_join(tg_arena *a, const char *base, const char *key)
{
    tg_sb b = {0};
    tg_sb_adds(&b, base);
    tg_sb_addc(&b, '/');
    for (const char *p = key; *p; p++) {
        if (*p == '~')
            tg_sb_adds(&b, "~0");
        else if (*p == '/')
            tg_sb_adds(&b, "~1");
        else
            tg_sb_addc(&b, *p);
    }
    const char *r = tg_arena_strdup(a, b.s);
    tg_sb_free(&b);
    return r;
}

/* A string value as Resource Manager reads it: "[[x" is the literal "[x"; "[expr]" is an
 * expression, turned into an unknown that keeps its text. */
static void unexpr_string(tg_arena *a, tg_value *v)
{
    const char *s = v->u.str.s;
    size_t n = v->u.str.len;
    if (n >= 2 && s[0] == '[' && s[1] == '[') {
        v->u.str.s = s + 1;
        v->u.str.len = n - 1;
        return;
    }
    if (!tg_armsym_is_expr(s, n))
        return;
    const char *text = tg_arena_strndup(a, s + 1, n - 2);
    v->kind = TG_V_UNKNOWN;
    v->expr = text;
    if (n > 160)
        v->u.reason = tg_arena_printf(a,
                                      "comes from the expression [%.140s...], which this "
                                      "version of transguard does not evaluate",
                                      text);
    else
        v->u.reason = tg_arena_printf(a,
                                      "comes from the expression [%s], which this version of "
                                      "transguard does not evaluate",
                                      text);
}

static int has_unknown(const tg_value *v)
{
    if (v->kind == TG_V_UNKNOWN)
        return 1;
    if (v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT)
        for (size_t i = 0; i < v->u.coll.n; i++)
            if (has_unknown(v->u.coll.items[i]))
                return 1;
    return 0;
}

#define MAX_LITERAL_COPIES 800 /* Resource Manager's own limit on a copy count */

/* A property copy loop ("copy": [{"name": "ipRules", "count": N, "input": {...}}]) builds
 * the member it names. Without an evaluator, a loop is read only when its count and input
 * are literal; otherwise the member it builds is unknown — never absent, which would make
 * a loop of firewall rules look like no rules at all. */
static void expand_property_copy(tg_arena *a, tg_value *obj)
{
    long ci = tg_value_find(obj, "copy");
    if (ci < 0 || obj->u.coll.items[ci]->kind != TG_V_ARRAY)
        return;
    tg_value *loops = obj->u.coll.items[ci];
    /* drop the copy member itself: what it builds takes its place */
    for (size_t i = (size_t)ci; i + 1 < obj->u.coll.n; i++) {
        obj->u.coll.keys[i] = obj->u.coll.keys[i + 1];
        obj->u.coll.items[i] = obj->u.coll.items[i + 1];
    }
    obj->u.coll.n--;
    for (size_t k = 0; k < loops->u.coll.n; k++) {
        tg_value *loop = loops->u.coll.items[k];
        tg_value *name = tg_value_get(loop, "name");
        if (!name || name->kind != TG_V_STRING)
            continue;
        tg_value *count = tg_value_get(loop, "count");
        tg_value *input = tg_value_get(loop, "input");
        tg_value *built;
        if (count && count->kind == TG_V_NUMBER && count->u.number >= 0 &&
            count->u.number <= MAX_LITERAL_COPIES &&
            count->u.number == (double)(long)count->u.number &&
            (count->u.number == 0 || (input && !has_unknown(input)))) {
            built = tg_value_new(a, TG_V_ARRAY);
            for (long n = 0; n < (long)count->u.number; n++)
                tg_value_append(a, built, input); /* shared: values are read-only from here on */
        } else {
            const char *why = !count ? "has no count"
                              : count->kind == TG_V_UNKNOWN
                                  ? tg_arena_printf(a, "has a count that %s", count->u.reason)
                              : count->kind != TG_V_NUMBER ? "has a count that is not a number"
                              : !input                     ? "has no input"
                                                           : "builds each element with expressions";
            built = tg_value_unknownf(a,
                                      "is built by the property copy loop '%s', which %s "
                                      "(copy loops are expanded in a later version)",
                                      name->u.str.s, why);
        }
        built->line = loop->line;
        built->col = loop->col;
        built->kline = name->kline;
        built->kcol = name->kcol;
        long existing = tg_value_find(obj, name->u.str.s);
        if (existing >= 0)
            obj->u.coll.items[existing] = built;
        else
            tg_value_set(a, obj, name->u.str.s, built);
    }
}

/* Converts every expression string below v, and reads property copy loops. */
static void unexpr(tg_arena *a, tg_value *v, int in_resource)
{
    if (!v)
        return;
    switch (v->kind) {
    case TG_V_STRING:
        unexpr_string(a, v);
        break;
    case TG_V_ARRAY:
        for (size_t i = 0; i < v->u.coll.n; i++)
            unexpr(a, v->u.coll.items[i], in_resource);
        break;
    case TG_V_OBJECT:
        for (size_t i = 0; i < v->u.coll.n; i++) {
            /* inside a resource's properties, "copy" arrays are property loops; elsewhere
             * (variables, resource-level copy objects) they are not expanded here */
            int props = in_resource || tg_text_ieq(v->u.coll.keys[i], "properties");
            unexpr(a, v->u.coll.items[i], props);
        }
        if (in_resource)
            expand_property_copy(a, v);
        break;
    default:
        break;
    }
}

/* The text of a string-valued member: literal as written, or the symbolic reading of
 * an expression (already turned into an unknown by unexpr). NULL when absent or when
 * it is neither. */
static const char *member_text(tg_arena *a, const tg_value *obj, const char *key, int *literal)
{
    const tg_value *v = tg_value_get(obj, key);
    *literal = 1;
    if (v && v->kind == TG_V_STRING)
        return v->u.str.s;
    if (v && v->kind == TG_V_UNKNOWN && v->expr)
        return tg_armsym_render(a, v->expr, literal);
    return NULL;
}

/* Splits on '/' outside {symbolic parts}; returns the count, fills at most max. */
static size_t split_segments(const char *s, const char **starts, size_t *lens, size_t max)
{
    size_t count = 0, depth = 0;
    const char *seg = s;
    for (const char *p = s;; p++) {
        if (*p == '{')
            depth++;
        else if (*p == '}' && depth)
            depth--;
        if ((*p == '/' && depth == 0) || *p == '\0') {
            if (count < max) {
                starts[count] = seg;
                lens[count] = (size_t)(p - seg);
            }
            count++;
            if (!*p)
                break;
            seg = p + 1;
        }
    }
    return count;
}

/* "Microsoft.X/a/b" + "n1/n2" → "Microsoft.X/a/n1/b/n2"; type/name when they do not pair. */
static const char *id_path(tg_arena *a, const char *type, const char *name)
{
    const char *ts[32], *ns[32];
    size_t tl[32], nl[32];
    size_t nt = split_segments(type, ts, tl, 32), nn = split_segments(name, ns, nl, 32);
    if (nt < 2 || nt > 32 || nn != nt - 1)
        return tg_arena_printf(a, "%s/%s", type, name);
    tg_sb b = {0};
    tg_sb_add(&b, ts[0], tl[0]);
    for (size_t i = 1; i < nt; i++) {
        tg_sb_addc(&b, '/');
        tg_sb_add(&b, ts[i], tl[i]);
        tg_sb_addc(&b, '/');
        tg_sb_add(&b, ns[i - 1], nl[i - 1]);
    }
    const char *r = tg_arena_strdup(a, b.s);
    tg_sb_free(&b);
    return r;
}

static void load_list(loader *L, tg_value *list, const char *ptr, const char *ptype,
                      const char *pname);

static void load_one(loader *L, tg_value *r, const char *ptr, const char *ptype, const char *pname)
{
    tg_arena *a = L->m->arena;
    if (r && r->kind == TG_V_UNKNOWN)
        unreadable(L, r, "a resource");
    if (!r || r->kind != TG_V_OBJECT)
        return;
    int lit_type, lit_name;
    tg_value *tv = tg_value_get(r, "type");
    if (tv && tv->kind == TG_V_UNKNOWN) {
        /* written twice, or as an expression (Resource Manager wants it literal) */
        unreadable(L, tv, "the resource type");
        return;
    }
    const char *type = member_text(a, r, "type", &lit_type);
    const char *name = member_text(a, r, "name", &lit_name);
    if (!type)
        return; /* not a resource Resource Manager would deploy */
    if (!name)
        name = "{no name}";

    const char *full_type = type;
    const char *full_name = name;
    if (ptype) {
        const char *slash = strchr(type, '/');
        int qualified = slash && memchr(type, '.', (size_t)(slash - type)) != NULL;
        if (!qualified)
            full_type = tg_arena_printf(a, "%s/%s", ptype, type);
        const char *s[32];
        size_t l[32];
        size_t nt = split_segments(full_type, s, l, 32);
        size_t nn = split_segments(name, s, l, 32);
        if (nn + 1 < nt)
            full_name = tg_arena_printf(a, "%s/%s", pname, name);
    }

    const char *address = id_path(a, full_type, full_name);
    int account = tg_text_ieq(full_type, ACCOUNT_TYPE);
    const char *note = NULL;
    unsigned flags = 0;
    tg_value *cond = tg_value_get(r, "condition");
    if (cond && cond->kind == TG_V_BOOL && !cond->u.boolean) {
        if (account) /* not deployed: neither checked nor linked, nor are its children */
            tg_model_add_unchecked(L->m, (int)L->file, address,
                                   "its condition is false, so it is not deployed", r->line,
                                   r->col);
        return;
    }
    if (cond && cond->kind == TG_V_UNKNOWN) {
        note = cond->expr
                   ? tg_arena_printf(a, "it is deployed only when its condition [%s] is true",
                                     cond->expr)
                   : tg_arena_printf(
                         a, "it is deployed only when its condition is true, and the condition %s",
                         cond->u.reason);
        flags |= TG_RES_MAYBE;
    } else if (cond && cond->kind != TG_V_BOOL) {
        note = "it is deployed only when its condition is true, and the condition is not a boolean";
        flags |= TG_RES_MAYBE;
    }
    tg_value *copy = tg_value_get(r, "copy");
    if (copy && copy->kind == TG_V_OBJECT) {
        int lit;
        const char *loop = member_text(a, copy, "name", &lit);
        tg_value *count = tg_value_get(copy, "count");
        const char *cn;
        if (count && count->kind == TG_V_NUMBER && count->u.number < 1) {
            if (account)
                tg_model_add_unchecked(L->m, (int)L->file, address,
                                       "its copy loop count is 0, so it is not deployed", r->line,
                                       r->col);
            return;
        }
        if (count && count->kind == TG_V_NUMBER) {
            cn = tg_arena_printf(a,
                                 "it stands for every copy of loop '%s' (copy loops are expanded "
                                 "in a later version)",
                                 loop ? loop : "?");
        } else {
            cn = tg_arena_printf(a,
                                 "it is deployed only if the count of its copy loop '%s' is at "
                                 "least 1, and that count %s",
                                 loop ? loop : "?",
                                 count && count->kind == TG_V_UNKNOWN ? count->u.reason
                                                                      : "is not a number");
            flags |= TG_RES_MAYBE;
        }
        note = note ? tg_arena_printf(a, "%s; %s", note, cn) : cn;
    }

    tg_resource *res = tg_model_add_resource(L->m);
    res->type = full_type;
    res->name = full_name;
    res->address = address;
    res->flags = flags;
    res->subscription = L->subscription;
    res->resource_group = L->resource_group;
    res->expr_subscription = L->expr_subscription;
    res->expr_resource_group = L->expr_resource_group;
    res->body = r;
    res->file = (int)L->file;
    res->line = r->line;
    res->col = r->col;
    res->pointer = ptr;
    res->note = note;
    res->scope = L->scope;
    tg_value *existing = tg_value_get(r, "existing");
    if (existing && existing->kind == TG_V_BOOL && existing->u.boolean) {
        res->flags |= TG_RES_EXISTING;
        if (account)
            tg_model_add_unchecked(
                L->m, (int)L->file, address,
                "it is declared existing: it is deployed elsewhere, not by this template", r->line,
                r->col);
    }
    L->m->files[L->file].resources++;

    int deployment = tg_text_ieq(full_type, "Microsoft.Resources/deployments");
    long ci = tg_value_find(r, "resources");
    tg_value *props = tg_value_get(r, "properties");
    if (ci >= 0)
        load_list(L, r->u.coll.items[ci], ptr_join(a, ptr, r->u.coll.keys[ci]), full_type,
                  full_name);
    if (deployment && props && props->kind == TG_V_OBJECT) {
        long ti = tg_value_find(props, "template");
        if (ti >= 0 && props->u.coll.items[ti]->kind == TG_V_UNKNOWN)
            unreadable(L, props->u.coll.items[ti], "the nested template");
        if (ti >= 0 && props->u.coll.items[ti]->kind == TG_V_OBJECT) {
            tg_value *tmpl = props->u.coll.items[ti];
            long ri = tg_value_find(tmpl, "resources");
            if (ri >= 0) {
                /* A nested deployment may target another resource group or subscription.
                 * With the inner scope its expressions are its own (new names, and
                 * resourceGroup() is its target); with the outer scope, the default, they
                 * are evaluated in the parent's context. */
                loader inner = *L;
                int lit;
                const char *rg = member_text(a, r, "resourceGroup", &lit);
                const char *sub = member_text(a, r, "subscriptionId", &lit);
                if (rg)
                    inner.resource_group = rg;
                if (sub)
                    inner.subscription = sub;
                const tg_value *mode =
                    tg_value_get(tg_value_get(props, "expressionEvaluationOptions"), "scope");
                if (tg_value_is_istr(mode, "inner")) {
                    inner.scope = ++L->m->nscopes;
                    inner.expr_resource_group = inner.resource_group;
                    inner.expr_subscription = inner.subscription;
                }
                const char *tp =
                    ptr_join(a, ptr_join(a, ptr, "properties"), props->u.coll.keys[ti]);
                load_list(&inner, tmpl->u.coll.items[ri], ptr_join(a, tp, tmpl->u.coll.keys[ri]),
                          NULL, NULL);
                if (inner.failed && !L->failed)
                    L->failed = 1; /* inner shares L's tg_error, already filled in */
            }
        }
    }
}

static void load_list(loader *L, tg_value *list, const char *ptr, const char *ptype,
                      const char *pname)
{
    if (!list)
        return;
    if (list->kind == TG_V_UNKNOWN)
        unreadable(L, list, "the resources list");
    tg_arena *a = L->m->arena;
    if (list->kind == TG_V_ARRAY) {
        for (size_t i = 0; i < list->u.coll.n; i++) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            load_one(L, list->u.coll.items[i], ptr_join(a, ptr, idx), ptype, pname);
        }
    } else if (list->kind == TG_V_OBJECT) { /* languageVersion 2.0: keyed by symbolic name */
        for (size_t i = 0; i < list->u.coll.n; i++)
            load_one(L, list->u.coll.items[i], ptr_join(a, ptr, list->u.coll.keys[i]), ptype,
                     pname);
    }
}

int tg_arm_load(tg_model *m, size_t file, tg_value *root, tg_error *err)
{
    loader L = {m,
                file,
                ++m->nscopes,
                TG_ARMSYM_SUBSCRIPTION,
                TG_ARMSYM_RESOURCE_GROUP,
                TG_ARMSYM_SUBSCRIPTION,
                TG_ARMSYM_RESOURCE_GROUP,
                err,
                0};
    unexpr(m->arena, root, 0);
    long ri = tg_value_find(root, "resources");
    if (ri < 0)
        return TG_OK;
    load_list(&L, root->u.coll.items[ri], ptr_join(m->arena, "", root->u.coll.keys[ri]), NULL,
              NULL);
    return L.failed ? TG_ERR : TG_OK;
}
