/* armscope.c — a template's evaluation context (see armscope.h). */
#include "armscope.h"
#include "text.h"

#include <string.h>

#define MAX_DEPLOYMENT_DEPTH 32 /* nested deployments inside nested deployments */
#define MAX_COPY 800            /* Resource Manager's own limit on a copy count */

typedef struct frame {
    tg_armscope *s;
    const tg_armloop *loops;
    int unknown_index;         /* copyIndex() met a loop whose count is unknown */
    const char *param_default; /* evaluating this parameter's default (no variables()) */
} frame;

static tg_value *eval_string(frame *f, tg_value *v);

/* ---- declarations ------------------------------------------------------------------ */

static void check_declared(tg_armscope *s, tg_armscope *report_in, const char *file,
                           const tg_value *given, const char *who);

static const tg_value *section(const tg_value *tmpl, const char *name)
{
    const tg_value *v = tg_value_get(tmpl, name);
    return v && v->kind == TG_V_OBJECT ? v : NULL;
}

/* ---- context objects ---------------------------------------------------------------- */

static tg_value *unknown_named(tg_arena *a, const char *expr, const char *what)
{
    tg_value *u = tg_value_unknownf(
        a, "comes from %s, which is only known at deployment (give it with --%s)", expr, what);
    u->expr = tg_arena_printf(a, "{%s}", expr);
    return u;
}

static tg_value *known_or_unknown(tg_arena *a, const char *value, const char *expr,
                                  const char *option)
{
    if (value)
        return tg_value_string(a, value, strlen(value));
    return unknown_named(a, expr, option);
}

static void set(tg_arena *a, tg_value *o, const char *k, tg_value *v)
{
    tg_value_set(a, o, k, v);
}

static tg_value *at_runtime(tg_arena *a, const char *expr)
{
    tg_value *u = tg_value_unknownf(a, "is only known at deployment: %s", expr);
    u->expr = tg_arena_printf(a, "{%s}", expr);
    return u;
}

/* resourceGroup() and subscription() for a scope deploying to sub/rg (either may be an
 * unknown with a readable expr). */
static void make_context(tg_armscope *s, tg_value *sub, tg_value *rg, tg_value *location)
{
    tg_arena *a = s->m->arena;
    const char *subtext = sub->kind == TG_V_STRING ? sub->u.str.s
                          : sub->expr              ? sub->expr
                                                   : "{subscription().subscriptionId}";
    const char *rgtext = rg->kind == TG_V_STRING ? rg->u.str.s
                         : rg->expr              ? rg->expr
                                                 : "{resourceGroup().name}";
    s->subscription = subtext;
    s->resource_group = rgtext;
    s->sub = tg_value_new(a, TG_V_OBJECT);
    tg_value *subid = sub->kind == TG_V_STRING ? tg_value_string(a, subtext, strlen(subtext))
                                               : tg_value_unknownf(a, "%s", sub->u.reason);
    if (subid->kind == TG_V_UNKNOWN)
        subid->expr = subtext;
    tg_value *id;
    if (sub->kind == TG_V_STRING) {
        const char *t = tg_arena_printf(a, "/subscriptions/%s", subtext);
        id = tg_value_string(a, t, strlen(t));
    } else {
        id = tg_value_unknownf(a, "%s", sub->u.reason);
        id->expr = tg_arena_printf(a, "/subscriptions/%s", subtext);
    }
    set(a, s->sub, "id", id);
    set(a, s->sub, "subscriptionId", subid);
    set(a, s->sub, "tenantId", at_runtime(a, "subscription().tenantId"));
    set(a, s->sub, "displayName", at_runtime(a, "subscription().displayName"));

    s->rg = tg_value_new(a, TG_V_OBJECT);
    const char *rgid_text =
        tg_arena_printf(a, "/subscriptions/%s/resourceGroups/%s", subtext, rgtext);
    tg_value *rgid;
    if (sub->kind == TG_V_STRING && rg->kind == TG_V_STRING) {
        rgid = tg_value_string(a, rgid_text, strlen(rgid_text));
    } else {
        rgid = tg_value_unknownf(a, "%s", (rg->kind == TG_V_UNKNOWN ? rg : sub)->u.reason);
        rgid->expr = rgid_text;
    }
    set(a, s->rg, "id", rgid);
    tg_value *rgname = rg;
    set(a, s->rg, "name", rgname);
    set(a, s->rg, "type", tg_value_string(a, "Microsoft.Resources/resourceGroups", 34));
    set(a, s->rg, "location", location);
    set(a, s->rg, "tags", at_runtime(a, "resourceGroup().tags"));
    tg_value *props = tg_value_new(a, TG_V_OBJECT);
    set(a, props, "provisioningState", tg_value_string(a, "Succeeded", 9));
    set(a, s->rg, "properties", props);
}

