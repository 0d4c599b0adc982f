/* test_armeval.c — the ARM expression evaluator against the function semantics of the
 * Resource Manager documentation (its examples are the expected values), three-way
 * unknowns (reason and readable expr), the host callbacks (a fake host below), and
 * hostile input: malformed, deeply nested, long or expensive expressions fail cleanly. */
#include "armeval.h"
#include "json.h"
#include "source.h"
#include "text.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/* ---- the fake host ---- */

typedef struct fake {
    tg_arena *a;
    tg_value *params, *vars, *udfs, *ctx;
    long copy;        /* current copy index; -1 outside a loop */
    const char *loop; /* its name */
    int unknown_ctx;  /* subscription / resource group not known */
    int references;   /* reference() calls seen */
    int ref_full;
} fake;

typedef struct fx {
    fake h;
    tg_arm_host host;
    tg_error err;
} fx;

static tg_value *parse(tg_arena *a, const char *json)
{
    tg_source *src = NULL;
    tg_error e;
    tg_value *v = NULL;
    if (tg_source_from_bytes(&src, "test", json, strlen(json), &e) != TG_OK ||
        tg_json_parse(&v, src, a, &e) != TG_OK)
        fail_msg("test JSON does not parse: %s", e.message);
    tg_source_free(src);
    return v;
}

static tg_value *host_parameter(void *ud, const char *name, tg_error *err)
{
    fake *f = ud;
    if (tg_text_ieq(name, "sku")) /* declared, without a value */
        return tg_value_unknownf(f->a, "comes from parameter '%s', which has no value", name);
    tg_value *v = tg_value_get(f->params, name);
    if (!v)
        tg_error_set(err, NULL, 0, 0, "the template declares no parameter '%s'", name);
    return v;
}

static tg_value *host_variable(void *ud, const char *name, tg_error *err)
{
    fake *f = ud;
    tg_value *v = tg_value_get(f->vars, name);
    if (!v)
        tg_error_set(err, NULL, 0, 0, "the template declares no variable '%s'", name);
    return v;
}

static int host_copy_index(void *ud, const char *loop, long *out, tg_error *err)
{
    fake *f = ud;
    if (f->copy < 0) {
        tg_error_set(err, NULL, 0, 0, "copyIndex() is used outside a copy loop");
        return -1;
    }
    if (loop && !tg_text_ieq(loop, f->loop)) {
        tg_error_set(err, NULL, 0, 0, "there is no copy loop named '%s'", loop);
        return -1;
    }
    *out = f->copy;
    return 0;
}

static tg_value *host_reference(void *ud, const tg_value *target, int full, tg_error *err)
{
    fake *f = ud;
    f->references++;
    f->ref_full = full;
    if (tg_value_is_istr(target, "nested"))
        return parse(f->a, "{\"outputs\": {\"endpoint\": {\"type\": \"string\", \"value\": "
                           "\"https://x\"}}}");
    return tg_value_unknown(f->a, "is only known after deployment: reference(...)");
}

static tg_value *unknown_member(fake *f, const char *readable)
{
    tg_value *v = tg_value_unknownf(f->a, "is only known at deployment: %s", readable);
    v->expr = tg_arena_printf(f->a, "{%s}", readable);
    return v;
}

static tg_value *host_context(void *ud, const char *which)
{
    fake *f = ud;
    if (f->unknown_ctx && strcmp(which, "resourceGroup") == 0) {
        tg_value *o = tg_value_new(f->a, TG_V_OBJECT);
        tg_value_set(f->a, o, "name", unknown_member(f, "resourceGroup().name"));
        tg_value_set(f->a, o, "location", unknown_member(f, "resourceGroup().location"));
        return o;
    }
    if (f->unknown_ctx && strcmp(which, "subscription") == 0) {
        tg_value *o = tg_value_new(f->a, TG_V_OBJECT);
        tg_value_set(f->a, o, "subscriptionId", unknown_member(f, "subscription().subscriptionId"));
        return o;
    }
    tg_value *v = tg_value_get(f->ctx, which);
    return v ? v : tg_value_unknown(f->a, "is not known here");
}

static const tg_value *host_user_function(void *ud, const char *name)
{
    fake *f = ud;
    return tg_value_get(f->udfs, name);
}

static int setup(void **state)
{
    fx *x = calloc(1, sizeof *x);
    fake *f = &x->h;
    f->a = tg_arena_new();
    f->copy = -1;
    f->loop = "rules";
    f->params = parse(f->a, "{\"name\": \"tr\", \"count\": 3, \"flag\": true,"
                            " \"arr\": [\"a\", \"b\", \"c\"], \"nums\": [3, 1, 2],"
                            " \"obj\": {\"a\": 1, \"Inner\": {\"x\": \"y\"}, \"nothing\": null},"
                            " \"undefinedHere\": 0}");
    tg_value *big = tg_value_new(f->a, TG_V_ARRAY);
    for (int i = 0; i < 10000; i++) {
        tg_value *n = tg_value_new(f->a, TG_V_NUMBER);
        n->u.number = i;
        tg_value_append(f->a, big, n);
    }
    tg_value_set(f->a, f->params, "big", big);
    f->vars = parse(f->a, "{\"prefix\": \"pre-\", \"list\": [1, 2]}");
    f->ctx = parse(f->a, "{\"resourceGroup\": {\"name\": \"rg1\", \"location\": \"westeurope\","
                         " \"id\": \"/subscriptions/sub1/resourceGroups/rg1\"},"
                         " \"subscription\": {\"subscriptionId\": \"sub1\", \"tenantId\": \"t1\"},"
                         " \"deployment\": {\"name\": \"dep1\"},"
                         " \"environment\": {\"name\": \"AzureCloud\"},"
                         " \"tenant\": {\"tenantId\": \"t1\"},"
                         " \"managementGroup\": {\"name\": \"mg1\"}}");
    f->udfs = parse(
        f->a, "{\"ns.greet\": {\"parameters\": [{\"name\": \"who\", \"type\": \"string\"}],"
              "  \"output\": {\"type\": \"string\", \"value\": \"[concat('hello ', "
              "parameters('who'))]\"}},"
              " \"ns.pair\": {\"parameters\": [{\"name\": \"a\", \"type\": \"int\"},"
              "   {\"name\": \"b\", \"type\": \"int\"}],"
              "  \"output\": {\"type\": \"object\", \"value\": {\"sum\": \"[add(parameters('a'), "
              "parameters('b'))]\", \"lit\": \"[[x\"}}},"
              " \"ns.usesvar\": {\"parameters\": [],"
              "  \"output\": {\"type\": \"string\", \"value\": \"[variables('prefix')]\"}},"
              " \"ns.loop\": {\"parameters\": [],"
              "  \"output\": {\"type\": \"string\", \"value\": \"[ns.loop()]\"}},"
              " \"ns.outer\": {\"parameters\": [{\"name\": \"p\", \"type\": \"string\"}],"
              "  \"output\": {\"type\": \"string\", \"value\": \"[parameters('name')]\"}}}");
    x->host = (tg_arm_host){f,
                            host_parameter,
                            host_variable,
                            host_copy_index,
                            host_reference,
                            host_context,
                            host_user_function};
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fx *x = *state;
    tg_arena_free(x->h.a);
    free(x);
    return 0;
}

/* ---- helpers ---- */

static tg_value *ev_at(fx *x, const char *s, int line, int col)
{
    memset(&x->err, 0, sizeof x->err);
    return tg_arm_eval_string(x->h.a, &x->host, s, strlen(s), line, col, &x->err);
}

static tg_value *ev(fx *x, const char *s)
{
    return ev_at(x, s, 4, 9);
}

