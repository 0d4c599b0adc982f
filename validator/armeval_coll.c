/* armeval_coll.c — the array, object and lambda functions of ARM templates: building
 * (createArray, createObject, range lives with the numbers), combining (union merges
 * objects deeply, later wins; intersection; shallowMerge; flatten), reading (items,
 * objectKeys, tryGet, indexFromEnd), and filter, map, reduce, sort, toObject, groupBy
 * and mapValues over lambda(...) arguments whose variables lambdaVariables() reads. */
#include "armeval_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FN(name) static AE_FN(name)

/* ---- arrays and objects ---- */

FN(f_array)
{
    if (argv[0]->kind == TG_V_ARRAY)
        return argv[0];
    tg_value *r = ae_new(c, TG_V_ARRAY);
    return ae_push(c, r, argv[0]) == TG_OK ? r : NULL;
}

FN(f_create_array)
{
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < argc; i++)
        if (ae_push(c, r, ae_named(c, argv[i], call->args[i])) != TG_OK)
            return NULL;
    return r;
}

FN(f_create_object)
{
    if (argc % 2)
        return ae_fail_fn(c, call, "takes pairs of name and value, not %zu arguments", argc);
    tg_value *r = ae_new(c, TG_V_OBJECT);
    for (size_t i = 0; i < argc; i += 2) {
        if (argv[i]->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, argv[i]);
        if (argv[i]->kind != TG_V_STRING)
            return ae_bad_arg(c, call, i, "a string (a member name)", argv[i]);
        tg_value *v = ae_named(c, argv[i + 1], call->args[i + 1]);
        long at = tg_value_find(r, argv[i]->u.str.s);
        if (at >= 0 && strcmp(r->u.coll.keys[at], argv[i]->u.str.s) == 0)
            r->u.coll.items[at] = v;
        else if (ae_put(c, r, argv[i]->u.str.s, v) != TG_OK)
            return NULL;
    }
    return r;
}

static int same_kind_args(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc)
{
    for (size_t i = 0; i < argc; i++)
        if (argv[i]->kind != argv[0]->kind ||
            (argv[i]->kind != TG_V_ARRAY && argv[i]->kind != TG_V_OBJECT)) {
            ae_fail_fn(c, call, "takes all arrays or all objects (argument %zu is %s)", i + 1,
                       ae_an(argv[i]));
            return TG_ERR;
        }
    return TG_OK;
}

static tg_value *merge(ae_ctx *c, const tg_value *a, const tg_value *b, int depth);

static tg_value *merge_member(ae_ctx *c, tg_value *old, tg_value *nw, int depth)
{
    if (old->kind == TG_V_OBJECT && nw->kind == TG_V_OBJECT)
        return merge(c, old, nw, depth + 1);
    if (nw->kind == TG_V_UNKNOWN || (nw->kind == TG_V_OBJECT && old->kind == TG_V_UNKNOWN)) {
        /* a merge or a replacement: which one depends on what is unknown */
        if (nw->kind == TG_V_UNKNOWN && old->kind != TG_V_OBJECT && old->kind != TG_V_UNKNOWN)
            return nw;
        tg_value *u = ae_copy(c, nw->kind == TG_V_UNKNOWN ? nw : old);
        u->line = c->line;
        u->col = c->col;
        return u;
    }
    return nw;
}

static tg_value *merge(ae_ctx *c, const tg_value *a, const tg_value *b, int depth)
{
    if (depth > AE_MAX_VALUE_DEPTH)
        return ae_fail(c, "objects nested more than %d levels deep", AE_MAX_VALUE_DEPTH);
    tg_value *r = ae_new(c, TG_V_OBJECT);
    for (size_t i = 0; i < a->u.coll.n; i++)
        if (ae_put(c, r, a->u.coll.keys[i], a->u.coll.items[i]) != TG_OK)
            return NULL;
    for (size_t i = 0; i < b->u.coll.n; i++) {
        long at = tg_value_find(r, b->u.coll.keys[i]);
        if (at < 0) {
            if (ae_put(c, r, b->u.coll.keys[i], b->u.coll.items[i]) != TG_OK)
                return NULL;
            continue;
        }
        tg_value *m = merge_member(c, r->u.coll.items[at], b->u.coll.items[i], depth);
        if (!m)
            return NULL;
        r->u.coll.items[at] = m;
    }
    return r;
}

