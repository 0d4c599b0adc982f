/* armeval_funcs.c — the function library's core: the argument checks every function
 * uses, the deployment and scope functions (answered by the host), resource ids, logic
 * and comparison, numbers, and the lookup of a function by name across the library
 * (armeval_strings.c, armeval_coll.c and armeval_hash.c hold the string, array, object,
 * lambda and encoding functions). Each function gets its evaluated arguments (an unknown
 * argument already turned into an unknown result unless the function is marked
 * AE_UNKNOWN_OK), or evaluates them itself when marked AE_LAZY (if, and, or, coalesce,
 * the lambdas). */
#include "armeval_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FN(name) static AE_FN(name)

/* ---- argument checks ---- */

tg_value *ae_bad_arg(ae_ctx *c, const ae_node *call, size_t i, const char *want,
                     const tg_value *got)
{
    return ae_fail_fn(c, call, "argument %zu must be %s, not %s", i + 1, want, ae_an(got));
}

int ae_arg_str(ae_ctx *c, const ae_node *call, tg_value **argv, size_t i, const char **s,
               size_t *len)
{
    if (argv[i]->kind != TG_V_STRING) {
        ae_bad_arg(c, call, i, "a string", argv[i]);
        return TG_ERR;
    }
    *s = argv[i]->u.str.s;
    if (len)
        *len = argv[i]->u.str.len;
    return TG_OK;
}

int ae_arg_int(ae_ctx *c, const ae_node *call, tg_value **argv, size_t i, long long *out)
{
    if (argv[i]->kind != TG_V_NUMBER || !ae_is_int(argv[i]->u.number)) {
        if (argv[i]->kind == TG_V_NUMBER)
            ae_fail_fn(c, call, "argument %zu must be an integer, not %g", i + 1,
                       argv[i]->u.number);
        else
            ae_bad_arg(c, call, i, "an integer", argv[i]);
        return TG_ERR;
    }
    *out = (long long)argv[i]->u.number;
    return TG_OK;
}

int ae_arg_bool(ae_ctx *c, const ae_node *call, tg_value **argv, size_t i, int *out)
{
    if (argv[i]->kind != TG_V_BOOL) {
        ae_bad_arg(c, call, i, "a boolean", argv[i]);
        return TG_ERR;
    }
    *out = argv[i]->u.boolean;
    return TG_OK;
}

/* Text of a scalar as functions that accept "string-like" values read it. */
int ae_scalar_text(const tg_value *v, char buf[40], const char **s, size_t *len)
{
    switch (v->kind) {
    case TG_V_STRING:
        *s = v->u.str.s;
        *len = v->u.str.len;
        return 1;
    case TG_V_NUMBER:
        ae_num_text(v->u.number, buf);
        *s = buf;
        *len = strlen(buf);
        return 1;
    case TG_V_BOOL:
        *s = v->u.boolean ? "True" : "False";
        *len = strlen(*s);
        return 1;
    default:
        return 0;
    }
}

/* ---- deployment, scope and runtime functions ---- */

FN(f_parameters)
{
    const char *name;
    if (ae_arg_str(c, call, argv, 0, &name, NULL) != TG_OK)
        return NULL;
    if (!c->h->parameter)
        return ae_fail_fn(c, call, "no parameters are available here");
    tg_value *v = c->h->parameter(c->h->ud, name, c->err);
    if (!v)
        return ae_host_failed(c);
    return ae_named(c, v, call);
}

FN(f_variables)
{
    const char *name;
    if (ae_arg_str(c, call, argv, 0, &name, NULL) != TG_OK)
        return NULL;
    if (!c->h->variable)
        return ae_fail_fn(c, call, "no variables are available here");
    tg_value *v = c->h->variable(c->h->ud, name, c->err);
    if (!v)
        return ae_host_failed(c);
    return ae_named(c, v, call);
}

