/* arm.c — expands an ARM template the way Resource Manager deploys it: resources from the
 * classic array or the languageVersion 2.0 object, copy loops (one resource per instance),
 * conditions, child resources declared inline (full types and names), inline nested
 * deployments with inner or outer scope, `existing` declarations — every value evaluated
 * through the template's scope (armscope.c), and each deployed resource added to the model.
 * Values keep the line and column where they are written, also inside loops and nested
 * templates. */
#include "arm.h"
#include "armscope.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

#define ACCOUNT_TYPE "Microsoft.CognitiveServices/accounts"
#define MAX_COPY 800            /* Resource Manager's own limit on a copy count */
#define MAX_INSTANCES 100000    /* resources one file may expand to */
#define MAX_DEPLOYMENT_DEPTH 32 /* nested deployments inside nested deployments */

typedef struct walker {
    tg_model *m;
    size_t file;
    size_t instances;
    tg_error *err;
    int failed;
} walker;

/* Where the resources being walked deploy to (readable forms). */
typedef struct target {
    const char *subscription, *resource_group;
} target;

static void fail_at(walker *w, int line, int col, const char *fmt, const char *a1, const char *a2)
{
    if (w->failed)
        return;
    w->failed = 1;
    char msg[900];
    snprintf(msg, sizeof msg, fmt, a1 ? a1 : "", a2 ? a2 : "");
    tg_error_set(w->err, w->m->files[w->file].path, line, col, "%s", msg);
}

/* A list of resources (or one resource) that is itself unknown, e.g. written twice with
 * different values: what it would deploy cannot be known, so the file is in error rather
 * than quietly holding fewer resources. */
static void unreadable(walker *w, const tg_value *v, const char *what)
{
    fail_at(w, v->kline ? v->kline : v->line, v->kline ? v->kcol : v->col,
            "%s %s, so what it deploys cannot be checked", what, v->u.reason);
}