static void make_static_context(tg_armscope *s)
{
    tg_arena *a = s->m->arena;
    s->deployment = tg_value_new(a, TG_V_OBJECT);
    set(a, s->deployment, "name", at_runtime(a, "deployment().name"));
    set(a, s->deployment, "properties", at_runtime(a, "deployment().properties"));
    set(a, s->deployment, "location", at_runtime(a, "deployment().location"));
    s->environment = at_runtime(a, "environment()");
    s->tenant = at_runtime(a, "tenant()");
    s->mgmt = at_runtime(a, "managementGroup()");
}

static tg_armscope *new_scope(tg_model *m, size_t file, const tg_value *tmpl)
{
    tg_armscope *s = tg_arena_alloc(m->arena, sizeof *s);
    s->m = m;
    s->file = file;
    s->id = ++m->nscopes;
    s->tmpl = tmpl;
    const tg_value *p = section(tmpl, "parameters"), *v = section(tmpl, "variables");
    size_t np = p ? p->u.coll.n : 0, nv = v ? v->u.coll.n : 0;
    s->param_values = tg_arena_alloc(m->arena, (np + 1) * sizeof *s->param_values);
    s->param_state = tg_arena_alloc(m->arena, np + 1);
    s->var_values = tg_arena_alloc(m->arena, (nv + 1) * sizeof *s->var_values);
    s->var_state = tg_arena_alloc(m->arena, nv + 1);
    const tg_value *res = tg_value_get(tmpl, "resources");
    if (res && res->kind == TG_V_OBJECT)
        s->symbols = res;
    make_static_context(s);
    return s;
}

tg_armscope *tg_armscope_top(tg_model *m, size_t file, const tg_value *tmpl, const tg_value *params,
                             const char *params_path, int params_unreadable,
                             const tg_armcontext *ctx, tg_error *err, int *failed)
{
    tg_armscope *s = new_scope(m, file, tmpl);
    tg_arena *a = m->arena;
    s->err = err;
    s->failed = failed;
    s->given_unreadable = params_unreadable;
    if (params_unreadable)
        s->given_from = tg_arena_printf(a, "is in the parameter file %s, which cannot be read",
                                        params_path ? params_path : "");
    if (params) {
        s->given = params->kind == TG_V_OBJECT ? params : NULL;
        s->given_from = tg_arena_printf(a, "the parameter file %s", params_path ? params_path : "");
        check_declared(s, s, params_path, s->given, s->given_from);
    }
    tg_value *sub = known_or_unknown(a, ctx ? ctx->subscription_id : NULL,
                                     "subscription().subscriptionId", "subscription");
    tg_value *rg = known_or_unknown(a, ctx ? ctx->resource_group : NULL, "resourceGroup().name",
                                    "resource-group");
    tg_value *loc =
        known_or_unknown(a, ctx ? ctx->location : NULL, "resourceGroup().location", "location");
    make_context(s, sub, rg, loc);
    return s;
}

/* ---- errors ------------------------------------------------------------------------- */

tg_value *tg_armscope_fail(tg_armscope *s, const tg_error *e, int line, int col)
{
    if (!*s->failed) {
        *s->failed = 1;
        *s->err = *e;
        if (!s->err->file[0])
            tg_error_set(s->err, s->m->files[s->file].path, line, col, "%s", e->message);
    }
    tg_value *u = tg_value_unknownf(s->m->arena, "cannot be evaluated: %s", e->message);
    u->failed = 1;
    u->line = line;
    u->col = col;
    return u;
}

/* ---- host callbacks ----------------------------------------------------------------- */

static long find_decl(const tg_value *sec, const char *name)
{
    return sec ? tg_value_find(sec, name) : -1;
}