FN(f_copy_index)
{
    const char *loop = NULL;
    long long offset = 0;
    size_t oi = argc;
    if (argc >= 1 && argv[0]->kind == TG_V_STRING) {
        loop = argv[0]->u.str.s;
        oi = 1;
    } else if (argc == 1) {
        oi = 0;
    } else if (argc == 2) {
        return ae_bad_arg(c, call, 0, "a loop name", argv[0]);
    }
    if (oi < argc && ae_arg_int(c, call, argv, oi, &offset) != TG_OK)
        return NULL;
    if (!c->h->copy_index)
        return ae_fail_fn(c, call, "is only allowed inside a copy loop");
    long idx = 0;
    if (c->h->copy_index(c->h->ud, loop, &idx, c->err) != 0)
        return ae_host_failed(c);
    return ae_num(c, (double)idx + (double)offset);
}

static tg_value *context(ae_ctx *c, const ae_node *call, const char *which)
{
    tg_value *v = c->h->context ? c->h->context(c->h->ud, which) : NULL;
    if (!v)
        return ae_runtime(c, call);
    return ae_named(c, v, call);
}

FN(f_resource_group)
{
    return context(c, call, "resourceGroup");
}

FN(f_subscription)
{
    return context(c, call, "subscription");
}

FN(f_deployment)
{
    return context(c, call, "deployment");
}

FN(f_environment)
{
    return context(c, call, "environment");
}

FN(f_tenant)
{
    return context(c, call, "tenant");
}

FN(f_management_group)
{
    return context(c, call, "managementGroup");
}

FN(f_reference)
{
    tg_value *target = ae_named(c, argv[0], call->args[0]);
    int full = argc == 3 && tg_value_is_istr(argv[2], "Full");
    if (!c->h->reference) {
        tg_value *v = ae_new(c, TG_V_UNKNOWN);
        v->u.reason = "is only known after deployment: reference(...)";
        v->expr = ae_node_text(c, call);
        return v;
    }
    tg_value *v = c->h->reference(c->h->ud, target, full, c->err);
    if (!v)
        return ae_host_failed(c);
    return ae_named(c, v, call);
}

FN(f_runtime)
{
    return ae_runtime(c, call);
}

/* ---- resource ids ---- */

/* The member of a scope object (subscription().subscriptionId, ...) as a readable part;
 * NULL when the scope has no such member. */
static const tg_value *scope_part(ae_ctx *c, const char *which, const char *member,
                                  const char *readable)
{
    tg_value *ctx = c->h->context ? c->h->context(c->h->ud, which) : NULL;
    tg_value *v = NULL;
    if (!ctx || ctx->kind == TG_V_UNKNOWN) {
        v = ae_new(c, TG_V_UNKNOWN);
        v->u.reason = ctx ? ctx->u.reason
                          : tg_arena_printf(c->a, "is only known at deployment: %s", readable);
    } else {
        v = tg_value_get(ctx, member);
        if (!v || v->kind == TG_V_NULL)
            return NULL;
        if (v->kind != TG_V_UNKNOWN || v->expr)
            return v;
        v = ae_copy(c, v);
    }
    v->expr = tg_arena_printf(c->a, "{%s}", readable);
    return v;
}

/* "/ns/seg1/name1/seg2/name2..." for type "ns/seg1/seg2" and names argv[first...]. */
static int add_type_and_names(ae_ctx *c, ae_rd *r, const ae_node *call, tg_value **argv,
                              size_t argc, size_t t)
{
    const char *type = argv[t]->u.str.s;
    /* trailing slashes are tolerated ("Microsoft.X/y/" is seen in shipped templates) */
    size_t tlen = argv[t]->u.str.len;
    while (tlen > 1 && type[tlen - 1] == '/')
        tlen--;
    if (tlen != argv[t]->u.str.len)
        type = tg_arena_strndup(c->a, type, tlen);
    const char *slash = strchr(type, '/');
    size_t segs = 0;
    for (const char *p = slash; p; p = strchr(p + 1, '/'))
        segs++;
    if (argc - t - 1 != segs) {
        ae_fail_fn(c, call, "the type '%s' needs %zu name%s, not %zu", type, segs,
                   segs == 1 ? "" : "s", argc - t - 1);
        return TG_ERR;
    }
    ae_rd_text(c, r, type, (size_t)(slash - type));
    const char *seg = slash + 1;
    for (size_t k = 0; k < segs; k++) {
        size_t len = strcspn(seg, "/");
        if (len == 0) {
            ae_fail_fn(c, call, "the type '%s' has an empty segment", type);
            return TG_ERR;
        }
        ae_rd_text(c, r, "/", 1);
        ae_rd_text(c, r, seg, len);
        ae_rd_text(c, r, "/", 1);
        if (ae_rd_value(c, r, argv[t + 1 + k], call->args[t + 1 + k], call) != TG_OK)
            return TG_ERR;
        seg += len + (seg[len] == '/');
    }
    return TG_OK;
}