/* Compact JSON written independently of the evaluator, for comparisons. */
static void dump(tg_sb *b, const tg_value *v)
{
    switch (v->kind) {
    case TG_V_NULL:
        tg_sb_adds(b, "null");
        break;
    case TG_V_BOOL:
        tg_sb_adds(b, v->u.boolean ? "true" : "false");
        break;
    case TG_V_NUMBER:
        if (v->u.number == (double)(long long)v->u.number)
            tg_sb_printf(b, "%lld", (long long)v->u.number);
        else
            tg_sb_printf(b, "%g", v->u.number);
        break;
    case TG_V_STRING:
        tg_sb_printf(b, "\"%s\"", v->u.str.s);
        break;
    case TG_V_ARRAY:
    case TG_V_OBJECT:
        tg_sb_addc(b, v->kind == TG_V_ARRAY ? '[' : '{');
        for (size_t i = 0; i < v->u.coll.n; i++) {
            if (i)
                tg_sb_addc(b, ',');
            if (v->kind == TG_V_OBJECT)
                tg_sb_printf(b, "\"%s\":", v->u.coll.keys[i]);
            dump(b, v->u.coll.items[i]);
        }
        tg_sb_addc(b, v->kind == TG_V_ARRAY ? ']' : '}');
        break;
    default:
        tg_sb_printf(b, "<unknown %s>", v->expr ? v->expr : "?");
    }
}

#define check_json(x, s, want) check_json_((x), (s), (want), __LINE__)
static void check_json_(fx *x, const char *s, const char *want, int line)
{
    tg_value *v = ev(x, s);
    if (!v)
        fail_msg("line %d: %s failed: %s", line, s, x->err.message);
    tg_sb b = {0};
    dump(&b, v);
    if (strcmp(b.s, want) != 0) {
        char got[2048];
        snprintf(got, sizeof got, "%s", b.s);
        tg_sb_free(&b);
        fail_msg("line %d: %s gave %s, want %s", line, s, got, want);
    }
    tg_sb_free(&b);
}

#define check_str(x, s, want) check_str_((x), (s), (want), __LINE__)
static void check_str_(fx *x, const char *s, const char *want, int line)
{
    tg_value *v = ev(x, s);
    if (!v)
        fail_msg("line %d: %s failed: %s", line, s, x->err.message);
    if (v->kind != TG_V_STRING)
        fail_msg("line %d: %s gave a %s, want the string \"%s\"", line, s,
                 tg_value_kind_name(v->kind), want);
    if (strlen(want) != v->u.str.len || memcmp(v->u.str.s, want, v->u.str.len) != 0)
        fail_msg("line %d: %s gave \"%s\", want \"%s\"", line, s, v->u.str.s, want);
}

/* An unknown whose reason contains `reason` and whose expr is `expr` exactly. */
#define check_unknown(x, s, reason, expr) check_unknown_((x), (s), (reason), (expr), __LINE__)
static void check_unknown_(fx *x, const char *s, const char *reason, const char *expr, int line)
{
    tg_value *v = ev(x, s);
    if (!v)
        fail_msg("line %d: %s failed: %s", line, s, x->err.message);
    if (v->kind != TG_V_UNKNOWN) {
        tg_sb b = {0};
        dump(&b, v);
        char got[1024];
        snprintf(got, sizeof got, "%s", b.s);
        tg_sb_free(&b);
        fail_msg("line %d: %s gave %s, want an unknown", line, s, got);
    }
    if (!v->u.reason || !strstr(v->u.reason, reason))
        fail_msg("line %d: %s: reason \"%s\" lacks \"%s\"", line, s,
                 v->u.reason ? v->u.reason : "(null)", reason);
    if (!v->expr || strcmp(v->expr, expr) != 0)
        fail_msg("line %d: %s: expr \"%s\", want \"%s\"", line, s, v->expr ? v->expr : "(null)",
                 expr);
    assert_int_equal(v->line, 4);
    assert_int_equal(v->col, 9);
}

#define check_error(x, s, msg) check_error_((x), (s), (msg), __LINE__)
static void check_error_(fx *x, const char *s, const char *msg, int line)
{
    tg_value *v = ev(x, s);
    if (v) {
        tg_sb b = {0};
        dump(&b, v);
        char got[1024];
        snprintf(got, sizeof got, "%s", b.s);
        tg_sb_free(&b);
        fail_msg("line %d: %s gave %s, want an error containing \"%s\"", line, s, got, msg);
    }
    if (!strstr(x->err.message, msg))
        fail_msg("line %d: %s: error \"%s\" lacks \"%s\"", line, s, x->err.message, msg);
    assert_int_equal(x->err.line, 4);
    assert_int_equal(x->err.col, 9);
}

/* ---- literals, escapes, syntax ---- */

static void test_literal_strings(void **state)
{
    fx *x = *state;
    check_str(x, "plain text", "plain text");
    check_str(x, "[[test value]", "[test value]");
    check_str(x, "[[x", "[x");
    check_str(x, "[test] value", "[test] value");
    check_str(x, "", "");
    check_str(x, "[", "[");
    check_str(x, "['it''s']", "it's");
    check_str(x, "['']", "");
    check_str(x, "[  concat( 'a' ,\n\t'b' )  ]", "ab");
    check_json(x, "[42]", "42");
    check_json(x, "[-7]", "-7");
    check_json(x, "[1.5]", "1.5");
    check_json(x, "[true]", "true");
    check_json(x, "[FALSE]", "false");
    check_json(x, "[null]", "null");
    check_json(x, "[true()]", "true");
    check_json(x, "[null()]", "null");
    assert_true(tg_arm_is_expression("[x()]", 5));
    assert_true(tg_arm_is_expression("[]", 2));
    assert_false(tg_arm_is_expression("[[x()]", 6));
    assert_false(tg_arm_is_expression("[x()", 4));
    assert_false(tg_arm_is_expression("x()]", 4));
    /* the result carries the position of the string */
    tg_value *v = ev_at(x, "[parameters('obj')]", 12, 34);
    assert_non_null(v);
    assert_int_equal(v->line, 12);
    assert_int_equal(v->col, 34);
    v = ev_at(x, "literal", 5, 6);
    assert_int_equal(v->line, 5);
    assert_int_equal(v->col, 6);
    /* the host's value is not modified by positioning the result */
    assert_int_not_equal(tg_value_get(x->h.params, "obj")->line, 12);
}

static void test_malformed(void **state)
{
    fx *x = *state;
    check_error(x, "[concat('a']", "invalid expression [concat('a']: missing ')' at character 11");
    check_error(x, "[concat('a') x]", "unexpected 'x' after the expression at character 13");
    check_error(x, "[concat('a'))]", "unbalanced ')' at character 12");
    check_error(x, "[foo(1)]", "unknown function 'foo' at character 1");
    check_error(x, "['abc]", "unterminated string literal at character 1");
    check_error(x, "[]", "unexpected end of expression at character 1");
    check_error(x, "[abc]", "'abc' is not a function call");
    check_error(x, "[concat(,)]", "unexpected ','");
    check_error(x, "[parameters('obj').]", "expected a property name");
    check_error(x, "[parameters('arr')[0]", "missing ']'");
    check_error(x, "[(1)]", "unexpected '('");
    check_error(x, "[99999999999999999999]", "out of the 64-bit range");
    check_error(x, "[concat('a' 'b')]", "expected ',' or ')'");
    /* position counts characters, not bytes */
    check_error(x, "['\xc3\xa9' x]", "at character 5");
}

static char *repeat(const char *head, size_t n, const char *mid, const char *tail)
{
    size_t hl = strlen(head), ml = strlen(mid), tl = strlen(tail);
    char *s = malloc(hl * n + ml + tl * n + 3);
    size_t o = 0;
    s[o++] = '[';
    for (size_t i = 0; i < n; i++, o += hl)
        memcpy(s + o, head, hl);
    memcpy(s + o, mid, ml);
    o += ml;
    for (size_t i = 0; i < n; i++, o += tl)
        memcpy(s + o, tail, tl);
    s[o++] = ']';
    s[o] = '\0';
    return s;
}