/* Appends v to arr unless an equal value is there already. */
static int push_distinct(ae_ctx *c, tg_value *arr, tg_value *v)
{
    if (ae_charge(c, arr->u.coll.n) != TG_OK)
        return TG_ERR;
    for (size_t k = 0; k < arr->u.coll.n; k++)
        if (tg_value_equal3(arr->u.coll.items[k], v) == 1)
            return TG_OK;
    return ae_push(c, arr, v);
}

FN(f_union)
{
    if (same_kind_args(c, call, argv, argc) != TG_OK)
        return NULL;
    if (argv[0]->kind == TG_V_OBJECT) {
        tg_value *r = argv[0];
        for (size_t i = 1; i < argc; i++)
            if (!(r = merge(c, r, argv[i], 0)))
                return NULL;
        return r;
    }
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < argc; i++)
        for (size_t k = 0; k < argv[i]->u.coll.n; k++)
            if (push_distinct(c, r, argv[i]->u.coll.items[k]) != TG_OK)
                return NULL;
    return r;
}

FN(f_intersection)
{
    if (same_kind_args(c, call, argv, argc) != TG_OK)
        return NULL;
    int objects = argv[0]->kind == TG_V_OBJECT;
    tg_value *r = ae_new(c, argv[0]->kind);
    for (size_t k = 0; k < argv[0]->u.coll.n; k++) {
        tg_value *v = argv[0]->u.coll.items[k];
        int in_all = 1;
        for (size_t i = 1; i < argc && in_all == 1; i++) {
            const tg_value *o = argv[i];
            if (ae_charge(c, o->u.coll.n) != TG_OK)
                return NULL;
            int found = 0;
            if (objects) {
                long at = -1;
                for (size_t j = 0; j < o->u.coll.n && at < 0; j++)
                    if (strcmp(o->u.coll.keys[j], argv[0]->u.coll.keys[k]) == 0)
                        at = (long)j;
                found = at < 0 ? 0 : tg_value_equal3(v, o->u.coll.items[at]);
            } else {
                for (size_t j = 0; j < o->u.coll.n && found != 1; j++) {
                    int e = tg_value_equal3(v, o->u.coll.items[j]);
                    if (e == 1 || (e < 0 && found == 0))
                        found = e;
                }
            }
            in_all = found;
        }
        if (in_all < 0) {
            const tg_value *u = ae_deep_unknown(v, 0);
            for (size_t i = 1; !u && i < argc; i++)
                u = ae_deep_unknown(argv[i], 0);
            return ae_unknown_at(c, call, u);
        }
        if (!in_all)
            continue;
        if (objects ? ae_put(c, r, argv[0]->u.coll.keys[k], v) != TG_OK
                    : push_distinct(c, r, v) != TG_OK)
            return NULL;
    }
    return r;
}

FN(f_object_keys)
{
    if (argv[0]->kind != TG_V_OBJECT)
        return ae_bad_arg(c, call, 0, "an object", argv[0]);
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < argv[0]->u.coll.n; i++) {
        tg_value *k = ae_strz(c, argv[0]->u.coll.keys[i]);
        if (!k || ae_push(c, r, k) != TG_OK)
            return NULL;
    }
    return r;
}

static int key_before(const char *a, const char *b)
{
    return ae_strcmp_culture(a, strlen(a), b, strlen(b)) < 0;
}