/* The index of the type argument: the first known string with a '/' in it. */
static long find_type(tg_value **argv, size_t argc, size_t from)
{
    for (size_t i = from; i < argc; i++)
        if (argv[i]->kind == TG_V_STRING && memchr(argv[i]->u.str.s, '/', argv[i]->u.str.len))
            return (long)i;
    return -1;
}

typedef enum { ID_GROUP, ID_SUBSCRIPTION, ID_TENANT, ID_MANAGEMENT_GROUP } id_scope;

static tg_value *resource_id(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc,
                             id_scope scope)
{
    long t = find_type(argv, argc, 0);
    if (t < 0) {
        tg_value *u = ae_first_unknown(argv, argc);
        if (u)
            return ae_unknown_at(c, call, u);
        return ae_fail_fn(c, call, "no argument is a resource type (such as 'Microsoft.X/y')");
    }
    size_t max_pre = scope == ID_GROUP ? 2 : scope == ID_TENANT ? 0 : 1;
    if ((size_t)t > max_pre)
        return ae_fail_fn(c, call, "takes at most %zu argument%s before the resource type", max_pre,
                          max_pre == 1 ? "" : "s");
    for (long i = 0; i < t; i++)
        if (argv[i]->kind != TG_V_STRING && argv[i]->kind != TG_V_UNKNOWN)
            return ae_bad_arg(c, call, (size_t)i, "a string", argv[i]);
    ae_rd r = {0};
    const tg_value *sub = NULL, *rg = NULL, *mg = NULL;
    if (scope == ID_GROUP || scope == ID_SUBSCRIPTION) {
        size_t si = scope == ID_GROUP ? 2 : 1;
        sub = (size_t)t >= si ? argv[t - (long)si] : NULL;
        if (!sub)
            sub = scope_part(c, "subscription", "subscriptionId", "subscription().subscriptionId");
        if (!sub)
            return ae_fail_fn(c, call, "the deployment has no subscription");
        if (scope == ID_GROUP) {
            rg = t >= 1 ? argv[t - 1]
                        : scope_part(c, "resourceGroup", "name", "resourceGroup().name");
        }
    } else if (scope == ID_MANAGEMENT_GROUP) {
        mg = t >= 1 ? argv[0] : scope_part(c, "managementGroup", "name", "managementGroup().name");
        if (!mg)
            return ae_fail_fn(c, call, "the deployment has no management group");
    }
    if (sub) {
        ae_rd_text(c, &r, "/subscriptions/", 15);
        ae_rd_value(c, &r, sub, t >= 1 ? call->args[0] : call, call);
        if (rg) {
            ae_rd_text(c, &r, "/resourceGroups/", 16);
            ae_rd_value(c, &r, rg, t >= 1 ? call->args[t - 1] : call, call);
        }
    } else if (mg) {
        ae_rd_text(c, &r, "/providers/Microsoft.Management/managementGroups/", 49);
        ae_rd_value(c, &r, mg, t >= 1 ? call->args[0] : call, call);
    }
    ae_rd_text(c, &r, "/providers/", 11);
    if (add_type_and_names(c, &r, call, argv, argc, (size_t)t) != TG_OK)
        return NULL;
    return ae_rd_finish(c, &r);
}

FN(f_resource_id)
{
    return resource_id(c, call, argv, argc, ID_GROUP);
}

FN(f_subscription_resource_id)
{
    return resource_id(c, call, argv, argc, ID_SUBSCRIPTION);
}

FN(f_tenant_resource_id)
{
    return resource_id(c, call, argv, argc, ID_TENANT);
}

