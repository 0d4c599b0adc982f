/* arm.c — walks an ARM template's resources (array or symbolic-name object), expands
 * inline children and inline nested templates into full types and names, and adds
 * each deployed resource to the model. Expressions are not evaluated here: they become
 * unknown values that keep their text. */
#include "arm.h"
#include "armsym.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

typedef struct loader {
    tg_model *m;
    size_t file;
    int scope;
} loader;

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

/* Converts every expression string below v. */
static void unexpr(tg_arena *a, tg_value *v)
{
    if (!v)
        return;
    switch (v->kind) {
    case TG_V_STRING:
        unexpr_string(a, v);
        break;
    case TG_V_ARRAY:
    case TG_V_OBJECT:
        for (size_t i = 0; i < v->u.coll.n; i++)
            unexpr(a, v->u.coll.items[i]);
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
    if (!r || r->kind != TG_V_OBJECT)
        return;
    int lit_type, lit_name;
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

    const char *note = NULL;
    tg_value *cond = tg_value_get(r, "condition");
    if (cond && cond->kind == TG_V_BOOL && !cond->u.boolean)
        return; /* not deployed: neither checked nor linked, nor are its children */
    if (cond && cond->kind == TG_V_UNKNOWN)
        note = tg_arena_printf(a, "it is deployed only when its condition [%s] is true",
                               cond->expr ? cond->expr : "?");
    tg_value *copy = tg_value_get(r, "copy");
    if (copy && copy->kind == TG_V_OBJECT) {
        int lit;
        const char *loop = member_text(a, copy, "name", &lit);
        const char *cn = tg_arena_printf(a,
                                         "it stands for every copy of loop '%s' (copy loops "
                                         "are expanded in a later version)",
                                         loop ? loop : "?");
        note = note ? tg_arena_printf(a, "%s; %s", note, cn) : cn;
    }

    tg_resource *res = tg_model_add_resource(L->m);
    res->type = full_type;
    res->name = full_name;
    res->address = id_path(a, full_type, full_name);
    res->body = r;
    res->file = (int)L->file;
    res->line = r->line;
    res->col = r->col;
    res->pointer = ptr;
    res->note = note;
    res->scope = L->scope;
    tg_value *existing = tg_value_get(r, "existing");
    if (existing && existing->kind == TG_V_BOOL && existing->u.boolean)
        res->flags |= TG_RES_EXISTING;
    L->m->files[L->file].resources++;

    int deployment = tg_text_ieq(full_type, "Microsoft.Resources/deployments");
    long ci = tg_value_find(r, "resources");
    tg_value *props = tg_value_get(r, "properties");
    if (ci >= 0)
        load_list(L, r->u.coll.items[ci], ptr_join(a, ptr, r->u.coll.keys[ci]), full_type,
                  full_name);
    if (deployment && props && props->kind == TG_V_OBJECT) {
        long ti = tg_value_find(props, "template");
        if (ti >= 0 && props->u.coll.items[ti]->kind == TG_V_OBJECT) {
            tg_value *tmpl = props->u.coll.items[ti];
            long ri = tg_value_find(tmpl, "resources");
            if (ri >= 0) {
                int outer = L->scope;
                L->scope = ++L->m->nscopes;
                const char *tp = ptr_join(a, ptr_join(a, ptr, "properties"), props->u.coll.keys[ti]);
                load_list(L, tmpl->u.coll.items[ri], ptr_join(a, tp, tmpl->u.coll.keys[ri]), NULL,
                          NULL);
                L->scope = outer;
            }
        }
    }
}

static void load_list(loader *L, tg_value *list, const char *ptr, const char *ptype,
                      const char *pname)
{
    if (!list)
        return;
    tg_arena *a = L->m->arena;
    if (list->kind == TG_V_ARRAY) {
        for (size_t i = 0; i < list->u.coll.n; i++) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            load_one(L, list->u.coll.items[i], ptr_join(a, ptr, idx), ptype, pname);
        }
    } else if (list->kind == TG_V_OBJECT) { /* languageVersion 2.0: keyed by symbolic name */
        for (size_t i = 0; i < list->u.coll.n; i++)
            load_one(L, list->u.coll.items[i], ptr_join(a, ptr, list->u.coll.keys[i]), ptype, pname);
    }
}

int tg_arm_load(tg_model *m, size_t file, tg_value *root, tg_error *err)
{
    (void)err;
    loader L = {m, file, ++m->nscopes};
    unexpr(m->arena, root);
    long ri = tg_value_find(root, "resources");
    if (ri < 0)
        return TG_OK;
    load_list(&L, root->u.coll.items[ri], ptr_join(m->arena, "", root->u.coll.keys[ri]), NULL, NULL);
    return TG_OK;
}