/* A parameter value against its declaration: type and allowedValues. */
static int check_parameter(const tg_value *decl, const char *pname, const tg_value *v, tg_error *e)
{
    const tg_value *type = decl && decl->kind == TG_V_OBJECT ? tg_value_get(decl, "type") : NULL;
    if (v->kind == TG_V_NULL)
        return TG_OK;
    if (type && type->kind == TG_V_STRING) {
        const char *t = type->u.str.s;
        int ok = 1;
        if (tg_text_ieq(t, "string") || tg_text_ieq(t, "securestring"))
            ok = v->kind == TG_V_STRING;
        else if (tg_text_ieq(t, "bool"))
            ok = v->kind == TG_V_BOOL;
        else if (tg_text_ieq(t, "int"))
            ok = v->kind == TG_V_NUMBER;
        else if (tg_text_ieq(t, "array"))
            ok = v->kind == TG_V_ARRAY;
        else if (tg_text_ieq(t, "object") || tg_text_ieq(t, "secureObject"))
            ok = v->kind == TG_V_OBJECT;
        if (!ok)
            return tg_error_set(e, NULL, 0, 0, "parameter '%s' is declared %s but given %s %s",
                                pname, t,
                                v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT ? "an" : "a",
                                tg_value_kind_name(v->kind));
    }
    const tg_value *allowed =
        decl && decl->kind == TG_V_OBJECT ? tg_value_get(decl, "allowedValues") : NULL;
    if (allowed && allowed->kind == TG_V_ARRAY) {
        /* an array parameter must have every element allowed; anything else must be allowed itself
         */
        size_t n = v->kind == TG_V_ARRAY ? v->u.coll.n : 1;
        for (size_t k = 0; k < n; k++) {
            const tg_value *x = v->kind == TG_V_ARRAY ? v->u.coll.items[k] : v;
            int found = 0, unsure = 0;
            for (size_t j = 0; j < allowed->u.coll.n && !found; j++) {
                int eq = tg_value_equal3(x, allowed->u.coll.items[j]);
                found = eq == 1;
                unsure |= eq < 0;
            }
            if (!found && !unsure)
                return tg_error_set(
                    e, NULL, 0, 0,
                    "parameter '%s' is given a value that is not among its allowedValues", pname);
        }
    }
    return TG_OK;
}

static tg_value *host_parameter(void *ud, const char *name, tg_error *err)
{
    frame *f = ud;
    tg_armscope *s = f->s;
    tg_arena *a = s->m->arena;
    const tg_value *decls = section(s->tmpl, "parameters");
    long i = find_decl(decls, name);
    if (i < 0) {
        tg_error_set(err, NULL, 0, 0, "the template declares no parameter '%s'", name);
        return NULL;
    }
    const char *pname = decls->u.coll.keys[i];
    if (s->param_state[i] == 2)
        return s->param_values[i];
    if (s->param_state[i] == 1) {
        tg_error_set(err, NULL, 0, 0, "parameter '%s' refers to itself through its default value",
                     pname);
        return NULL;
    }
    s->param_state[i] = 1;
    const tg_value *decl = decls->u.coll.items[i];
    const tg_value *given = s->given ? tg_value_get(s->given, pname) : NULL;
    tg_value *out = NULL;
    if (s->given_unreadable) {
        out =
            tg_value_unknownf(a, "comes from parameter '%s', whose value %s", pname, s->given_from);
    } else if (given && given->kind == TG_V_OBJECT && tg_value_get(given, "reference")) {
        out = tg_value_unknownf(
            a, "comes from parameter '%s', a Key Vault secret read only at deployment", pname);
    } else if (given && given->kind == TG_V_OBJECT && tg_value_find(given, "value") >= 0) {
        out = tg_value_get(given, "value");
    } else if (given && given->kind == TG_V_UNKNOWN) {
        out = (tg_value *)given; /* e.g. a nested deployment's parameters that could not be read */
    } else {
        tg_value *def =
            decl && decl->kind == TG_V_OBJECT ? tg_value_get(decl, "defaultValue") : NULL;
        const tg_value *nullable =
            decl && decl->kind == TG_V_OBJECT ? tg_value_get(decl, "nullable") : NULL;
        if (def) {
            frame inner = {s, NULL, 0, pname}; /* defaults see no copy loop, no variable */
            out = def->kind == TG_V_STRING ? eval_string(&inner, def)
                                           : tg_armscope_eval(s, NULL, def, 0, NULL);
        } else if (nullable && nullable->kind == TG_V_BOOL && nullable->u.boolean) {
            out = tg_value_new(a, TG_V_NULL); /* languageVersion 2.0: nullable, not given */
        } else {
            out = tg_value_unknownf(
                a,
                "comes from parameter '%s', which has no value (give it in a parameter file, "
                "X.parameters.json beside the template or --params FILE)",
                pname);
        }
    }
    if (out && out->kind == TG_V_UNKNOWN && !out->expr) {
        tg_value *copy = tg_value_unknown(a, out->u.reason);
        copy->failed = out->failed;
        copy->expr = tg_arena_printf(a, "{parameters('%s')}", pname);
        out = copy;
    }
    if (out && out->kind != TG_V_UNKNOWN) {
        /* what Resource Manager refuses before deploying anything */
        tg_error e = {0};
        if (check_parameter(decl, pname, out, &e) != TG_OK)
            out = tg_armscope_fail(s, &e, out->line, out->col);
    }
    s->param_values[i] = out;
    s->param_state[i] = 2;
    return out;
}