FN(f_management_group_resource_id)
{
    return resource_id(c, call, argv, argc, ID_MANAGEMENT_GROUP);
}

FN(f_extension_resource_id)
{
    if (argv[0]->kind != TG_V_STRING && argv[0]->kind != TG_V_UNKNOWN)
        return ae_bad_arg(c, call, 0, "a resource id", argv[0]);
    if (argv[1]->kind == TG_V_UNKNOWN)
        return ae_unknown_at(c, call, argv[1]);
    if (argv[1]->kind != TG_V_STRING || !strchr(argv[1]->u.str.s, '/'))
        return ae_fail_fn(c, call, "argument 2 must be a resource type (such as 'Microsoft.X/y')");
    ae_rd r = {0};
    ae_rd_value(c, &r, argv[0], call->args[0], call);
    ae_rd_text(c, &r, "/providers/", 11);
    if (add_type_and_names(c, &r, call, argv, argc, 1) != TG_OK)
        return NULL;
    return ae_rd_finish(c, &r);
}

/* ---- logic and comparison ---- */

FN(f_if)
{
    tg_value *cond = ae_eval(c, call->args[0]);
    if (!cond)
        return NULL;
    if (cond->kind == TG_V_BOOL)
        return ae_eval(c, call->args[cond->u.boolean ? 1 : 2]);
    if (cond->kind != TG_V_UNKNOWN)
        return ae_bad_arg(c, call, 0, "a boolean", cond);
    /* Either branch may be the one deployed: the result is known only when both are
     * the same. A branch that fails may never be taken, so its error is not ours. */
    tg_error scratch, *oerr = c->err;
    memset(&scratch, 0, sizeof scratch);
    c->err = &scratch;
    tg_value *a = ae_eval(c, call->args[1]);
    tg_value *b = a ? ae_eval(c, call->args[2]) : NULL;
    c->err = oerr;
    if (c->work > AE_MAX_WORK) /* a spent budget is an error either way */
        return ae_fail(c, "the expression needs more than %zu steps of work", AE_MAX_WORK);
    if (a && b && tg_value_equal3(a, b) == 1)
        return a;
    return ae_unknown_at(c, call, cond);
}

static tg_value *and_or(ae_ctx *c, const ae_node *call, int is_and)
{
    tg_value *unknown = NULL;
    for (size_t i = 0; i < call->nargs; i++) {
        tg_value *v = ae_eval(c, call->args[i]);
        if (!v)
            return NULL;
        if (v->kind == TG_V_UNKNOWN) {
            if (!unknown)
                unknown = v;
            continue;
        }
        if (v->kind != TG_V_BOOL)
            return ae_bad_arg(c, call, i, "a boolean", v);
        if ((!v->u.boolean) == is_and) /* and: a false decides; or: a true decides */
            return ae_bool(c, !is_and);
    }
    if (unknown)
        return ae_unknown_at(c, call, unknown);
    return ae_bool(c, is_and);
}

FN(f_and)
{
    return and_or(c, call, 1);
}

FN(f_or)
{
    return and_or(c, call, 0);
}

FN(f_not)
{
    int b;
    if (ae_arg_bool(c, call, argv, 0, &b) != TG_OK)
        return NULL;
    return ae_bool(c, !b);
}

FN(f_true)
{
    return ae_bool(c, 1);
}

FN(f_false)
{
    return ae_bool(c, 0);
}

FN(f_null)
{
    return ae_null(c);
}

FN(f_bool)
{
    tg_value *v = argv[0];
    if (v->kind == TG_V_BOOL)
        return v;
    if (v->kind == TG_V_NUMBER)
        return ae_bool(c, v->u.number != 0);
    if (v->kind == TG_V_STRING) {
        if (tg_text_ieq(v->u.str.s, "true"))
            return ae_bool(c, 1);
        if (tg_text_ieq(v->u.str.s, "false"))
            return ae_bool(c, 0);
        return ae_fail_fn(c, call, "'%.60s' is not a boolean", v->u.str.s);
    }
    return ae_bad_arg(c, call, 0, "a string, integer or boolean", v);
}

