/* test_armsym.c — the symbolic reading of ARM expressions used for names and links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "arena.h"
#include "armsym.h"

static void expect(const char *expr, const char *want, int want_literal)
{
    tg_arena *a = tg_arena_new();
    int literal = -1;
    const char *got = tg_armsym_render(a, expr, &literal);
    assert_string_equal(got, want);
    assert_int_equal(literal, want_literal);
    tg_arena_free(a);
}

static void literals(void **state)
{
    (void)state;
    expect("'tr-prod'", "tr-prod", 1);
    expect("'it''s'", "it's", 1);
    expect("concat('a', 'b', 'c')", "abc", 1);
    expect("format('{0}-{1}', 'tr', 'prod')", "tr-prod", 1);
    expect("format('{{literal}} {0}', 'x')", "{literal} x", 1);
    expect("toLower('TR-Prod')", "tr-prod", 1);
    expect("  CONCAT( 'a' ,  'b' ) ", "ab", 1);
}

static void resource_ids(void **state)
{
    (void)state;
#define HERE                                                                                       \
    "/subscriptions/{subscription().subscriptionId}/resourceGroups/{resourceGroup().name}/"        \
    "providers/"
    expect("resourceId('Microsoft.CognitiveServices/accounts', 'tr')",
           HERE "Microsoft.CognitiveServices/accounts/tr", 0);
    expect("resourceId('sub', 'rg', 'Microsoft.CognitiveServices/accounts', 'tr')",
           "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/tr",
           1);
    expect("resourceId('otherrg', 'Microsoft.CognitiveServices/accounts', 'tr')",
           "/subscriptions/{subscription().subscriptionId}/resourceGroups/otherrg/providers/"
           "Microsoft.CognitiveServices/accounts/tr",
           0);
    expect("resourceId('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'pe', 'default')",
           HERE "Microsoft.Network/privateEndpoints/pe/privateDnsZoneGroups/default", 0);
    expect("resourceId('Microsoft.CognitiveServices/accounts', parameters('name'))",
           HERE "Microsoft.CognitiveServices/accounts/{parameters('name')}", 0);
}

static void symbolic_parts(void **state)
{
    (void)state;
    expect("parameters('accountName')", "{parameters('accountName')}", 0);
    expect("format('{0}-doctranslation', resourceGroup().name)",
           "{resourceGroup().name}-doctranslation", 0);
    expect("concat(parameters( 'a' ), '-x')", "{parameters('a')}-x", 0);
    expect("reference(parameters('x')).outputs.id.value",
           "{reference(parameters('x')).outputs.id.value}", 0);
    expect("variables('names')[copyIndex()]", "{variables('names')[copyIndex()]}", 0);
}

static void malformed_is_symbolic(void **state)
{
    (void)state;
    expect("concat('a'", "{concat('a'}", 0);
    expect("'unterminated", "{'unterminated}", 0);
    expect(")", "{)}", 0);
    expect("", "{}", 0);
}

static void deep_nesting_is_bounded(void **state)
{
    (void)state;
    char buf[4096];
    size_t n = 0;
    for (int i = 0; i < 500; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "concat(");
    n += (size_t)snprintf(buf + n, sizeof buf - n, "'x'");
    for (int i = 0; i < 500 && n + 1 < sizeof buf; i++)
        buf[n++] = ')';
    buf[n] = '\0';
    tg_arena *a = tg_arena_new();
    int literal = 1;
    const char *got = tg_armsym_render(a, buf, &literal);
    assert_int_equal(literal, 0);
    assert_true(got[0] == '{');
    tg_arena_free(a);
}

static void expression_syntax(void **state)
{
    (void)state;
    assert_true(tg_armsym_is_expr("[x]", 3));
    assert_false(tg_armsym_is_expr("[[x]", 4));
    assert_false(tg_armsym_is_expr("x]", 2));
    assert_false(tg_armsym_is_expr("[x", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(literals),
        cmocka_unit_test(resource_ids),
        cmocka_unit_test(symbolic_parts),
        cmocka_unit_test(malformed_is_symbolic),
        cmocka_unit_test(deep_nesting_is_bounded),
        cmocka_unit_test(expression_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