/* A variable built by the variables section's own copy loops: {"copy": [{name, count, input}]}. */
static tg_value *variable_copy(frame *f, const tg_value *loop, const char *name, tg_error *err)
{
    tg_armscope *s = f->s;
    tg_arena *a = s->m->arena;
    tg_value *count = tg_value_get(loop, "count");
    tg_value *input = tg_value_get(loop, "input");
    frame plain = {s, NULL, 0, NULL};
    tg_value *n = count && count->kind == TG_V_STRING ? eval_string(&plain, count) : count;
    if (!n || n->kind != TG_V_NUMBER) {
        if (n && n->kind == TG_V_UNKNOWN)
            return tg_value_unknownf(a, "is built by the variable copy loop '%s', whose count %s",
                                     name, n->u.reason);
        tg_error_set(err, NULL, 0, 0, "the variable copy loop '%s' has no numeric count", name);
        return NULL;
    }
    if (n->u.number < 0 || n->u.number > MAX_COPY) {
        tg_error_set(err, NULL, 0, 0, "the variable copy loop '%s' has count %g, outside 0..%d",
                     name, n->u.number, MAX_COPY);
        return NULL;
    }
    tg_value *arr = tg_value_new(a, TG_V_ARRAY);
    arr->line = loop->line;
    arr->col = loop->col;
    for (long i = 0; i < (long)n->u.number; i++) {
        tg_armloop l = {name, i, NULL};
        tg_value_append(
            a, arr, input ? tg_armscope_eval(s, &l, input, 0, NULL) : tg_value_new(a, TG_V_NULL));
    }
    return arr;
}

static tg_value *host_variable(void *ud, const char *name, tg_error *err)
{
    frame *f = ud;
    tg_armscope *s = f->s;
    if (f->param_default) {
        tg_error_set(
            err, NULL, 0, 0,
            "the default of parameter '%s' uses variables(), which Resource Manager does not allow",
            f->param_default);
        return NULL;
    }
    const tg_value *decls = section(s->tmpl, "variables");
    long i = find_decl(decls, name);
    if (i >= 0 && tg_text_ieq(decls->u.coll.keys[i], "copy"))
        i = -1;
    if (i < 0) {
        const tg_value *loops = decls ? tg_value_get(decls, "copy") : NULL;
        for (size_t k = 0; loops && loops->kind == TG_V_ARRAY && k < loops->u.coll.n; k++) {
            const tg_value *n = tg_value_get(loops->u.coll.items[k], "name");
            if (n && n->kind == TG_V_STRING && tg_text_ieq(n->u.str.s, name))
                return variable_copy(f, loops->u.coll.items[k], n->u.str.s, err);
        }
        tg_error_set(err, NULL, 0, 0, "the template declares no variable '%s'", name);
        return NULL;
    }
    if (s->var_state[i] == 2)
        return s->var_values[i];
    if (s->var_state[i] == 1) {
        tg_error_set(err, NULL, 0, 0, "variable '%s' refers to itself", decls->u.coll.keys[i]);
        return NULL;
    }
    s->var_state[i] = 1;
    tg_value *decl = decls->u.coll.items[i];
    tg_value *out = tg_armscope_eval(s, NULL, decl, 0, NULL);
    if (decl->kind == TG_V_UNKNOWN) { /* say it is about the variable, not the property */
        out = tg_value_unknownf(s->m->arena, "comes from variable '%s', which %s",
                                decls->u.coll.keys[i], decl->u.reason);
        out->expr = tg_arena_printf(s->m->arena, "{variables('%s')}", decls->u.coll.keys[i]);
    }
    s->var_values[i] = out;
    s->var_state[i] = 2;
    return out;
}

static int host_copy_index(void *ud, const char *loop, long *out, tg_error *err)
{
    frame *f = ud;
    for (const tg_armloop *l = f->loops; l; l = l->outer) {
        if (loop && !(l->name && tg_text_ieq(l->name, loop)))
            continue;
        if (l->index < 0) {
            f->unknown_index = 1;
            tg_error_set(err, NULL, 0, 0, "the count of copy loop '%s' is unknown",
                         l->name ? l->name : "");
            return -1;
        }
        *out = l->index;
        return 0;
    }
    if (loop)
        tg_error_set(err, NULL, 0, 0, "copyIndex('%s') is used outside a copy loop of that name",
                     loop);
    else
        tg_error_set(err, NULL, 0, 0, "copyIndex() is used outside a copy loop");
    return -1;
}

static tg_value *deployment_outputs(tg_armscope *s, tg_armdeployment *d);