FN(f_coalesce)
{
    for (size_t i = 0; i < call->nargs; i++) {
        tg_value *v = ae_eval(c, call->args[i]);
        if (!v)
            return NULL;
        if (v->kind == TG_V_UNKNOWN) /* it may be null or not: the rest cannot decide */
            return ae_unknown_at(c, call, v);
        if (v->kind != TG_V_NULL)
            return v;
    }
    return ae_null(c);
}

FN(f_equals)
{
    int r = tg_value_equal3(argv[0], argv[1]);
    if (r == -2)
        return ae_fail_fn(c, call, "the values are nested too deeply to compare");
    if (r < 0) {
        const tg_value *u = ae_deep_unknown(argv[0], 0);
        return ae_unknown_at(c, call, u ? u : ae_deep_unknown(argv[1], 0));
    }
    return ae_bool(c, r);
}

/* <0, 0, >0, or TG_ERR-ish 2 with err set */
static int compare(ae_ctx *c, const ae_node *call, tg_value **argv, int *out)
{
    tg_value *a = argv[0], *b = argv[1];
    if (a->kind == TG_V_NUMBER && b->kind == TG_V_NUMBER) {
        *out = a->u.number < b->u.number ? -1 : a->u.number > b->u.number;
        return TG_OK;
    }
    if (a->kind == TG_V_STRING && b->kind == TG_V_STRING) {
        *out = ae_strcmp_culture(a->u.str.s, a->u.str.len, b->u.str.s, b->u.str.len);
        return TG_OK;
    }
    ae_fail_fn(c, call, "compares two integers or two strings, not %s and %s", ae_an(a), ae_an(b));
    return TG_ERR;
}

FN(f_less)
{
    int r;
    return compare(c, call, argv, &r) == TG_OK ? ae_bool(c, r < 0) : NULL;
}

FN(f_less_or_equals)
{
    int r;
    return compare(c, call, argv, &r) == TG_OK ? ae_bool(c, r <= 0) : NULL;
}

FN(f_greater)
{
    int r;
    return compare(c, call, argv, &r) == TG_OK ? ae_bool(c, r > 0) : NULL;
}

FN(f_greater_or_equals)
{
    int r;
    return compare(c, call, argv, &r) == TG_OK ? ae_bool(c, r >= 0) : NULL;
}

/* ---- numbers ---- */

static tg_value *int_result(ae_ctx *c, const ae_node *call, long long r, int overflow)
{
    if (overflow)
        return ae_fail_fn(c, call, "the result does not fit in a 64-bit integer");
    return ae_num(c, (double)r);
}

static int two_ints(ae_ctx *c, const ae_node *call, tg_value **argv, long long *a, long long *b)
{
    if (ae_arg_int(c, call, argv, 0, a) != TG_OK || ae_arg_int(c, call, argv, 1, b) != TG_OK)
        return TG_ERR;
    return TG_OK;
}

FN(f_add)
{
    long long a, b, r;
    if (two_ints(c, call, argv, &a, &b) != TG_OK)
        return NULL;
    int o = __builtin_add_overflow(a, b, &r);
    return int_result(c, call, r, o);
}

FN(f_sub)
{
    long long a, b, r;
    if (two_ints(c, call, argv, &a, &b) != TG_OK)
        return NULL;
    int o = __builtin_sub_overflow(a, b, &r);
    return int_result(c, call, r, o);
}

FN(f_mul)
{
    long long a, b, r;
    if (two_ints(c, call, argv, &a, &b) != TG_OK)
        return NULL;
    int o = __builtin_mul_overflow(a, b, &r);
    return int_result(c, call, r, o);
}

FN(f_div)
{
    long long a, b;
    if (two_ints(c, call, argv, &a, &b) != TG_OK)
        return NULL;
    if (b == 0)
        return ae_fail_fn(c, call, "division by zero");
    return int_result(c, call, b == -1 ? -a : a / b, a == LLONG_MIN && b == -1);
}

FN(f_mod)
{
    long long a, b;
    if (two_ints(c, call, argv, &a, &b) != TG_OK)
        return NULL;
    if (b == 0)
        return ae_fail_fn(c, call, "division by zero");
    return int_result(c, call, b == -1 ? 0 : a % b, 0);
}