FN(f_items)
{
    tg_value *o = argv[0];
    if (o->kind != TG_V_OBJECT)
        return ae_bad_arg(c, call, 0, "an object", o);
    size_t n = o->u.coll.n;
    if (ae_charge(c, n * 8) != TG_OK)
        return NULL;
    /* insertion-free ordering: a stable merge sort of member indices by key */
    size_t *idx = tg_xmalloc((n + 1) * sizeof *idx), *tmp = tg_xmalloc((n + 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = key_before(o->u.coll.keys[idx[j]], o->u.coll.keys[idx[i]]) ? idx[j++]
                                                                                      : idx[i++];
            while (i < mid)
                tmp[k++] = idx[i++];
            while (j < hi)
                tmp[k++] = idx[j++];
        }
        size_t *t = idx;
        idx = tmp;
        tmp = t;
    }
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < n; i++) {
        tg_value *e = ae_new(c, TG_V_OBJECT);
        tg_value *k = ae_strz(c, o->u.coll.keys[idx[i]]);
        if (!k || ae_put(c, e, "key", k) != TG_OK ||
            ae_put(c, e, "value", o->u.coll.items[idx[i]]) != TG_OK || ae_push(c, r, e) != TG_OK) {
            r = NULL;
            break;
        }
    }
    free(idx);
    free(tmp);
    return r;
}

FN(f_shallow_merge)
{
    if (argv[0]->kind != TG_V_ARRAY)
        return ae_bad_arg(c, call, 0, "an array of objects", argv[0]);
    tg_value *r = ae_new(c, TG_V_OBJECT);
    for (size_t i = 0; i < argv[0]->u.coll.n; i++) {
        tg_value *o = argv[0]->u.coll.items[i];
        if (o->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, o);
        if (o->kind == TG_V_NULL)
            continue;
        if (o->kind != TG_V_OBJECT)
            return ae_fail_fn(c, call, "element %zu is %s, not an object", i, ae_an(o));
        for (size_t k = 0; k < o->u.coll.n; k++) {
            long at = tg_value_find(r, o->u.coll.keys[k]);
            if (at >= 0)
                r->u.coll.items[at] = o->u.coll.items[k];
            else if (ae_put(c, r, o->u.coll.keys[k], o->u.coll.items[k]) != TG_OK)
                return NULL;
        }
    }
    return r;
}

FN(f_flatten)
{
    if (argv[0]->kind != TG_V_ARRAY)
        return ae_bad_arg(c, call, 0, "an array of arrays", argv[0]);
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < argv[0]->u.coll.n; i++) {
        tg_value *a = argv[0]->u.coll.items[i];
        if (a->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, a);
        if (a->kind != TG_V_ARRAY)
            return ae_fail_fn(c, call, "element %zu is %s, not an array", i, ae_an(a));
        for (size_t k = 0; k < a->u.coll.n; k++)
            if (ae_push(c, r, a->u.coll.items[k]) != TG_OK)
                return NULL;
    }
    return r;
}

static tg_value *index_from_end(ae_ctx *c, const ae_node *call, tg_value **argv, int try_)
{
    long long i;
    if (argv[0]->kind != TG_V_ARRAY)
        return ae_bad_arg(c, call, 0, "an array", argv[0]);
    if (ae_arg_int(c, call, argv, 1, &i) != TG_OK)
        return NULL;
    size_t n = argv[0]->u.coll.n;
    if (i < 1 || (unsigned long long)i > n) {
        if (try_)
            return ae_null(c);
        return ae_fail_fn(c, call,
                          "index %lld from the end is out of range (the array has %zu "
                          "elements)",
                          i, n);
    }
    return ae_named(c, argv[0]->u.coll.items[n - (size_t)i], call);
}

FN(f_index_from_end)
{
    return index_from_end(c, call, argv, 0);
}

FN(f_try_index_from_end)
{
    return index_from_end(c, call, argv, 1);
}

FN(f_try_get)
{
    tg_value *cur = argv[0];
    for (size_t i = 1; i < argc; i++) {
        tg_value *k = argv[i];
        if (cur->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, cur);
        if (k->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, k);
        if (cur->kind == TG_V_OBJECT && k->kind == TG_V_STRING) {
            cur = tg_value_get(cur, k->u.str.s);
        } else if (cur->kind == TG_V_ARRAY && k->kind == TG_V_NUMBER && ae_is_int(k->u.number)) {
            double d = k->u.number;
            cur = d >= 0 && d < (double)cur->u.coll.n ? cur->u.coll.items[(size_t)d] : NULL;
        } else if (cur->kind == TG_V_NULL) {
            cur = NULL;
        } else {
            return ae_fail_fn(c, call, "cannot look up %s in %s", ae_an(k), ae_an(cur));
        }
        if (!cur)
            return ae_null(c);
    }
    return ae_named(c, cur, call);
}