static tg_value *host_reference(void *ud, const tg_value *target, int full, tg_error *err)
{
    frame *f = ud;
    tg_armscope *s = f->s;
    tg_arena *a = s->m->arena;
    const char *t = target->kind == TG_V_STRING ? target->u.str.s : target->expr;
    if (t) {
        /* a nested deployment of this template: by symbolic name, name or id */
        const char *name = t;
        for (const char *p = t; (p = strchr(p, '/')) != NULL; p++)
            if (tg_text_istarts(p, "/Microsoft.Resources/deployments/"))
                name = p + strlen("/Microsoft.Resources/deployments/");
        for (size_t i = 0; i < s->ndeployments; i++) {
            tg_armdeployment *d = &s->deployments[i];
            if ((d->symbolic && strcmp(d->symbolic, t) == 0) ||
                (d->name && tg_text_ieq(d->name, name))) {
                tg_value *outs = deployment_outputs(s, d);
                if (outs)
                    return outs;
                break;
            }
        }
    }
    (void)err;
    /* languageVersion 2.0: a resource's symbolic name. With 'Full', its id, name and type
     * are known from the template; its properties only after deployment. */
    long si = t && s->symbols ? tg_value_find(s->symbols, t) : -1;
    if (si >= 0 && full && strcmp(s->symbols->u.coll.keys[si], t) == 0) {
        tg_value *decl = s->symbols->u.coll.items[si];
        const tg_value *type = tg_value_get(decl, "type");
        tg_value *name = tg_armscope_eval(s, NULL, tg_value_get(decl, "name"), 0, NULL);
        if (type && type->kind == TG_V_STRING && name &&
            (name->kind == TG_V_STRING || name->kind == TG_V_UNKNOWN)) {
            const char *nt = name->kind == TG_V_STRING ? name->u.str.s
                             : name->expr              ? name->expr
                                                       : "{?}";
            const char *id =
                tg_arena_printf(a, "/subscriptions/%s/resourceGroups/%s/providers/%s/%s",
                                s->subscription, s->resource_group, type->u.str.s, nt);
            tg_value *idv;
            if (strchr(id, '{')) {
                idv = tg_value_unknownf(a, "is only known at deployment: the id of %s", t);
                idv->expr = id;
            } else {
                idv = tg_value_string(a, id, strlen(id));
            }
            tg_value *o = tg_value_new(a, TG_V_OBJECT);
            set(a, o, "id", idv);
            set(a, o, "name", name);
            set(a, o, "type", (tg_value *)type);
            static const char *const runtime[] = {
                "properties", "location",          "kind",          "sku",
                "tags",       "identity",          "zones",         "plan",
                "managedBy",  "apiVersion",        "resourceGroup", "subscriptionId",
                "scope",      "condition",         "existing",      "isConditionTrue",
                "isAction",   "isTemplateResource"};
            for (size_t k = 0; k < sizeof runtime / sizeof runtime[0]; k++)
                set(a, o, runtime[k],
                    at_runtime(
                        a, tg_arena_printf(a, "reference('%s', ..., 'full').%s", t, runtime[k])));
            return o;
        }
    }
    return at_runtime(a, tg_arena_printf(a, "reference(%s)", t ? t : "..."));
}

static tg_value *host_context(void *ud, const char *which)
{
    tg_armscope *s = ((frame *)ud)->s;
    if (tg_text_ieq(which, "resourceGroup"))
        return s->rg;
    if (tg_text_ieq(which, "subscription"))
        return s->sub;
    if (tg_text_ieq(which, "deployment"))
        return s->deployment;
    if (tg_text_ieq(which, "environment"))
        return s->environment;
    if (tg_text_ieq(which, "tenant"))
        return s->tenant;
    return s->mgmt;
}

static const tg_value *host_user_function(void *ud, const char *qualified)
{
    tg_armscope *s = ((frame *)ud)->s;
    const tg_value *fns = tg_value_get(s->tmpl, "functions");
    const char *dot = strrchr(qualified, '.');
    if (!fns || fns->kind != TG_V_ARRAY || !dot)
        return NULL;
    size_t nsl = (size_t)(dot - qualified);
    for (size_t i = 0; i < fns->u.coll.n; i++) {
        const tg_value *ns = tg_value_get(fns->u.coll.items[i], "namespace");
        if (!ns || ns->kind != TG_V_STRING || strlen(ns->u.str.s) != nsl ||
            !tg_text_ieqn(ns->u.str.s, qualified, nsl))
            continue;
        const tg_value *m = tg_value_get(tg_value_get(fns->u.coll.items[i], "members"), dot + 1);
        if (m)
            return m;
    }
    return NULL;
}