static const char *readable(const tg_value *v)
{
    if (!v)
        return NULL;
    if (v->kind == TG_V_STRING)
        return v->u.str.s;
    if (v->kind == TG_V_UNKNOWN)
        return v->expr ? v->expr : "{?}";
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

static void walk_list(walker *w, tg_armscope *s, target t, tg_value *list, const char *ptr,
                      const char *ptype, const char *pname, const tg_armloop *loops, int depth);

static void nested_template(walker *w, tg_armscope *s, target t, tg_value *decl, tg_value *props,
                            const char *ptr, const char *address, const tg_armloop *loops,
                            int depth)
{
    long ti = tg_value_find(props, "template");
    if (ti < 0) {
        tg_model_add_unchecked(
            w->m, (int)w->file, address,
            tg_value_get(props, "templateLink")
                ? "its template is linked (templateLink), which transguard does not fetch: "
                  "the resources it deploys are not checked"
                : "it has neither a template nor a templateLink: nothing it deploys is checked",
            decl->line, decl->col);
        return;
    }
    tg_value *tmpl = props->u.coll.items[ti];
    if (tmpl->kind == TG_V_UNKNOWN) {
        unreadable(w, tmpl, "the nested template");
        return;
    }
    if (tmpl->kind == TG_V_STRING) {
        tg_model_add_unchecked(
            w->m, (int)w->file, address,
            "its template is given by an expression, which transguard does not expand: "
            "the resources it deploys are not checked",
            decl->line, decl->col);
        return;
    }
    if (tmpl->kind != TG_V_OBJECT)
        return;
    if (depth >= MAX_DEPLOYMENT_DEPTH) {
        fail_at(w, decl->line, decl->col, "nested deployments are deeper than %s levels%s", "32",
                "");
        return;
    }
    tg_armdeployment *d = tg_armscope_find_deployment(s, decl);
    const tg_value *mode =
        tg_value_get(tg_value_get(props, "expressionEvaluationOptions"), "scope");
    int inner = mode && mode->kind == TG_V_STRING && tg_text_ieq(mode->u.str.s, "inner");
    tg_armscope *scope = s;
    target nt = t;
    if (inner) {
        tg_armdeployment local = {0};
        if (!d) {
            local.decl = decl;
            d = &local;
        }
        scope = tg_armscope_inner(s, d, loops);
        nt.subscription = scope->subscription;
        nt.resource_group = scope->resource_group;
        loops = NULL; /* the inner template has its own expressions: no outer loop is visible */
    } else {
        /* outer scope: the parent's expressions, but the deployment's own target */
        tg_value *rg = tg_value_get(decl, "resourceGroup"),
                 *sub = tg_value_get(decl, "subscriptionId");
        if (rg)
            nt.resource_group = readable(tg_armscope_eval(s, loops, rg, 0, NULL));
        if (sub)
            nt.subscription = readable(tg_armscope_eval(s, loops, sub, 0, NULL));
    }
    long ri = tg_value_find(tmpl, "resources");
    if (ri < 0)
        return;
    tg_armscope_index_deployments(scope, tmpl->u.coll.items[ri]);
    const char *tp = tg_model_pointer_join(w->m, tg_model_pointer_join(w->m, ptr, "properties"),
                                           props->u.coll.keys[ti]);
    walk_list(w, scope, nt, tmpl->u.coll.items[ri],
              tg_model_pointer_join(w->m, tp, tmpl->u.coll.keys[ri]), NULL, NULL, loops, depth + 1);
}

static void instance(walker *w, tg_armscope *s, target t, tg_value *decl, const char *ptr,
                     const char *type, const char *ptype, const char *pname,
                     const tg_armloop *loops, const char *loop_note, int depth)
{
    tg_model *m = w->m;
    tg_arena *a = m->arena;
    if (++w->instances > MAX_INSTANCES) {
        fail_at(w, decl->line, decl->col, "the template expands to more than %s resources%s",
                "100000", "");
        return;
    }
    /* the condition first: Resource Manager evaluates nothing else of a resource whose
     * condition is false (its name may well fail then, e.g. split() of a null) */
    const char *note = loop_note;
    unsigned flags = loop_note && strstr(loop_note, "only if") ? TG_RES_MAYBE : 0;
    tg_value *cond_v = tg_value_get(decl, "condition");
    tg_value *cond = cond_v ? tg_armscope_eval(s, loops, cond_v, 0, NULL) : NULL;
    int off = cond && cond->kind == TG_V_BOOL && !cond->u.boolean;
    tg_error saved_err = *w->err;
    int saved_failed = w->failed;
    tg_value *name_v = tg_value_get(decl, "name");
    tg_value *name_e = name_v ? tg_armscope_eval(s, loops, name_v, 0, NULL) : NULL;
    const char *name = readable(name_e);
    if (!name)
        name = "{no name}";

    const char *full_type = type, *full_name = name;
    if (ptype) {
        const char *slash = strchr(type, '/');
        int qualified = slash && memchr(type, '.', (size_t)(slash - type)) != NULL;
        if (!qualified)
            full_type = tg_arena_printf(a, "%s/%s", ptype, type);
        const char *st[32];
        size_t l[32];
        size_t ntype = split_segments(full_type, st, l, 32),
               nname = split_segments(name, st, l, 32);
        if (nname + 1 < ntype)
            full_name = tg_arena_printf(a, "%s/%s", pname, name);
    }
    const char *address = id_path(a, full_type, full_name);
    int account = tg_text_ieq(full_type, ACCOUNT_TYPE);

    if (off) {
        /* the name was read only to say what is not deployed: its errors do not count */
        *w->err = saved_err;
        w->failed = saved_failed;
        if (account || tg_text_ieq(full_type, "Microsoft.Resources/deployments"))
            tg_model_add_unchecked(m, (int)w->file, address,
                                   "its condition is false, so it is not deployed", decl->line,
                                   decl->col);
        return;
    }
    if (cond && cond->kind != TG_V_BOOL) {
        const char *cn =
            cond->kind == TG_V_UNKNOWN
                ? tg_arena_printf(
                      a, "it is deployed only if its condition is true, and the condition %s",
                      cond->u.reason)
                : "it is deployed only if its condition is true, and the condition is not a "
                  "boolean";
        note = note ? tg_arena_printf(a, "%s; %s", note, cn) : cn;
        flags |= TG_RES_MAYBE;
    }

    int deployment = tg_text_ieq(full_type, "Microsoft.Resources/deployments");
    static const char *const skip_resource[] = {"resources", "copy", "condition", NULL};
    static const char *const skip_deployment[] = {"resources", "copy", "condition", "properties",
                                                  NULL};
    static const char *const skip_template[] = {"template", NULL};
    tg_value *body =
        tg_armscope_eval(s, loops, decl, 0, deployment ? skip_deployment : skip_resource);
    tg_value *props = tg_value_get(decl, "properties");
    if (deployment && props) {
        tg_value *pe = props->kind == TG_V_OBJECT
                           ? tg_armscope_eval(s, loops, props, 1, skip_template)
                           : tg_armscope_eval(s, loops, props, 1, NULL);
        tg_value_set(a, body,
                     tg_value_find(decl, "properties") >= 0
                         ? decl->u.coll.keys[tg_value_find(decl, "properties")]
                         : "properties",
                     pe);
    }

    tg_resource *res = tg_model_add_resource(m);
    res->type = full_type;
    res->name = full_name;
    res->address = address;
    res->body = body;
    res->file = (int)w->file;
    res->line = decl->line;
    res->col = decl->col;
    res->pointer = ptr;
    res->note = note;
    res->flags = flags;
    res->scope = s->id;
    res->subscription = t.subscription;
    res->resource_group = t.resource_group;
    tg_value *existing = tg_value_get(body, "existing");
    if (existing && existing->kind == TG_V_BOOL && existing->u.boolean) {
        res->flags |= TG_RES_EXISTING;
        if (account)
            tg_model_add_unchecked(
                m, (int)w->file, address,
                "it is declared existing: it is deployed elsewhere, not by this template",
                decl->line, decl->col);
        return; /* nothing below an existing declaration is deployed by this template */
    }
    m->files[w->file].resources++;

    long ci = tg_value_find(decl, "resources");
    if (ci >= 0)
        walk_list(w, s, t, decl->u.coll.items[ci],
                  tg_model_pointer_join(w->m, ptr, decl->u.coll.keys[ci]), full_type, full_name,
                  loops, depth);
    if (deployment && props && props->kind == TG_V_OBJECT)
        nested_template(w, s, t, decl, props, ptr, address, loops, depth);
}

static void walk_decl(walker *w, tg_armscope *s, target t, tg_value *decl, const char *ptr,
                      const char *ptype, const char *pname, const tg_armloop *loops, int depth)
{
    tg_arena *a = w->m->arena;
    if (decl && decl->kind == TG_V_UNKNOWN)
        unreadable(w, decl, "a resource");
    if (!decl || decl->kind != TG_V_OBJECT)
        return;
    tg_value *tv = tg_value_get(decl, "type");
    if (tv && tv->kind == TG_V_UNKNOWN) {
        unreadable(w, tv, "the resource type");
        return;
    }
    if (!tv || tv->kind != TG_V_STRING)
        return; /* not a resource Resource Manager would deploy */
    if (tv->u.str.len && tv->u.str.s[0] == '[') {
        fail_at(
            w, tv->line, tv->col,
            "the resource type %s is an expression; Resource Manager needs it written literally%s",
            tv->u.str.s, "");
        return;
    }
    const char *type = tv->u.str.s;
    tg_value *copy = tg_value_get(decl, "copy");
    if (!copy || copy->kind != TG_V_OBJECT) {
        instance(w, s, t, decl, ptr, type, ptype, pname, loops, NULL, depth);
        return;
    }
    tg_value *loop_name = tg_armscope_eval(
        s, loops, tg_value_get(copy, "name") ? tg_value_get(copy, "name") : copy, 0, NULL);
    const char *lname = loop_name && loop_name->kind == TG_V_STRING ? loop_name->u.str.s : NULL;
    tg_value *count_v = tg_value_get(copy, "count");
    tg_value *count = count_v ? tg_armscope_eval(s, loops, count_v, 0, NULL) : NULL;
    if (count && count->kind == TG_V_NUMBER && count->u.number >= 0 &&
        count->u.number <= MAX_COPY && count->u.number == (double)(long)count->u.number) {
        long n = (long)count->u.number;
        if (n == 0 && tg_text_ieq(type, ACCOUNT_TYPE))
            tg_model_add_unchecked(
                w->m, (int)w->file,
                tg_arena_printf(a, "%s (copy loop '%s')", type, lname ? lname : "?"),
                "its copy loop count is 0, so it is not deployed", decl->line, decl->col);
        for (long i = 0; i < n; i++) {
            tg_armloop l = {lname, i, loops};
            instance(w, s, t, decl, ptr, type, ptype, pname, &l, NULL, depth);
        }
        return;
    }
    if (count && count->kind != TG_V_UNKNOWN) {
        char num[64];
        snprintf(num, sizeof num, "%g", count->kind == TG_V_NUMBER ? count->u.number : 0.0);
        fail_at(w, count_v->line, count_v->col,
                "copy loop '%s' has count %s: Resource Manager allows whole numbers from 0 to 800",
                lname ? lname : "?", count->kind == TG_V_NUMBER ? num : "that is not a number");
        return;
    }
    /* the count is unknown: one instance stands for all, deployed only if there are any */
    tg_armloop l = {lname, -1, loops};
    const char *note =
        tg_arena_printf(a,
                        "it stands for every copy of loop '%s' and is deployed only if that loop's "
                        "count, which %s, is at least 1",
                        lname ? lname : "?", count ? count->u.reason : "is missing");
    instance(w, s, t, decl, ptr, type, ptype, pname, &l, note, depth);
}

static void walk_list(walker *w, tg_armscope *s, target t, tg_value *list, const char *ptr,
                      const char *ptype, const char *pname, const tg_armloop *loops, int depth)
{
    if (!list)
        return;
    if (list->kind == TG_V_UNKNOWN)
        unreadable(w, list, "the resources list");
    if (list->kind == TG_V_ARRAY) {
        for (size_t i = 0; i < list->u.coll.n; i++) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            walk_decl(w, s, t, list->u.coll.items[i], tg_model_pointer_join(w->m, ptr, idx), ptype,
                      pname, loops, depth);
        }
    } else if (list->kind == TG_V_OBJECT) { /* languageVersion 2.0: keyed by symbolic name */
        for (size_t i = 0; i < list->u.coll.n; i++)
            walk_decl(w, s, t, list->u.coll.items[i],
                      tg_model_pointer_join(w->m, ptr, list->u.coll.keys[i]), ptype, pname, loops,
                      depth);
    }
}

int tg_arm_load(tg_model *m, size_t file, const tg_value *root, const tg_arm_inputs *in,
                tg_error *err)
{
    walker w = {m, file, 0, err, 0};
    tg_armcontext ctx = {in ? in->subscription : NULL, in ? in->resource_group : NULL,
                         in ? in->location : NULL};
    tg_armscope *s =
        tg_armscope_top(m, file, root, in ? in->params : NULL, in ? in->params_path : NULL,
                        in ? in->params_unreadable : 0, &ctx, err, &w.failed);
    long ri = tg_value_find(root, "resources");
    if (ri < 0)
        return TG_OK;
    tg_value *list = root->u.coll.items[ri];
    tg_armscope_index_deployments(s, list);
    target t = {s->subscription, s->resource_group};
    walk_list(&w, s, t, list, tg_model_pointer_join(m, "", root->u.coll.keys[ri]), NULL, NULL, NULL,
              0);
    return w.failed ? TG_ERR : TG_OK;
}