/* ---- lambdas ---- */

typedef struct lam {
    const ae_node *body;
    const char **names;
    size_t n;
} lam;

FN(f_lambda)
{
    return ae_fail_fn(c, call,
                      "can only be an argument of filter(), map(), reduce(), sort(), "
                      "toObject(), groupBy() or mapValues()");
}

FN(f_lambda_variables)
{
    const char *name;
    if (ae_arg_str(c, call, argv, 0, &name, NULL) != TG_OK)
        return NULL;
    tg_value *v = ae_lambda_var(c, name);
    if (!v)
        return ae_fail_fn(c, call, "no lambda variable '%.60s' is in scope", name);
    return v;
}

static int get_lambda(ae_ctx *c, const ae_node *call, size_t argi, size_t minp, size_t maxp,
                      lam *out)
{
    const ae_node *nd = call->args[argi];
    if (nd->kind != AE_CALL || !nd->fn || nd->fn->impl != f_lambda) {
        ae_fail_fn(c, call, "argument %zu must be a lambda(...)", argi + 1);
        return TG_ERR;
    }
    size_t n = nd->nargs - 1;
    if (n < minp || n > maxp) {
        if (minp == maxp)
            ae_fail_fn(c, call, "the lambda must take %zu parameter%s, not %zu", minp,
                       minp == 1 ? "" : "s", n);
        else
            ae_fail_fn(c, call, "the lambda must take %zu to %zu parameters, not %zu", minp, maxp,
                       n);
        return TG_ERR;
    }
    out->body = nd->args[n];
    out->n = n;
    out->names = tg_arena_alloc(c->a, (n + 1) * sizeof *out->names);
    for (size_t i = 0; i < n; i++) {
        tg_value *v = ae_eval(c, nd->args[i]);
        if (!v)
            return TG_ERR;
        if (v->kind != TG_V_STRING) {
            ae_fail(c, "lambda(): parameter names must be strings, not %s", ae_an(v));
            return TG_ERR;
        }
        out->names[i] = v->u.str.s;
    }
    return TG_OK;
}

/* The index argument of a lambda (filter/map/reduce), made only when it is named. */
static tg_value *index_val(ae_ctx *c, const lam *l, size_t pos, size_t i)
{
    return l->n > pos ? ae_num(c, (double)i) : NULL;
}

static tg_value *apply(ae_ctx *c, const lam *l, tg_value **vals)
{
    ae_scope s = {l->names, vals, l->n, c->scope};
    if (ae_charge(c, 1) != TG_OK)
        return NULL;
    c->scope = &s;
    tg_value *r = ae_eval(c, l->body);
    c->scope = s.up;
    return r;
}

/* The array argument of a lambda function, evaluated; *unknown set when it is unknown. */
static tg_value *lambda_input(ae_ctx *c, const ae_node *call, tg_vkind want, tg_value **unknown)
{
    tg_value *v = ae_eval(c, call->args[0]);
    if (!v)
        return NULL;
    *unknown = NULL;
    if (v->kind == TG_V_UNKNOWN) {
        *unknown = ae_unknown_at(c, call, v);
        return *unknown;
    }
    if (v->kind != want)
        return ae_bad_arg(c, call, 0, want == TG_V_ARRAY ? "an array" : "an object", v);
    return v;
}

FN(f_filter)
{
    tg_value *u, *arr = lambda_input(c, call, TG_V_ARRAY, &u);
    lam l;
    if (!arr || u)
        return arr;
    if (get_lambda(c, call, 1, 1, 2, &l) != TG_OK)
        return NULL;
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < arr->u.coll.n; i++) {
        tg_value *vals[2] = {arr->u.coll.items[i], index_val(c, &l, 1, i)};
        tg_value *keep = apply(c, &l, vals);
        if (!keep)
            return NULL;
        if (keep->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, keep);
        if (keep->kind != TG_V_BOOL)
            return ae_fail_fn(c, call, "the lambda must return a boolean, not %s", ae_an(keep));
        if (keep->u.boolean && ae_push(c, r, arr->u.coll.items[i]) != TG_OK)
            return NULL;
    }
    return r;
}