static tg_value *eval_string(frame *f, tg_value *v)
{
    tg_armscope *s = f->s;
    const char *str = v->u.str.s;
    size_t n = v->u.str.len;
    if (!(n >= 1 && str[0] == '['))
        return v; /* a plain literal: the parsed value itself */
    tg_arm_host h = {f,
                     host_parameter,
                     host_variable,
                     host_copy_index,
                     host_reference,
                     host_context,
                     host_user_function};
    tg_error e = {0};
    int before = f->unknown_index;
    tg_value *r = tg_arm_eval_string(s->m->arena, &h, str, n, v->line, v->col, &e);
    /* host_copy_index (called through h, with f as its ud) sets f->unknown_index */
    // cppcheck-suppress incorrectLogicOperator
    if (!r && f->unknown_index && !before) {
        r = tg_value_unknownf(s->m->arena,
                              "depends on the index of a copy loop whose count is unknown");
        r->expr = tg_arena_printf(s->m->arena, "{%.*s}", (int)(n - 2), str + 1);
        r->line = v->line;
        r->col = v->col;
    } else if (!r) {
        r = tg_armscope_fail(s, &e, v->line, v->col);
        r->expr = tg_arena_printf(s->m->arena, "{%.*s}", (int)(n > 2 ? n - 2 : 0), str + 1);
    }
    f->unknown_index = before;
    r->kline = v->kline;
    r->kcol = v->kcol;
    return r;
}

/* ---- deep evaluation ---------------------------------------------------------------- */

static tg_value *eval_value(frame *f, tg_value *v, int in_props, const char *const *skip);

/* Property copy loops: "copy": [{"name": "ipRules", "count": N, "input": {...}}] builds the
 * member it names, one input per index (copyIndex('ipRules')). */
static void property_copies(frame *f, tg_value *out, const tg_value *loops)
{
    tg_armscope *s = f->s;
    tg_arena *a = s->m->arena;
    for (size_t k = 0; k < loops->u.coll.n; k++) {
        tg_value *loop = loops->u.coll.items[k];
        tg_value *name = tg_value_get(loop, "name");
        if (!name || name->kind != TG_V_STRING)
            continue;
        tg_value *count = tg_value_get(loop, "count");
        tg_value *input = tg_value_get(loop, "input");
        tg_value *n = count ? eval_value(f, count, 0, NULL) : NULL;
        tg_value *built;
        if (n && n->kind == TG_V_NUMBER && n->u.number >= 0 && n->u.number <= MAX_COPY) {
            built = tg_value_new(a, TG_V_ARRAY);
            for (long i = 0; i < (long)n->u.number; i++) {
                tg_armloop l = {name->u.str.s, i, f->loops};
                frame inner = {s, &l, 0, NULL};
                tg_value_append(a, built,
                                input ? eval_value(&inner, input, 1, NULL)
                                      : tg_value_new(a, TG_V_NULL));
            }
        } else if (n && n->kind == TG_V_UNKNOWN) {
            built = tg_value_unknownf(a, "is built by the property copy loop '%s', whose count %s",
                                      name->u.str.s, n->u.reason);
        } else {
            tg_error e;
            tg_error_set(&e, NULL, 0, 0, "the property copy loop '%s' needs a count from 0 to %d",
                         name->u.str.s, MAX_COPY);
            built = tg_armscope_fail(s, &e, loop->line, loop->col);
        }
        built->line = loop->line;
        built->col = loop->col;
        built->kline = name->kline;
        built->kcol = name->kcol;
        long existing = tg_value_find(out, name->u.str.s);
        if (existing >= 0)
            out->u.coll.items[existing] = built;
        else
            tg_value_set(a, out, name->u.str.s, built);
    }
}

static int skipped(const char *key, const char *const *skip)
{
    for (const char *const *k = skip; k && *k; k++)
        if (tg_text_ieq(key, *k))
            return 1;
    return 0;
}

static tg_value *eval_value(frame *f, tg_value *v, int in_props, const char *const *skip)
{
    tg_arena *a = f->s->m->arena;
    switch (v->kind) {
    case TG_V_STRING:
        return eval_string(f, v);
    case TG_V_ARRAY: {
        tg_value *out = NULL;
        for (size_t i = 0; i < v->u.coll.n; i++) {
            tg_value *e = eval_value(f, v->u.coll.items[i], in_props, NULL);
            if (e != v->u.coll.items[i] && !out) {
                out = tg_value_new(a, TG_V_ARRAY);
                *out = *v;
                out->u.coll.items =
                    tg_arena_alloc(a, (v->u.coll.n + 1) * sizeof *out->u.coll.items);
                memcpy(out->u.coll.items, v->u.coll.items, v->u.coll.n * sizeof *out->u.coll.items);
            }
            if (out)
                out->u.coll.items[i] = e;
        }
        return out ? out : v;
    }
    case TG_V_OBJECT: {
        tg_value *out = tg_value_new(a, TG_V_OBJECT);
        out->line = v->line;
        out->col = v->col;
        out->kline = v->kline;
        out->kcol = v->kcol;
        const tg_value *loops = NULL;
        for (size_t i = 0; i < v->u.coll.n; i++) {
            const char *k = v->u.coll.keys[i];
            if (skipped(k, skip))
                continue;
            if (in_props && tg_text_ieq(k, "copy") && v->u.coll.items[i]->kind == TG_V_ARRAY) {
                loops = v->u.coll.items[i];
                continue;
            }
            int props = in_props || tg_text_ieq(k, "properties");
            tg_value_set(a, out, k, eval_value(f, v->u.coll.items[i], props, NULL));
        }
        if (loops)
            property_copies(f, out, loops);
        return out;
    }
    default:
        return v;
    }
}