/* Parses all of s (surrounding whitespace allowed) as a number. */
static int parse_number(const char *s, size_t len, int integer, double *out)
{
    char buf[64];
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= sizeof buf)
        return TG_ERR;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    if (integer) {
        long long v = strtoll(buf, &end, 10);
        *out = (double)v;
    } else {
        if (!((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-' || buf[0] == '+' || buf[0] == '.'))
            return TG_ERR; /* no "inf", "nan", hex */
        *out = strtod(buf, &end);
    }
    return *end || errno == ERANGE ? TG_ERR : TG_OK;
}

FN(f_int)
{
    tg_value *v = argv[0];
    double d;
    if (v->kind == TG_V_NUMBER) {
        d = trunc(v->u.number);
        if (!ae_is_int(d))
            return ae_fail_fn(c, call, "%g does not fit in a 64-bit integer", v->u.number);
        return ae_num(c, d);
    }
    if (v->kind == TG_V_STRING) {
        if (parse_number(v->u.str.s, v->u.str.len, 1, &d) != TG_OK)
            return ae_fail_fn(c, call, "'%.60s' is not an integer", v->u.str.s);
        return ae_num(c, d);
    }
    return ae_bad_arg(c, call, 0, "a string or an integer", v);
}

FN(f_float)
{
    tg_value *v = argv[0];
    double d;
    if (v->kind == TG_V_NUMBER)
        return v;
    if (v->kind == TG_V_STRING) {
        if (parse_number(v->u.str.s, v->u.str.len, 0, &d) != TG_OK)
            return ae_fail_fn(c, call, "'%.60s' is not a number", v->u.str.s);
        return ae_num(c, d);
    }
    return ae_bad_arg(c, call, 0, "a string or a number", v);
}

static tg_value *min_max(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc, int max)
{
    tg_value **items = argv;
    size_t n = argc;
    if (argc == 1 && argv[0]->kind == TG_V_ARRAY) {
        items = argv[0]->u.coll.items;
        n = argv[0]->u.coll.n;
    }
    if (n == 0)
        return ae_fail_fn(c, call, "needs at least one value");
    double best = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i]->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, items[i]);
        if (items[i]->kind != TG_V_NUMBER)
            return ae_fail_fn(c, call, "compares integers, not %s", ae_an(items[i]));
        double d = items[i]->u.number;
        if (i == 0 || (max ? d > best : d < best))
            best = d;
    }
    return ae_num(c, best);
}

FN(f_min)
{
    return min_max(c, call, argv, argc, 0);
}

FN(f_max)
{
    return min_max(c, call, argv, argc, 1);
}

FN(f_range)
{
    long long start, count;
    if (two_ints(c, call, argv, &start, &count) != TG_OK)
        return NULL;
    if (count < 0 || count > 10000)
        return ae_fail_fn(c, call, "the count must be between 0 and 10000, not %lld", count);
    if (start < INT_MIN || start + count > INT_MAX)
        return ae_fail_fn(c, call, "the range %lld..%lld is outside the 32-bit integers", start,
                          start + count - 1);
    tg_value *arr = ae_new(c, TG_V_ARRAY);
    for (long long i = 0; i < count; i++)
        if (ae_push(c, arr, ae_num(c, (double)(start + i))) != TG_OK)
            return NULL;
    return arr;
}

/* fail('message'): Bicep's way to stop a deployment with a message (emitted in the branch of
 * an if() that should never be taken); reaching it is an error naming the message. */
FN(f_fail)
{
    const tg_value *msg = argv[0];
    return ae_fail_fn(c, call, "the template stops the deployment here: %s",
                      msg->kind == TG_V_STRING ? msg->u.str.s : "(no message)");
}

/* ---- lookup ---- */

#define ANY (-1)
#define UK AE_UNKNOWN_OK