static void test_hostile_nesting(void **state)
{
    fx *x = *state;
    clock_t t0 = clock();
    /* 100,000 levels do not fit in the length limit: refused before parsing */
    char *s = repeat("concat(", 100000, "'a'", ")");
    check_error(x, s, "longer than 100000 characters");
    free(s);
    /* the deepest nestings that fit in the limit fail at the depth limit */
    s = repeat("or(", 24000, "true", ")");
    check_error(x, s, "nested too deeply at character 769");
    free(s);
    s = repeat("(", 40000, "1", ")");
    check_error(x, s, "unexpected '(' at character 1");
    free(s);
    s = repeat("", 30000, "parameters('arr')", "[0]");
    check_error(x, s, "nested too deeply");
    free(s);
    s = repeat("", 40000, "parameters('obj')", ".a");
    check_error(x, s, "nested too deeply");
    free(s);
    s = repeat("createArray(", 7000, "", ")");
    check_error(x, s, "nested too deeply");
    free(s);
    /* just within the limit works */
    s = repeat("concat(", 200, "'a'", ")");
    check_str(x, s, "a");
    free(s);
    s = repeat("", 200, "parameters('arr')", "[0]");
    check_error(x, s, "cannot index a string");
    free(s);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

static void test_hostile_length(void **state)
{
    fx *x = *state;
    size_t n = 100001; /* characters inside the brackets */
    char *s = malloc(n + 3);
    s[0] = '[';
    memcpy(s + 1, "concat('", 8);
    memset(s + 9, 'a', n - 10);
    memcpy(s + n - 1, "')", 2);
    s[n + 1] = ']';
    s[n + 2] = '\0';
    check_error(x, s, "longer than 100000 characters");
    /* exactly at the limit is evaluated */
    s[n - 1] = '\'';
    memmove(s + n - 2, "')]", 4);
    tg_value *v = ev(x, s);
    assert_non_null(v);
    assert_int_equal(v->kind, TG_V_STRING);
    assert_int_equal(v->u.str.len, 100000 - 10);
    free(s);
}

static void test_hostile_work(void **state)
{
    fx *x = *state;
    clock_t t0 = clock();
    check_error(x, "[range(0, 10001)]", "between 0 and 10000");
    check_error(x,
                "[length(map(parameters('big'), lambda('i', reduce(parameters('big'), 0, "
                "lambda('a', 'b', 0)))))]",
                "needs more than 4000000 steps of work");
    check_error(x, "[length(map(range(0, 10000), lambda('i', range(0, 10000))))]",
                "the expression needs more than");
    check_error(x, "[padLeft('a', 20000000, 'x')]", "longer than 16777216 bytes");
    check_error(x, "[padLeft('a', 4611686018427387904, 'x')]", "longer than");
    check_error(x,
                "[length(reduce(range(0, 40), 'ab', lambda('acc', 'i', "
                "concat(lambdaVariables('acc'), lambdaVariables('acc')))))]",
                "longer than 16777216 bytes");
    /* a user-defined function calling itself stops at the nesting limit */
    assert_null(ev(x, "[ns.loop()]"));
    assert_non_null(strstr(x->err.message, "levels deep"));
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
}

/* ---- template functions through the host ---- */

static void test_parameters_variables(void **state)
{
    fx *x = *state;
    check_str(x, "[parameters('name')]", "tr");
    check_str(x, "[PARAMETERS('NAME')]", "tr");
    check_json(x, "[parameters('count')]", "3");
    check_json(x, "[parameters('arr')]", "[\"a\",\"b\",\"c\"]");
    check_str(x, "[variables('prefix')]", "pre-");
    check_json(x, "[Variables('LIST')]", "[1,2]");
    check_unknown(x, "[parameters('sku')]", "comes from parameter 'sku', which has no value",
                  "{parameters('sku')}");
    check_unknown(x, "[parameters( 'sku' )]", "which has no value", "{parameters('sku')}");
    check_error(x, "[parameters('missing')]",
                "cannot evaluate [parameters('missing')]: the template declares no parameter "
                "'missing'");
    check_error(x, "[variables('missing')]", "declares no variable 'missing'");
    check_error(x, "[parameters(1)]", "parameters(): argument 1 must be a string, not a number");
    check_error(x, "[parameters()]", "parameters(): takes 1 argument, not 0");
    check_error(x, "[parameters('a', 'b')]", "takes 1 argument, not 2");
}

static void test_member_index(void **state)
{
    fx *x = *state;
    check_json(x, "[parameters('obj').a]", "1");
    check_json(x, "[parameters('obj').A]", "1"); /* any case after the exact one */
    check_str(x, "[parameters('obj').inner.x]", "y");
    check_str(x, "[parameters('obj')['Inner']['x']]", "y");
    check_json(x, "[parameters('obj').nothing]", "null");
    check_str(x, "[parameters('arr')[1]]", "b");
    check_str(x, "[parameters('arr')[add(1, 1)]]", "c");
    check_str(x, "[resourceGroup().location]", "westeurope");
    check_error(x, "[parameters('obj').missing]", "the object has no member 'missing'");
    check_error(x, "[parameters('obj')['missing']]", "the object has no member 'missing'");
    check_json(x, "[parameters('obj').?missing]", "null");
    check_json(x, "[parameters('obj').nothing.?x]", "null");
    check_error(x, "[parameters('obj').nothing.x]", "cannot read property 'x' of null");
    check_error(x, "[parameters('arr')[3]]", "index 3 is out of range (the array has 3 elements)");
    check_error(x, "[parameters('arr')[-1]]", "out of range");
    check_error(x, "[parameters('arr')['a']]", "an array index must be an integer");
    check_error(x, "[parameters('name').length]", "cannot read property 'length' of a string");
    check_unknown(x, "[parameters('sku').name]", "which has no value", "{parameters('sku').name}");
    check_unknown(x, "[parameters('sku')[0]]", "which has no value", "{parameters('sku')[0]}");
    check_unknown(x, "[parameters('arr')[parameters('sku')]]", "which has no value",
                  "{parameters('arr')[parameters('sku')]}");
}

static void test_copy_index(void **state)
{
    fx *x = *state;
    check_error(x, "[copyIndex()]", "copyIndex() is used outside a copy loop");
    x->h.copy = 2;
    check_json(x, "[copyIndex()]", "2");
    check_json(x, "[copyIndex(1)]", "3");
    check_json(x, "[copyIndex('rules')]", "2");
    check_json(x, "[copyIndex('rules', 10)]", "12");
    check_str(x, "[concat('vm', copyIndex(1))]", "vm3");
    check_error(x, "[copyIndex('other')]", "there is no copy loop named 'other'");
    check_error(x, "[copyIndex(true)]", "argument 1 must be an integer");
    check_error(x, "[copyIndex(1, 2)]", "argument 1 must be a loop name");
}

static void test_context(void **state)
{
    fx *x = *state;
    check_str(x, "[resourceGroup().name]", "rg1");
    check_str(x, "[subscription().subscriptionId]", "sub1");
    check_str(x, "[deployment().name]", "dep1");
    check_str(x, "[environment().name]", "AzureCloud");
    check_str(x, "[tenant().tenantId]", "t1");
    check_str(x, "[managementGroup().name]", "mg1");
    check_error(x, "[resourceGroup('x')]", "takes 0 arguments, not 1");
    x->h.unknown_ctx = 1;
    check_unknown(x, "[resourceGroup().name]", "is only known at deployment",
                  "{resourceGroup().name}");
    check_unknown(x, "[format('{0}-tr', resourceGroup().name)]", "is only known at deployment",
                  "{resourceGroup().name}-tr");
}

static void test_reference_and_runtime(void **state)
{
    fx *x = *state;
    check_unknown(x, "[reference('acct').properties.endpoint]", "is only known after deployment",
                  "{reference('acct').properties.endpoint}");
    assert_int_equal(x->h.references, 1);
    check_unknown(x, "[reference('acct', '2023-05-01', 'Full')]", "only known after deployment",
                  "{reference('acct','2023-05-01','Full')}");
    assert_int_equal(x->h.ref_full, 1);
    check_str(x, "[reference('nested').outputs.endpoint.value]", "https://x");
    check_unknown(x,
                  "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), "
                  "'2023-01-01').keys[0].value]",
                  "is only known at deployment: listKeys(...)",
                  "{listKeys(resourceId('Microsoft.Storage/storageAccounts','sa'),'2023-01-01')"
                  ".keys[0].value}");
    check_unknown(x, "[listSecrets('id', '2020-01-01')]", "only known at deployment: listSecrets",
                  "{listSecrets('id','2020-01-01')}");
    check_unknown(x, "[utcNow()]", "is only known at deployment: utcNow(...)", "{utcNow()}");
    check_unknown(x, "[newGuid()]", "is only known at deployment: newGuid(...)", "{newGuid()}");
    check_unknown(x, "[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]",
                  "only known at deployment",
                  "{pickZones('Microsoft.Compute','virtualMachines',"
                  "'westus2')}");
    check_unknown(x, "[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')]",
                  "comes from dateTimeAdd(), which this version of transguard does not evaluate",
                  "{dateTimeAdd('2020-04-07 14:53:14Z','P3Y')}");
    /* a runtime function's arguments are still checked */
    check_error(x, "[listKeys(resourceId('Microsoft.Storage/storageAccounts'), '1')]",
                "needs 1 name, not 0");
    check_error(x, "[newGuid(1)]", "takes 0 arguments, not 1");
}

/* ---- logic ---- */

static void test_if(void **state)
{
    fx *x = *state;
    check_str(x, "[if(true, 'yes', parameters('undefined'))]", "yes");
    check_str(x, "[if(false, parameters('undefined'), 'no')]", "no");
    check_str(x, "[if(equals(parameters('name'), 'tr'), 'a', foo.bar())]", "a");
    /* the branch not taken is not evaluated at all: no call reaches the host */
    check_str(x, "[if(false, reference('acct').x, 'no')]", "no");
    check_json(x, "[if(true, 1, length(reference('acct')))]", "1");
    assert_int_equal(x->h.references, 0);
    check_unknown(x, "[if(true, reference('acct').x, 'no')]", "only known after deployment",
                  "{reference('acct').x}");
    assert_int_equal(x->h.references, 1);
    check_str(x, "[if(parameters('sku'), 'same', 'same')]", "same");
    check_unknown(x, "[if(parameters('sku'), 'a', 'b')]", "which has no value",
                  "{if(parameters('sku'),'a','b')}");
    /* an unknown condition with a failing branch: unknown, not an error */
    check_unknown(x, "[if(parameters('sku'), parameters('undefined'), 'b')]", "no value",
                  "{if(parameters('sku'),parameters('undefined'),'b')}");
    check_error(x, "[if('true', 1, 2)]", "if(): argument 1 must be a boolean, not a string");
    check_error(x, "[if(true, 1)]", "if(): takes 3 arguments, not 2");
    check_error(x, "[if(false, 1, parameters('undefined'))]", "no parameter 'undefined'");
}

static void test_and_or_not(void **state)
{
    fx *x = *state;
    check_json(x, "[and(true, true)]", "true");
    check_json(x, "[and(true, false, true)]", "false");
    check_json(x, "[and(false, parameters('sku'))]", "false");
    check_json(x, "[and(parameters('sku'), false)]", "false");
    check_json(x, "[and(false, parameters('undefined'))]", "false"); /* not evaluated */
    check_json(x, "[or(true, equals(reference('acct'), 1))]", "true");
    assert_int_equal(x->h.references, 0);
    check_unknown(x, "[and(true, parameters('sku'))]", "no value", "{and(true,parameters('sku'))}");
    check_json(x, "[or(false, true)]", "true");
    check_json(x, "[or(parameters('sku'), true)]", "true");
    check_json(x, "[or(true, parameters('undefined'))]", "true");
    check_unknown(x, "[or(false, parameters('sku'))]", "no value", "{or(false,parameters('sku'))}");
    check_json(x, "[not(true)]", "false");
    check_json(x, "[not(equals(1, 2))]", "true");
    check_unknown(x, "[not(parameters('sku'))]", "no value", "{not(parameters('sku'))}");
    check_error(x, "[and(true, 1)]", "and(): argument 2 must be a boolean, not a number");
    check_error(x, "[not('x')]", "not(): argument 1 must be a boolean");
    check_error(x, "[not()]", "takes 1 argument, not 0");
    check_json(x, "[bool('true')]", "true");
    check_json(x, "[bool('False')]", "false");
    check_json(x, "[bool(1)]", "true");
    check_json(x, "[bool(0)]", "false");
    check_error(x, "[bool('yes')]", "'yes' is not a boolean");
}

static void test_coalesce(void **state)
{
    fx *x = *state;
    check_str(x, "[coalesce(null(), 'a', 'b')]", "a");
    check_str(x, "[coalesce(parameters('obj').nothing, 'fallback')]", "fallback");
    check_str(x, "[coalesce('', 'x')]", "");
    check_json(x, "[coalesce(null(), null())]", "null");
    check_str(x, "[coalesce('a', parameters('undefined'))]", "a");
    check_unknown(x, "[coalesce(null(), parameters('sku'), 'b')]", "no value",
                  "{coalesce(null(),parameters('sku'),'b')}");
    check_error(x, "[coalesce()]", "takes at least 1 argument, not 0");
}

static void test_equals_compare(void **state)
{
    fx *x = *state;
    check_json(x, "[equals(1, 1)]", "true");
    check_json(x, "[equals('a', 'A')]", "false");
    check_json(x, "[equals(createArray('a', 'b'), createArray('a', 'b'))]", "true");
    check_json(x, "[equals(createObject('a', 1, 'b', 2), createObject('b', 2, 'a', 1))]", "true");
    check_json(x, "[equals(createObject('a', 1), createObject('a', 2))]", "false");
    check_json(x, "[equals(1, '1')]", "false");
    check_json(x, "[equals(createArray(1, parameters('sku')), createArray(2, 3))]", "false");
    check_unknown(x, "[equals(createArray(1, parameters('sku')), createArray(1, 3))]", "no value",
                  "{equals(createArray(1,parameters('sku')),createArray(1,3))}");
    check_unknown(x, "[equals(parameters('sku'), 'S0')]", "no value",
                  "{equals(parameters('sku'),'S0')}");
    check_error(x, "[equals(1)]", "takes 2 arguments, not 1");
    check_json(x, "[less(1, 2)]", "true");
    check_json(x, "[less('A', 'a')]", "false");
    check_json(x, "[greater('A', 'a')]", "true");
    check_json(x, "[greaterOrEquals('A', 'a')]", "true");
    check_json(x, "[lessOrEquals('a', 'B')]", "true");
    check_json(x, "[greater(10, 10)]", "false");
    check_json(x, "[greaterOrEquals(10, 10)]", "true");
    check_json(x, "[lessOrEquals(11, 10)]", "false");
    check_error(x, "[less(1, 'a')]", "less(): compares two integers or two strings");
    check_unknown(x, "[less(parameters('sku'), 2)]", "no value", "{less(parameters('sku'),2)}");
}

/* ---- numbers ---- */

static void test_numbers(void **state)
{
    fx *x = *state;
    check_json(x, "[add(5, 3)]", "8");
    check_json(x, "[sub(7, 3)]", "4");
    check_json(x, "[mul(5, 3)]", "15");
    check_json(x, "[div(8, 3)]", "2");
    check_json(x, "[div(-8, 3)]", "-2");
    check_json(x, "[mod(7, 3)]", "1");
    check_json(x, "[mod(-7, 3)]", "-1");
    check_error(x, "[div(1, 0)]", "div(): division by zero");
    check_error(x, "[mod(1, 0)]", "mod(): division by zero");
    check_error(x, "[mul(4611686018427387904, 4)]", "does not fit in a 64-bit integer");
    check_error(x, "[add('1', 2)]", "add(): argument 1 must be an integer, not a string");
    check_error(x, "[add(1.5, 2)]", "must be an integer, not 1.5");
    check_unknown(x, "[add(parameters('sku'), 1)]", "no value", "{add(parameters('sku'),1)}");
    check_json(x, "[int('4')]", "4");
    check_json(x, "[int(' -12 ')]", "-12");
    check_json(x, "[int(4)]", "4");
    check_error(x, "[int('4x')]", "'4x' is not an integer");
    check_json(x, "[float('1.5')]", "1.5");
    check_error(x, "[float('nan')]", "is not a number");
    check_json(x, "[min(5, 3, 8)]", "3");
    check_json(x, "[max(createArray(0, 3, 2, 5, 4))]", "5");
    check_json(x, "[min(parameters('nums'))]", "1");
    check_error(x, "[max(createArray())]", "needs at least one value");
    check_error(x, "[max('a', 1)]", "compares integers, not a string");
    check_json(x, "[range(1, 3)]", "[1,2,3]");
    check_json(x, "[range(5, 0)]", "[]");
    check_json(x, "[length(range(0, 10000))]", "10000");
    check_error(x, "[range(0, -1)]", "between 0 and 10000");
    check_error(x, "[range(2147483647, 1)]", "outside the 32-bit integers");
    check_json(x, "[range(2147483646, 1)]", "[2147483646]");
    check_json(x, "[range(-3, 2)]", "[-3,-2]");
}

/* ---- strings ---- */

static void test_concat(void **state)
{
    fx *x = *state;
    check_str(x, "[concat('prefix', '-', 'suffix')]", "prefix-suffix");
    check_str(x, "[concat('vm', 1, true)]", "vm1True");
    check_json(x, "[concat(createArray('1-1', '1-2'), createArray('2-1'))]",
               "[\"1-1\",\"1-2\",\"2-1\"]");
    check_error(x, "[concat('a', createArray(1))]", "either all or none of the arguments");
    check_error(x, "[concat('a', createObject('k', 1))]", "cannot put an object into a string");
    check_error(x, "[concat()]", "concat(): takes at least 1 argument, not 0");
    check_unknown(x, "[concat('tr-', parameters('sku'), '-', variables('prefix'))]",
                  "comes from parameter 'sku'", "tr-{parameters('sku')}-pre-");
    check_unknown(x, "[concat(concat('a', parameters('sku')), 'b')]", "no value",
                  "a{parameters('sku')}b");
    check_unknown(x, "[concat(createArray(1), parameters('sku'))]", "no value",
                  "{concat(createArray(1),parameters('sku'))}");
}

static void test_format(void **state)
{
    fx *x = *state;
    check_str(x, "[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]",
              "Hello, User. Formatted number: 8,175,133");
    check_str(x, "[format('{0:N2}', 1234.5)]", "1,234.50");
    check_str(x, "[format('{0:D3}-{1:x}-{1:X4}', 7, 255)]", "007-ff-00FF");
    check_str(x, "[format('vm{0:000}', 5)]", "vm005");
    check_str(x, "[format('{0:F1}', 2.25)]", "2.2");
    check_str(x, "[format('[{0,4}|{0,-4}]', 'ab')]", "[  ab|ab  ]");
    check_str(x, "[format('{{literal}} {0}', 'x')]", "{literal} x");
    check_str(x, "[format('{0}{0}', true)]", "TrueTrue");
    check_str(x, "[format('{0}', createArray(1, 'a'))]", "[1,\"a\"]");
    check_error(x, "[format('{1}', 'a')]", "format(): the format item {1} has no argument");
    check_error(x, "[format('a}b', 'a')]", "a '}' without its '{'");
    check_error(x, "[format('{x}', 'a')]", "invalid item at character 1");
    check_error(x, "[format(1)]", "argument 1 must be a string");
    check_unknown(x, "[format('{0}-tr-{1}', parameters('sku'), 'x')]", "no value",
                  "{parameters('sku')}-tr-x");
    check_unknown(x, "[format(parameters('sku'), 'x')]", "no value",
                  "{format(parameters('sku'),'x')}");
    check_unknown(x, "[format('{0:Q}', 1)]", "does not evaluate", "{format('{0:Q}',1)}");
}

static void test_case_trim_replace(void **state)
{
    fx *x = *state;
    check_str(x, "[toLower('One Two Three')]", "one two three");
    check_str(x, "[toUpper('One Two Three')]", "ONE TWO THREE");
    check_str(x, "[trim('    one two three   ')]", "one two three");
    check_str(x, "[replace('123-123-1234', '-', '')]", "1231231234");
    check_str(x, "[replace('123-123-1234', '1234', 'xxxx')]", "123-123-xxxx");
    check_str(x, "[replace('aaa', 'a', 'aa')]", "aaaaaa");
    check_error(x, "[replace('abc', '', 'x')]", "replace(): the string to replace is empty");
    check_error(x, "[toLower(1)]", "toLower(): argument 1 must be a string, not a number");
    check_error(x, "[trim(createArray())]", "trim(): argument 1 must be a string, not an array");
    /* the known parts of a readable unknown are converted; the unknown parts kept */
    check_unknown(x, "[toLower(concat('TR-', parameters('sku')))]", "no value",
                  "tr-{parameters('sku')}");
    check_unknown(x, "[toUpper(parameters('sku'))]", "no value", "{parameters('sku')}");
    check_unknown(x, "[replace(concat('a-b-', parameters('sku')), '-', '_')]", "no value",
                  "a_b_{parameters('sku')}");
    check_unknown(x, "[replace('a', parameters('sku'), 'b')]", "no value",
                  "{replace('a',parameters('sku'),'b')}");
    check_unknown(x, "[trim(parameters('sku'))]", "no value", "{trim(parameters('sku'))}");
}

static void test_substrings(void **state)
{
    fx *x = *state;
    check_str(x, "[substring('one two three', 4, 3)]", "two");
    check_str(x, "[substring('one two three', 4)]", "two three");
    check_error(x, "[substring('one', 1, 5)]", "must be within the string (length 3)");
    check_error(x, "[substring('one', -1, 1)]", "must be within the string");
    check_str(x, "[skip('one two three', 4)]", "two three");
    check_json(x, "[skip(createArray('one', 'two', 'three'), 2)]", "[\"three\"]");
    check_json(x, "[skip(createArray('one'), 5)]", "[]");
    check_str(x, "[take('one two three', 2)]", "on");
    check_json(x, "[take(createArray('one', 'two', 'three'), 2)]", "[\"one\",\"two\"]");
    check_json(x, "[take(createArray('one'), -1)]", "[]");
    check_str(x, "[first('One Two Three')]", "O");
    check_str(x, "[last('One Two Three')]", "e");
    check_str(x, "[first(parameters('arr'))]", "a");
    check_str(x, "[last(parameters('arr'))]", "c");
    check_json(x, "[first(createArray())]", "null");
    check_str(x, "[first('')]", "");
    check_json(x, "[length('One Two Three')]", "13");
    check_json(x, "[length('\xc3\xa9t\xc3\xa9')]", "3");
    check_json(x, "[length('\xf0\x9f\x98\x80')]", "2"); /* UTF-16 units, as .NET counts */
    check_str(x, "[substring('\xc3\xa9t\xc3\xa9', 1, 2)]", "t\xc3\xa9");
    check_json(x, "[length(parameters('arr'))]", "3");
    check_json(x, "[length(parameters('obj'))]", "3");
    check_error(x, "[length(1)]", "length(): argument 1 must be a string, an array or an object");
    check_error(x, "[skip(1, 1)]", "skip(): argument 1 must be an array or a string");
    check_str(x, "[padLeft('123', 10, '0')]", "0000000123");
    check_str(x, "[padLeft(7, 3, '0')]", "007");
    check_str(x, "[padLeft('abc', 2)]", "abc");
    check_str(x, "[padLeft('a', 3)]", "  a");
    check_error(x, "[padLeft('a', 3, 'xy')]", "the padding must be one character");
}

static void test_search(void **state)
{
    fx *x = *state;
    check_json(x, "[startsWith('abcdef', 'ab')]", "true");
    check_json(x, "[startsWith('abcdef', 'AB')]", "true");
    check_json(x, "[startsWith('abcdef', 'e')]", "false");
    check_json(x, "[endsWith('abcdef', 'EF')]", "true");
    check_json(x, "[endsWith('abcdef', 'e')]", "false");
    check_json(x, "[indexOf('test', 't')]", "0");
    check_json(x, "[lastIndexOf('test', 't')]", "3");
    check_json(x, "[indexOf('abcdef', 'CD')]", "2");
    check_json(x, "[lastIndexOf('abcdef', 'AB')]", "0");
    check_json(x, "[indexOf('abcdef', 'z')]", "-1");
    check_json(x, "[indexOf('\xc3\xa9x', 'x')]", "1");
    check_json(x, "[indexOf(createArray('a', 'b', 'a'), 'a')]", "0");
    check_json(x, "[lastIndexOf(createArray('a', 'b', 'a'), 'a')]", "2");
    check_json(x, "[indexOf(createArray(1, 2), 3)]", "-1");
    check_json(x, "[contains('OneTwoThree', 'e')]", "true");
    check_json(x, "[contains('OneTwoThree', 'z')]", "false");
    check_json(x, "[contains('OneTwoThree', 'one')]", "false"); /* case-sensitive */
    check_json(x, "[contains(createObject('one', 'a', 'two', 'b'), 'ONE')]", "true");
    check_json(x, "[contains(createObject('one', 'a'), 'three')]", "false");
    check_json(x, "[contains(parameters('arr'), 'b')]", "true");
    check_json(x, "[contains(parameters('arr'), 'B')]", "false");
    check_json(x, "[contains(createArray(parameters('sku'), 'b'), 'b')]", "true");
    check_unknown(x, "[contains(createArray(parameters('sku'), 'b'), 'c')]", "no value",
                  "{contains(createArray(parameters('sku'),'b'),'c')}");
    check_error(x, "[contains(1, 1)]", "contains(): argument 1 must be a string, an array");
    check_json(x, "[empty('')]", "true");
    check_json(x, "[empty(createArray())]", "true");
    check_json(x, "[empty(createObject())]", "true");
    check_json(x, "[empty(null())]", "true");
    check_json(x, "[empty(parameters('arr'))]", "false");
    check_unknown(x, "[empty(parameters('sku'))]", "no value", "{empty(parameters('sku'))}");
    check_error(x, "[empty(1)]", "empty(): argument 1 must be a string, an array or an object");
}

static void test_split_join(void **state)
{
    fx *x = *state;
    check_json(x, "[split('one,two,three', ',')]", "[\"one\",\"two\",\"three\"]");
    check_json(x, "[split('one;two,three', createArray(',', ';'))]", "[\"one\",\"two\",\"three\"]");
    check_json(x, "[split('a,,b,', ',')]", "[\"a\",\"\",\"b\",\"\"]");
    check_json(x, "[split('abc', '')]", "[\"abc\"]");
    check_json(x, "[split('a--b', '--')]", "[\"a\",\"b\"]");
    check_error(x, "[split('a', 1)]", "split(): argument 2 must be a string or an array");
    check_str(x, "[join(createArray('one', 'two', 'three'), ',')]", "one,two,three");
    check_str(x, "[join(createArray('a', 1, true), '-')]", "a-1-True");
    check_str(x, "[join(createArray(), ',')]", "");
    check_error(x, "[join(createArray(createArray()), ',')]", "element 0 is an array");
    check_unknown(x, "[join(createArray('a', parameters('sku')), ',')]", "no value",
                  "{join(createArray('a',parameters('sku')),',')}");
}

static void test_string_json(void **state)
{
    fx *x = *state;
    check_str(x, "[string(createObject('valueA', 10, 'valueB', 'Example Text'))]",
              "{\"valueA\":10,\"valueB\":\"Example Text\"}");
    check_str(x, "[string(createArray('a', 'b', 'c'))]", "[\"a\",\"b\",\"c\"]");
    check_str(x, "[string(5)]", "5");
    check_str(x, "[string(true)]", "True");
    check_str(x, "[string(false)]", "False");
    check_str(x, "[string('x')]", "x");
    check_str(x, "[string(createArray(true, null(), 'q\"\\'))]", "[true,null,\"q\\\"\\\\\"]");
    check_str(x, "[string(json('1.25'))]", "1.25");
    check_unknown(x, "[string(createArray(parameters('sku')))]", "no value",
                  "{string(createArray(parameters('sku')))}");
    check_json(x, "[json('{\"a\": [1, true, null], \"b\": {\"c\": \"d\"}}')]",
               "{\"a\":[1,true,null],\"b\":{\"c\":\"d\"}}");
    check_json(x, "[json('null')]", "null");
    check_json(x, "[json('true')]", "true");
    check_str(x, "[json('\"text\"')]", "text");
    check_json(x, "[json(' [1, 2] ')[1]]", "2");
    check_str(x, "[json('{\"a\": {\"b\": \"c\"}}').a.b]", "c");
    check_error(x, "[json('{\"a\": ')]", "json(): invalid JSON");
    check_error(x, "[json('')]", "json(): invalid JSON");
    check_error(x, "[json(1)]", "json(): argument 1 must be a string");
    check_unknown(x, "[json(parameters('sku'))]", "no value", "{json(parameters('sku'))}");
    /* values json() reads are placed at the string */
    tg_value *v = ev_at(x, "[json('{\"a\": [1]}')]", 7, 3);
    assert_non_null(v);
    assert_int_equal(tg_value_get(v, "a")->u.coll.items[0]->line, 7);
}

static void test_encodings(void **state)
{
    fx *x = *state;
    check_str(x, "[base64('one, two, three')]", "b25lLCB0d28sIHRocmVl");
    check_str(x, "[base64ToString('b25lLCB0d28sIHRocmVl')]", "one, two, three");
    check_str(x, "[base64('ab')]", "YWI=");
    check_str(x, "[base64ToString('YWI=')]", "ab");
    check_json(x, "[base64ToJson('eyJvbmUiOiAiYSIsICJ0d28iOiAiYiJ9')]",
               "{\"one\":\"a\",\"two\":\"b\"}");
    check_error(x, "[base64ToString('***')]", "not valid base64");
    check_str(x, "[base64ToString('/w==')]", "\xef\xbf\xbd"); /* invalid UTF-8 replaced */
    check_str(x, "[dataUri('Hello')]", "data:text/plain;charset=utf8;base64,SGVsbG8=");
    check_str(x, "[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", "Hello, World!");
    check_str(x, "[dataUriToString('data:,Hello%2C%20World!')]", "Hello, World!");
    check_error(x, "[dataUriToString('Hello')]", "not a data URI");
    check_str(x, "[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]",
              "http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json");
    check_str(x,
              "[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2F"
              "azuredeploy.json')]",
              "http://contoso.com/resources/nested/azuredeploy.json");
    check_str(x, "[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]",
              "http://contoso.com/resources/nested/azuredeploy.json");
    check_str(x, "[uri('http://contoso.com/resources/azuredeploy.json', 'nested/x.json')]",
              "http://contoso.com/resources/nested/x.json");
    check_str(x, "[uri('http://contoso.org/firstpath', 'myscript.sh')]",
              "http://contoso.org/myscript.sh");
    check_str(x, "[uri('http://contoso.org', 'myscript.sh')]", "http://contoso.org/myscript.sh");
    check_str(x, "[uri('http://contoso.org/a/b', '/root.sh')]", "http://contoso.org/root.sh");
    check_error(x, "[uri('contoso', 'x')]", "is not an absolute URI");
}

/* ---- resource ids ---- */

static void test_resource_id(void **state)
{
    fx *x = *state;
    check_str(x, "[resourceId('Microsoft.CognitiveServices/accounts', 'tr')]",
              "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.CognitiveServices/"
              "accounts/tr");
    check_str(x, "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'sn')]",
              "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/"
              "virtualNetworks/vnet/subnets/sn");
    check_str(x, "[resourceId('otherRG', 'Microsoft.Storage/storageAccounts', 'sa')]",
              "/subscriptions/sub1/resourceGroups/otherRG/providers/Microsoft.Storage/"
              "storageAccounts/sa");
    check_str(x, "[resourceId('s2', 'rg2', 'Microsoft.Storage/storageAccounts', 'sa')]",
              "/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.Storage/"
              "storageAccounts/sa");
    check_str(x,
              "[resourceId('Microsoft.Sql/servers/databases', parameters('name'), "
              "concat('db', 1))]",
              "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Sql/servers/tr/"
              "databases/db1");
    check_error(x, "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]",
                "resourceId(): the type 'Microsoft.Network/virtualNetworks/subnets' needs 2 "
                "names, not 1");
    check_error(x, "[resourceId('a', 'b', 'c', 'Microsoft.X/y', 'n')]",
                "takes at most 2 arguments before the resource type");
    check_error(x, "[resourceId('rg', 'name')]", "no argument is a resource type");
    check_error(x, "[resourceId('Microsoft.X/y', createArray())]", "cannot put an array");
    check_str(x, "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg9')]",
              "/subscriptions/sub1/providers/Microsoft.Resources/resourceGroups/rg9");
    check_str(x, "[subscriptionResourceId('s3', 'Microsoft.Resources/resourceGroups', 'rg9')]",
              "/subscriptions/s3/providers/Microsoft.Resources/resourceGroups/rg9");
    check_str(x, "[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]",
              "/providers/Microsoft.Management/managementGroups/mg");
    check_str(x, "[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'p')]",
              "/providers/Microsoft.Management/managementGroups/mg1/providers/"
              "Microsoft.Authorization/policyDefinitions/p");
    check_str(x,
              "[extensionResourceId(resourceId('Microsoft.CognitiveServices/accounts', 'tr'), "
              "'Microsoft.Authorization/locks', 'lock')]",
              "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.CognitiveServices/"
              "accounts/tr/providers/Microsoft.Authorization/locks/lock");
    /* unknown parts stay readable */
    check_unknown(x, "[resourceId('Microsoft.CognitiveServices/accounts', parameters('sku'))]",
                  "no value",
                  "/subscriptions/sub1/resourceGroups/rg1/providers/"
                  "Microsoft.CognitiveServices/accounts/{parameters('sku')}");
    check_unknown(x, "[resourceId(parameters('sku'), 'Microsoft.Web/sites', 'app')]", "no value",
                  "/subscriptions/sub1/resourceGroups/{parameters('sku')}/providers/"
                  "Microsoft.Web/sites/app");
    check_unknown(x,
                  "[extensionResourceId(parameters('sku'), 'Microsoft.Authorization/locks', "
                  "'l')]",
                  "no value", "{parameters('sku')}/providers/Microsoft.Authorization/locks/l");
    x->h.unknown_ctx = 1;
    check_unknown(x, "[resourceId('Microsoft.CognitiveServices/accounts', 'tr')]",
                  "is only known at deployment: subscription().subscriptionId",
                  "/subscriptions/{subscription().subscriptionId}/resourceGroups/"
                  "{resourceGroup().name}/providers/Microsoft.CognitiveServices/accounts/tr");
    check_unknown(x, "[toLower(resourceId('Microsoft.CognitiveServices/accounts', 'TR'))]",
                  "only known at deployment",
                  "/subscriptions/{subscription().subscriptionId}/resourcegroups/"
                  "{resourceGroup().name}/providers/microsoft.cognitiveservices/accounts/tr");
    /* given explicitly, the subscription and group need no context */
    check_str(x, "[resourceId('s2', 'rg2', 'Microsoft.Storage/storageAccounts', 'sa')]",
              "/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.Storage/"
              "storageAccounts/sa");
}

static void test_unique_string_guid(void **state)
{
    fx *x = *state;
    /* values observed from Resource Manager and published reimplementations */
    check_str(x, "[uniqueString('aaa')]", "zavj67f3en4hc");
    check_str(x, "[uniqueString('bbb')]", "w5eragfxe33cy");
    check_str(x, "[uniqueString('zzz')]", "cryksdzzzawae");
    check_str(x, "[uniqueString('xxx', 'yyy', 'zzz')]", "lghi7k5js7itq");
    check_str(x, "[uniqueString('test')]", "rbgf3xv4ufgzg");
    check_str(x, "[uniqueString('hello', 'world')]", "a7wkljktk6wne");
    check_str(x, "[uniqueString('abc')]", "cgtzqvhu4i23s");
    check_str(x, "[uniqueString('foo', 'bar', 'baz')]", "xzi4ioaxtmth4");
    check_str(x, "[uniqueString('xxx-yyy', 'zzz')]", "lghi7k5js7itq"); /* joined with '-' */
    check_unknown(x, "[uniqueString(resourceGroup().id, parameters('sku'))]", "no value",
                  "{uniqueString(resourceGroup().id,parameters('sku'))}");
    check_error(x, "[uniqueString(1)]", "uniqueString(): argument 1 must be a string");
    check_error(x, "[uniqueString()]", "takes at least 1 argument, not 0");
    /* python3: uuid.uuid5(uuid.UUID('11fb06fb-712d-4ddd-98c7-e71bbd588830'), 'a-b') */
    check_str(x, "[guid('a', 'b')]", "2d796349-8c7e-55ec-9624-54ece82ed031");
    check_str(x, "[guid('a-b')]", "2d796349-8c7e-55ec-9624-54ece82ed031");
    check_str(x, "[guid('hello')]", "520f8434-fe3a-5d99-888d-450a827486a1");
    check_unknown(x, "[guid(parameters('sku'))]", "no value", "{guid(parameters('sku'))}");
    check_error(x, "[guid(createArray())]", "guid(): argument 1 must be a string");
}

/* ---- arrays and objects ---- */

static void test_arrays_objects(void **state)
{
    fx *x = *state;
    check_json(x, "[createArray(1, 'a', createObject('k', true))]", "[1,\"a\",{\"k\":true}]");
    check_json(x, "[createArray()]", "[]");
    check_json(x,
               "[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true, "
               "'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', "
               "'value1'))]",
               "{\"intProp\":1,\"stringProp\":\"abc\",\"boolProp\":true,\"arrayProp\":[\"a\","
               "\"b\",\"c\"],\"objectProp\":{\"key1\":\"value1\"}}");
    check_error(x, "[createObject('a')]", "createObject(): takes pairs of name and value");
    check_error(x, "[createObject(1, 2)]", "argument 1 must be a string (a member name)");
    check_json(x, "[createObject('a', parameters('sku'))]",
               "{\"a\":<unknown {parameters('sku')}>}");
    check_unknown(x, "[createObject(parameters('sku'), 1)]", "no value",
                  "{createObject(parameters('sku'),1)}");
    check_json(x, "[array('efgh')]", "[\"efgh\"]");
    check_json(x, "[array(createArray(1))]", "[1]");
    /* union: objects merged (later wins, nested objects merged), arrays distinct in order */
    check_json(x,
               "[union(createObject('one', 'a', 'two', 'b', 'three', 'c1'), "
               "createObject('three', 'c2', 'four', 'd', 'five', 'e'))]",
               "{\"one\":\"a\",\"two\":\"b\",\"three\":\"c2\",\"four\":\"d\",\"five\":\"e\"}");
    check_json(x, "[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]",
               "[\"one\",\"two\",\"three\",\"four\"]");
    check_json(x,
               "[union(json('{\"a\": {\"x\": 1, \"y\": [1]}}'), json('{\"a\": {\"y\": [2], "
               "\"z\": 3}}'))]",
               "{\"a\":{\"x\":1,\"y\":[2],\"z\":3}}");
    check_error(x, "[union(createArray(), createObject())]", "takes all arrays or all objects");
    check_unknown(x, "[union(parameters('arr'), parameters('sku'))]", "no value",
                  "{union(parameters('arr'),parameters('sku'))}");
    check_json(x,
               "[intersection(createObject('one', 'a', 'two', 'b', 'three', 'c'), "
               "createObject('one', 'a', 'two', 'z', 'three', 'c'))]",
               "{\"one\":\"a\",\"three\":\"c\"}");
    check_json(x,
               "[intersection(createArray('one', 'two', 'three'), createArray('two', "
               "'three'))]",
               "[\"two\",\"three\"]");
    check_json(x, "[objectKeys(createObject('b', 1, 'a', 2))]", "[\"b\",\"a\"]");
    check_json(x, "[items(createObject('item002', 'b', 'item001', 'a'))]",
               "[{\"key\":\"item001\",\"value\":\"a\"},{\"key\":\"item002\",\"value\":\"b\"}]");
    check_error(x, "[items(createArray())]", "items(): argument 1 must be an object");
    check_json(x,
               "[shallowMerge(createArray(createObject('a', 1, 'n', createObject('x', 1)), "
               "createObject('b', 2, 'n', createObject('y', 2))))]",
               "{\"a\":1,\"n\":{\"y\":2},\"b\":2}");
    check_json(x, "[flatten(createArray(createArray('a', 'b'), createArray('c')))]",
               "[\"a\",\"b\",\"c\"]");
    check_error(x, "[flatten(createArray(1))]", "element 0 is a number, not an array");
    check_json(x, "[tryGet(parameters('obj'), 'inner', 'x')]", "\"y\"");
    check_json(x, "[tryGet(parameters('obj'), 'missing')]", "null");
    check_json(x, "[tryGet(parameters('arr'), 5)]", "null");
    check_json(x, "[tryGet(parameters('arr'), 1)]", "\"b\"");
    check_unknown(x, "[tryGet(parameters('sku'), 'x')]", "no value",
                  "{tryGet(parameters('sku'),'x')}");
    check_json(x, "[indexFromEnd(parameters('arr'), 1)]", "\"c\"");
    check_json(x, "[tryIndexFromEnd(parameters('arr'), 4)]", "null");
    check_error(x, "[indexFromEnd(parameters('arr'), 4)]", "out of range");
}

/* ---- lambdas ---- */

static void test_lambdas(void **state)
{
    fx *x = *state;
    check_json(x, "[map(createArray(1, 2, 3), lambda('n', mul(lambdaVariables('n'), 2)))]",
               "[2,4,6]");
    check_json(x,
               "[map(parameters('arr'), lambda('v', 'i', concat(lambdaVariables('v'), "
               "string(lambdaVariables('i')))))]",
               "[\"a0\",\"b1\",\"c2\"]");
    check_json(x, "[filter(range(1, 6), lambda('n', equals(mod(lambdaVariables('n'), 2), 0)))]",
               "[2,4,6]");
    check_json(x,
               "[filter(parameters('arr'), lambda('v', 'i', greater(lambdaVariables('i'), "
               "0)))]",
               "[\"b\",\"c\"]");
    check_json(x,
               "[reduce(createArray(1, 2, 3), 10, lambda('cur', 'next', "
               "add(lambdaVariables('cur'), lambdaVariables('next'))))]",
               "16");
    check_json(x,
               "[sort(parameters('nums'), lambda('a', 'b', less(lambdaVariables('a'), "
               "lambdaVariables('b'))))]",
               "[1,2,3]");
    check_json(x,
               "[sort(createArray('b', 'a', 'c'), lambda('a', 'b', "
               "greater(lambdaVariables('a'), lambdaVariables('b'))))]",
               "[\"c\",\"b\",\"a\"]");
    check_json(x,
               "[toObject(createArray(createObject('name', 'a', 'v', 1), createObject('name', "
               "'b', 'v', 2)), lambda('e', lambdaVariables('e').name))]",
               "{\"a\":{\"name\":\"a\",\"v\":1},\"b\":{\"name\":\"b\",\"v\":2}}");
    check_json(x,
               "[toObject(parameters('arr'), lambda('e', lambdaVariables('e')), lambda('e', "
               "toUpper(lambdaVariables('e'))))]",
               "{\"a\":\"A\",\"b\":\"B\",\"c\":\"C\"}");
    check_json(x,
               "[groupBy(createArray('apple', 'avocado', 'banana'), lambda('f', "
               "first(lambdaVariables('f'))))]",
               "{\"a\":[\"apple\",\"avocado\"],\"b\":[\"banana\"]}");
    check_json(x,
               "[mapValues(createObject('a', 1, 'b', 2), lambda('v', "
               "add(lambdaVariables('v'), 1)))]",
               "{\"a\":2,\"b\":3}");
    /* nested lambdas see the outer variables */
    check_json(x,
               "[map(range(1, 2), lambda('i', map(range(1, 2), lambda('j', "
               "mul(lambdaVariables('i'), lambdaVariables('j'))))))]",
               "[[1,2],[2,4]]");
    check_error(x, "[lambda('x', 1)]", "lambda(): can only be an argument of filter()");
    check_error(x, "[map(createArray(1), 1)]", "map(): argument 2 must be a lambda(...)");
    check_error(x, "[map(createArray(1), lambda('a', 'b', 'c', 1))]",
                "map(): the lambda must take 1 to 2 parameters, not 3");
    check_error(x, "[map(createArray(1), lambda('a', lambdaVariables('b')))]",
                "lambdaVariables(): no lambda variable 'b' is in scope");
    check_error(x, "[filter(createArray(1), lambda('a', 1))]",
                "filter(): the lambda must return a boolean, not a number");
    check_error(x, "[map(1, lambda('a', 1))]", "map(): argument 1 must be an array");
    check_unknown(x, "[map(parameters('sku'), lambda('a', 1))]", "no value",
                  "{map(parameters('sku'),lambda('a',1))}");
    check_unknown(x, "[filter(parameters('arr'), lambda('a', parameters('sku')))]", "no value",
                  "{filter(parameters('arr'),lambda('a',parameters('sku')))}");
    check_json(x, "[length(map(parameters('arr'), lambda('a', parameters('sku'))))]", "3");
}

/* ---- user-defined functions ---- */

static void test_user_functions(void **state)
{
    fx *x = *state;
    check_str(x, "[ns.greet('bob')]", "hello bob");
    check_str(x, "[ns . greet('bob')]", "hello bob");
    check_json(x, "[ns.pair(2, 3)]", "{\"sum\":5,\"lit\":\"[x\"}");
    check_json(x, "[ns.pair(2, 3).sum]", "5");
    check_unknown(x, "[ns.greet(parameters('sku'))]", "no value", "{ns.greet(parameters('sku'))}");
    check_error(x, "[ns.greet()]", "ns.greet() takes 1 argument, not 0");
    check_error(x, "[ns.nothere(1)]", "unknown function 'ns.nothere'");
    /* errors in a function's body name the body and where it is written */
    tg_value *v = ev(x, "[ns.usesvar()]");
    assert_null(v);
    assert_non_null(strstr(x->err.message,
                           "cannot evaluate [variables('prefix')]: the "
                           "user-defined function ns.usesvar cannot use variables"));
    assert_int_equal(x->err.line, 1);
    assert_int_not_equal(x->err.col, 9);
    /* its parameters are its own, not the template's */
    v = ev(x, "[ns.outer('p')]");
    assert_null(v);
    assert_non_null(strstr(x->err.message, "ns.outer has no parameter 'name'"));
}

/* ---- errors name the expression and the string's position ---- */

static void test_error_messages(void **state)
{
    fx *x = *state;
    tg_value *v = ev_at(x, "[length(1)]", 21, 13);
    assert_null(v);
    assert_int_equal(x->err.line, 21);
    assert_int_equal(x->err.col, 13);
    assert_string_equal(x->err.message, "cannot evaluate [length(1)]: length(): argument 1 must "
                                        "be a string, an array or an object, not a number");
    v = ev_at(x, "[concat('a',]", 2, 3);
    assert_null(v);
    assert_string_equal(x->err.message,
                        "invalid expression [concat('a',]: unexpected end of expression at "
                        "character 12");
    assert_int_equal(x->err.line, 2);
    assert_int_equal(x->err.col, 3);
    /* long expressions are cut in messages */
    char big[600];
    memset(big, 'a', sizeof big);
    memcpy(big, "[length(1, '", 12);
    memcpy(big + sizeof big - 4, "')]", 4);
    v = ev(x, big);
    assert_null(v);
    assert_true(strlen(x->err.message) < 400);
    assert_non_null(strstr(x->err.message, "...]"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_literal_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parameters_variables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_member_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reference_and_runtime, setup, teardown),
        cmocka_unit_test_setup_teardown(test_if, setup, teardown),
        cmocka_unit_test_setup_teardown(test_and_or_not, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coalesce, setup, teardown),
        cmocka_unit_test_setup_teardown(test_equals_compare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_trim_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_substrings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resource_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unique_string_guid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrays_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lambdas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_messages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