tg_value *tg_armscope_eval(tg_armscope *s, const tg_armloop *loops, tg_value *v, int in_properties,
                           const char *const *skip)
{
    if (!v)
        return NULL;
    frame f = {s, loops, 0, NULL};
    return eval_value(&f, v, in_properties, skip);
}

/* ---- nested deployments ------------------------------------------------------------- */

static int is_inner(const tg_value *decl)
{
    const tg_value *props = tg_value_get(decl, "properties");
    const tg_value *mode =
        tg_value_get(tg_value_get(props, "expressionEvaluationOptions"), "scope");
    return mode && mode->kind == TG_V_STRING && tg_text_ieq(mode->u.str.s, "inner");
}

void tg_armscope_index_deployments(tg_armscope *s, const tg_value *list)
{
    if (!list || (list->kind != TG_V_ARRAY && list->kind != TG_V_OBJECT))
        return;
    tg_arena *a = s->m->arena;
    size_t n = 0;
    for (size_t i = 0; i < list->u.coll.n; i++) {
        const tg_value *t = tg_value_get(list->u.coll.items[i], "type");
        if (t && t->kind == TG_V_STRING &&
            tg_text_ieq(t->u.str.s, "Microsoft.Resources/deployments"))
            n++;
    }
    if (!n)
        return;
    tg_armdeployment *d = tg_arena_alloc(a, (s->ndeployments + n) * sizeof *d);
    if (s->ndeployments)
        memcpy(d, s->deployments, s->ndeployments * sizeof *d);
    s->deployments = d;
    for (size_t i = 0; i < list->u.coll.n; i++) {
        tg_value *decl = list->u.coll.items[i];
        const tg_value *t = tg_value_get(decl, "type");
        if (!(t && t->kind == TG_V_STRING &&
              tg_text_ieq(t->u.str.s, "Microsoft.Resources/deployments")))
            continue;
        tg_armdeployment *e = &s->deployments[s->ndeployments++];
        memset(e, 0, sizeof *e);
        e->decl = decl;
        e->symbolic = list->kind == TG_V_OBJECT ? list->u.coll.keys[i] : NULL;
        tg_value *nv = tg_value_get(decl, "name");
        if (nv &&
            !tg_value_get(decl, "copy")) { /* looped modules: outputs per copy are not indexed */
            tg_value *name = tg_armscope_eval(s, NULL, nv, 0, NULL);
            e->name = name->kind == TG_V_STRING ? name->u.str.s : name->expr;
        }
    }
}

tg_armdeployment *tg_armscope_find_deployment(tg_armscope *s, const tg_value *decl)
{
    for (size_t i = 0; i < s->ndeployments; i++)
        if (s->deployments[i].decl == decl)
            return &s->deployments[i];
    return NULL;
}

/* Records an error about a deployment's parameters (the first of the file wins) and returns
 * the unknown that stands for the parameter. */
static tg_value *given_error(tg_armscope *parent, const char *file, const tg_value *at,
                             const char *fmt, const char *a1, const char *a2)
{
    tg_error e;
    int line = at->kline ? at->kline : at->line, col = at->kline ? at->kcol : at->col;
    tg_error_set(&e, file, file ? line : 0, file ? col : 0, fmt, a1, a2);
    return tg_armscope_fail(parent, &e, line, col);
}

/* Parameters given that the template does not declare: Resource Manager refuses them.
 * file: where they are written (NULL: in the template itself). */
static void check_declared(tg_armscope *s, tg_armscope *report_in, const char *file,
                           const tg_value *given, const char *who)
{
    const tg_value *decls = section(s->tmpl, "parameters");
    for (size_t i = 0; given && given->kind == TG_V_OBJECT && i < given->u.coll.n; i++)
        if (find_decl(decls, given->u.coll.keys[i]) < 0)
            given_error(report_in, file, given->u.coll.items[i],
                        "%s gives parameter '%s', which the template does not declare", who,
                        given->u.coll.keys[i]);
}