FN(f_map)
{
    tg_value *u, *arr = lambda_input(c, call, TG_V_ARRAY, &u);
    lam l;
    if (!arr || u)
        return arr;
    if (get_lambda(c, call, 1, 1, 2, &l) != TG_OK)
        return NULL;
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < arr->u.coll.n; i++) {
        tg_value *vals[2] = {arr->u.coll.items[i], index_val(c, &l, 1, i)};
        tg_value *v = apply(c, &l, vals);
        if (!v || ae_push(c, r, v) != TG_OK)
            return NULL;
    }
    return r;
}

FN(f_reduce)
{
    tg_value *u, *arr = lambda_input(c, call, TG_V_ARRAY, &u);
    lam l;
    if (!arr || u)
        return arr;
    tg_value *acc = ae_eval(c, call->args[1]);
    if (!acc || get_lambda(c, call, 2, 2, 3, &l) != TG_OK)
        return NULL;
    for (size_t i = 0; i < arr->u.coll.n; i++) {
        tg_value *vals[3] = {acc, arr->u.coll.items[i], index_val(c, &l, 2, i)};
        if (!(acc = apply(c, &l, vals)))
            return NULL;
    }
    return acc->kind == TG_V_UNKNOWN ? ae_unknown_at(c, call, acc) : acc;
}

/* 1 when the lambda puts b before a; 0 when not; -1 error; -2 unknown (*u set). */
static int sorts_before(ae_ctx *c, const lam *l, tg_value *b, tg_value *a, tg_value **u,
                        const ae_node *call)
{
    tg_value *vals[2] = {b, a};
    tg_value *r = apply(c, l, vals);
    if (!r)
        return -1;
    if (r->kind == TG_V_UNKNOWN) {
        *u = r;
        return -2;
    }
    if (r->kind != TG_V_BOOL) {
        ae_fail_fn(c, call, "the lambda must return a boolean, not %s", ae_an(r));
        return -1;
    }
    return r->u.boolean;
}

FN(f_sort)
{
    tg_value *u, *arr = lambda_input(c, call, TG_V_ARRAY, &u);
    lam l;
    if (!arr || u)
        return arr;
    if (get_lambda(c, call, 1, 2, 2, &l) != TG_OK)
        return NULL;
    size_t n = arr->u.coll.n;
    tg_value **a = tg_arena_alloc(c->a, (n + 1) * sizeof *a);
    tg_value **tmp = tg_arena_alloc(c->a, (n + 1) * sizeof *tmp);
    memcpy(a, arr->u.coll.items, n * sizeof *a);
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                int before = sorts_before(c, &l, a[j], a[i], &u, call);
                if (before == -1)
                    return NULL;
                if (before == -2)
                    return ae_unknown_at(c, call, u);
                tmp[k++] = before ? a[j++] : a[i++];
            }
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        tg_value **t = a;
        a = tmp;
        tmp = t;
    }
    tg_value *r = ae_new(c, TG_V_ARRAY);
    for (size_t i = 0; i < n; i++)
        if (ae_push(c, r, a[i]) != TG_OK)
            return NULL;
    return r;
}

/* The key a lambda gives an element: a known string, or NULL (unknown in *u, or error). */
static const char *lambda_key(ae_ctx *c, const ae_node *call, const lam *l, tg_value *elem,
                              tg_value **u)
{
    tg_value *vals[1] = {elem};
    tg_value *k = apply(c, l, vals);
    *u = NULL;
    if (!k)
        return NULL;
    if (k->kind == TG_V_UNKNOWN) {
        *u = k;
        return NULL;
    }
    if (k->kind != TG_V_STRING) {
        ae_fail_fn(c, call, "the key lambda must return a string, not %s", ae_an(k));
        return NULL;
    }
    return k->u.str.s;
}