static const ae_func funcs[] = {
    {"parameters", 1, 1, 0, f_parameters},
    {"variables", 1, 1, 0, f_variables},
    {"copyIndex", 0, 2, 0, f_copy_index},
    {"resourceGroup", 0, 0, 0, f_resource_group},
    {"subscription", 0, 0, 0, f_subscription},
    {"deployment", 0, 0, 0, f_deployment},
    {"environment", 0, 0, 0, f_environment},
    {"tenant", 0, 0, 0, f_tenant},
    {"managementGroup", 0, 1, 0, f_management_group},
    {"reference", 1, 3, UK, f_reference},
    {"references", 0, 2, AE_RUNTIME, f_runtime},
    {"pickZones", 3, 5, AE_RUNTIME, f_runtime},
    {"utcNow", 0, 1, AE_RUNTIME, f_runtime},
    {"newGuid", 0, 0, AE_RUNTIME, f_runtime},
    {"deployer", 0, 0, AE_RUNTIME, f_runtime},
    {"fail", 1, 1, 0, f_fail},
    {"resourceId", 1, ANY, UK, f_resource_id},
    {"subscriptionResourceId", 1, ANY, UK, f_subscription_resource_id},
    {"tenantResourceId", 1, ANY, UK, f_tenant_resource_id},
    {"managementGroupResourceId", 1, ANY, UK, f_management_group_resource_id},
    {"extensionResourceId", 3, ANY, UK, f_extension_resource_id},
    {"providers", 1, 2, AE_UNEVALUATED, f_runtime},
    {"dateTimeAdd", 2, 3, AE_UNEVALUATED, f_runtime},
    {"dateTimeFromEpoch", 1, 1, AE_UNEVALUATED, f_runtime},
    {"dateTimeToEpoch", 1, 1, AE_UNEVALUATED, f_runtime},
    {"parseCidr", 1, 1, AE_UNEVALUATED, f_runtime},
    {"cidrSubnet", 3, 3, AE_UNEVALUATED, f_runtime},
    {"cidrHost", 2, 2, AE_UNEVALUATED, f_runtime},
    {"if", 3, 3, AE_LAZY, f_if},
    {"and", 1, ANY, AE_LAZY, f_and},
    {"or", 1, ANY, AE_LAZY, f_or},
    {"not", 1, 1, 0, f_not},
    {"true", 0, 0, 0, f_true},
    {"false", 0, 0, 0, f_false},
    {"null", 0, 0, 0, f_null},
    {"bool", 1, 1, 0, f_bool},
    {"coalesce", 1, ANY, AE_LAZY, f_coalesce},
    {"equals", 2, 2, UK, f_equals},
    {"less", 2, 2, 0, f_less},
    {"lessOrEquals", 2, 2, 0, f_less_or_equals},
    {"greater", 2, 2, 0, f_greater},
    {"greaterOrEquals", 2, 2, 0, f_greater_or_equals},
    {"add", 2, 2, 0, f_add},
    {"sub", 2, 2, 0, f_sub},
    {"mul", 2, 2, 0, f_mul},
    {"div", 2, 2, 0, f_div},
    {"mod", 2, 2, 0, f_mod},
    {"int", 1, 1, 0, f_int},
    {"float", 1, 1, 0, f_float},
    {"min", 1, ANY, 0, f_min},
    {"max", 1, ANY, 0, f_max},
    {"range", 2, 2, 0, f_range},
};

static const ae_func list_func = {"list", 1, 3, AE_RUNTIME, f_runtime};

static const ae_func *search(const ae_func *t, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i].name) == len && tg_text_ieqn(t[i].name, name, len))
            return &t[i];
    return NULL;
}

const ae_func *ae_func_lookup(const char *name, size_t len)
{
    const ae_func *f = search(funcs, sizeof funcs / sizeof funcs[0], name, len);
    if (!f)
        f = search(ae_string_funcs, ae_string_nfuncs, name, len);
    if (!f)
        f = search(ae_coll_funcs, ae_coll_nfuncs, name, len);
    if (!f)
        f = search(ae_encode_funcs, ae_encode_nfuncs, name, len);
    if (!f && len >= 4 && tg_text_ieqn(name, "list", 4))
        f = &list_func; /* listKeys, listSecrets, listAccountSas, ... */
    return f;
}