tg_armscope *tg_armscope_inner(tg_armscope *parent, tg_armdeployment *d, const tg_armloop *loops)
{
    const tg_value *decl = d->decl;
    /* a looped deployment gets a scope per copy: its parameters may use copyIndex() */
    int looped = tg_value_get(decl, "copy") != NULL;
    if (d->inner && !looped)
        return d->inner;
    tg_model *m = parent->m;
    tg_arena *a = m->arena;
    const tg_value *props = tg_value_get(decl, "properties");
    const tg_value *tmpl = tg_value_get(props, "template");
    tg_armscope *s = new_scope(m, parent->file, tmpl);
    s->err = parent->err;
    s->failed = parent->failed;
    s->depth = parent->depth + 1;
    /* parameters are evaluated in the parent's context */
    s->given_from = tg_arena_printf(a, "the deployment %s", d->name ? d->name : "?");
    tg_value *given = tg_value_get(props, "parameters");
    if (given && given->kind == TG_V_STRING) /* one expression for all of them */
        given = tg_armscope_eval(parent, loops, given, 0, NULL);
    if (given && given->kind == TG_V_OBJECT) {
        tg_value *evaluated = tg_value_new(a, TG_V_OBJECT);
        for (size_t i = 0; i < given->u.coll.n; i++) {
            const char *k = given->u.coll.keys[i];
            tg_value *p = given->u.coll.items[i];
            tg_value *ev;
            if (p->kind == TG_V_STRING && p->u.str.len && p->u.str.s[0] == '[')
                p = tg_armscope_eval(parent, loops, p, 0,
                                     NULL); /* e.g. Bicep's if(c, {value: a}, {value: b}) */
            if (p->kind == TG_V_OBJECT && tg_value_find(p, "value") >= 0) {
                ev = tg_value_new(a, TG_V_OBJECT);
                tg_value_set(
                    a, ev, "value",
                    p == given->u.coll.items[i]
                        ? tg_armscope_eval(parent, loops, tg_value_get(p, "value"), 0, NULL)
                        : tg_value_get(p, "value"));
            } else if (p->kind == TG_V_OBJECT && tg_value_find(p, "reference") >= 0) {
                ev = p;
            } else if (p->kind == TG_V_UNKNOWN) {
                ev = p; /* the parameter is as unknown as the expression that gives it */
            } else {
                ev = given_error(parent, NULL, p,
                                 "%s passes parameter '%s' without {\"value\": ...}", s->given_from,
                                 k);
            }
            tg_value_set(a, evaluated, k, ev);
        }
        s->given = evaluated;
        check_declared(s, parent, NULL, given, s->given_from);
    } else if (given && given->kind == TG_V_UNKNOWN) {
        /* which parameters it gives, and their values, are unknown: none may fall back
         * to its default */
        s->given_unreadable = 1;
        s->given_from = tg_arena_printf(a, "is among the parameters of the deployment %s, which %s",
                                        d->name ? d->name : "?", given->u.reason);
    }
    tg_value *sub = tg_value_get(decl, "subscriptionId");
    tg_value *rg = tg_value_get(decl, "resourceGroup");
    tg_value *subv = sub ? tg_armscope_eval(parent, loops, sub, 0, NULL) : NULL;
    tg_value *rgv = rg ? tg_armscope_eval(parent, loops, rg, 0, NULL) : NULL;
    if (!subv)
        subv = tg_value_get(parent->sub, "subscriptionId");
    if (!rgv)
        rgv = tg_value_get(parent->rg, "name");
    make_context(s, subv, rgv, tg_value_get(parent->rg, "location"));
    if (!looped)
        d->inner = s;
    return s;
}

static tg_value *deployment_outputs(tg_armscope *s, tg_armdeployment *d)
{
    if (d->state == 2)
        return d->outputs;
    if (d->state == 1 || s->depth >= MAX_DEPLOYMENT_DEPTH)
        return NULL;
    d->state = 1;
    tg_arena *a = s->m->arena;
    const tg_value *props = tg_value_get(d->decl, "properties");
    const tg_value *tmpl = tg_value_get(props, "template");
    tg_value *result = NULL;
    if (tmpl && tmpl->kind == TG_V_OBJECT) {
        tg_armscope *scope = is_inner(d->decl) ? tg_armscope_inner(s, d, NULL) : s;
        const tg_value *outs = section(tmpl, "outputs");
        tg_value *o = tg_value_new(a, TG_V_OBJECT);
        for (size_t i = 0; outs && i < outs->u.coll.n; i++) {
            tg_value *decl = outs->u.coll.items[i];
            tg_value *entry = tg_value_new(a, TG_V_OBJECT);
            tg_value *val = tg_value_get(decl, "value");
            if (val)
                tg_value_set(a, entry, "value", tg_armscope_eval(scope, NULL, val, 0, NULL));
            else
                tg_value_set(a, entry, "value", at_runtime(a, "an output built by a copy loop"));
            const tg_value *type = tg_value_get(decl, "type");
            if (type)
                tg_value_set(a, entry, "type", (tg_value *)type);
            tg_value_set(a, o, outs->u.coll.keys[i], entry);
        }
        result = tg_value_new(a, TG_V_OBJECT);
        tg_value_set(a, result, "outputs", o);
    }
    d->outputs = result;
    d->state = 2;
    return result;
}