FN(f_to_object)
{
    tg_value *u, *arr = lambda_input(c, call, TG_V_ARRAY, &u);
    lam key, val;
    if (!arr || u)
        return arr;
    if (get_lambda(c, call, 1, 1, 1, &key) != TG_OK ||
        (argc == 3 && get_lambda(c, call, 2, 1, 1, &val) != TG_OK))
        return NULL;
    tg_value *r = ae_new(c, TG_V_OBJECT);
    for (size_t i = 0; i < arr->u.coll.n; i++) {
        tg_value *e = arr->u.coll.items[i];
        const char *k = lambda_key(c, call, &key, e, &u);
        if (!k)
            return u ? ae_unknown_at(c, call, u) : NULL;
        tg_value *v = e;
        if (argc == 3) {
            tg_value *vals[1] = {e};
            if (!(v = apply(c, &val, vals)))
                return NULL;
        }
        long at = tg_value_find(r, k);
        if (at >= 0 && strcmp(r->u.coll.keys[at], k) == 0)
            r->u.coll.items[at] = v;
        else if (ae_put(c, r, k, v) != TG_OK)
            return NULL;
    }
    return r;
}

FN(f_group_by)
{
    tg_value *u, *arr = lambda_input(c, call, TG_V_ARRAY, &u);
    lam key;
    if (!arr || u)
        return arr;
    if (get_lambda(c, call, 1, 1, 1, &key) != TG_OK)
        return NULL;
    tg_value *r = ae_new(c, TG_V_OBJECT);
    for (size_t i = 0; i < arr->u.coll.n; i++) {
        tg_value *e = arr->u.coll.items[i];
        const char *k = lambda_key(c, call, &key, e, &u);
        if (!k)
            return u ? ae_unknown_at(c, call, u) : NULL;
        long at = -1;
        for (size_t j = 0; j < r->u.coll.n && at < 0; j++)
            if (strcmp(r->u.coll.keys[j], k) == 0)
                at = (long)j;
        if (at < 0) {
            tg_value *group = ae_new(c, TG_V_ARRAY);
            if (ae_put(c, r, k, group) != TG_OK)
                return NULL;
            at = (long)r->u.coll.n - 1;
        }
        if (ae_push(c, r->u.coll.items[at], e) != TG_OK)
            return NULL;
    }
    return r;
}

FN(f_map_values)
{
    tg_value *u, *obj = lambda_input(c, call, TG_V_OBJECT, &u);
    lam l;
    if (!obj || u)
        return obj;
    if (get_lambda(c, call, 1, 1, 1, &l) != TG_OK)
        return NULL;
    tg_value *r = ae_new(c, TG_V_OBJECT);
    for (size_t i = 0; i < obj->u.coll.n; i++) {
        tg_value *vals[1] = {obj->u.coll.items[i]};
        tg_value *v = apply(c, &l, vals);
        if (!v || ae_put(c, r, obj->u.coll.keys[i], v) != TG_OK)
            return NULL;
    }
    return r;
}

/* ---- table ---- */

#define ANY (-1)
#define UK AE_UNKNOWN_OK

const ae_func ae_coll_funcs[] = {
    {"array", 1, 1, 0, f_array},
    {"createArray", 0, ANY, UK, f_create_array},
    {"createObject", 0, ANY, UK, f_create_object},
    {"union", 1, ANY, 0, f_union},
    {"intersection", 2, ANY, 0, f_intersection},
    {"objectKeys", 1, 1, 0, f_object_keys},
    {"items", 1, 1, 0, f_items},
    {"shallowMerge", 1, 1, 0, f_shallow_merge},
    {"flatten", 1, 1, 0, f_flatten},
    {"indexFromEnd", 2, 2, 0, f_index_from_end},
    {"tryIndexFromEnd", 2, 2, 0, f_try_index_from_end},
    {"tryGet", 2, ANY, UK, f_try_get},
    {"lambda", 1, ANY, AE_LAZY, f_lambda},
    {"lambdaVariables", 1, 1, 0, f_lambda_variables},
    {"filter", 2, 2, AE_LAZY, f_filter},
    {"map", 2, 2, AE_LAZY, f_map},
    {"reduce", 3, 3, AE_LAZY, f_reduce},
    {"sort", 2, 2, AE_LAZY, f_sort},
    {"toObject", 2, 3, AE_LAZY, f_to_object},
    {"groupBy", 2, 2, AE_LAZY, f_group_by},
    {"mapValues", 2, 2, AE_LAZY, f_map_values},
};

const size_t ae_coll_nfuncs = sizeof ae_coll_funcs / sizeof ae_coll_funcs[0];
