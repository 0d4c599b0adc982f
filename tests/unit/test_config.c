/* test_config.c — the configuration's promises: a full file reads as written, every kind
 * of mistake is an error at its line and column, and aliases cannot blow up. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#ifndef TG_TEST_DATA
#define TG_TEST_DATA "tests/unit/data/config"
#endif

/* Parses text expecting an error at line:col whose message holds want. */
static void expect_error(const char *text, int line, int col, const char *want)
{
    tg_config *c = NULL;
    tg_error err = {0};
    int rc = tg_config_parse(&c, "t.yaml", NULL, text, strlen(text), &err);
    if (rc == TG_OK)
        fail_msg("accepted: %s", text);
    assert_null(c);
    assert_string_equal(err.file, "t.yaml");
    if (err.line != line || err.col != col || !strstr(err.message, want))
        fail_msg("for %s\n got %d:%d: %s\nwant %d:%d: ...%s...", text, err.line, err.col,
                 err.message, line, col, want);
}

static void full_file(void **state)
{
    (void)state;
    tg_config *c = NULL;
    tg_error err = {0};
    assert_int_equal(tg_config_load(&c, TG_TEST_DATA "/full.yaml", "full.yaml", &err), TG_OK);
    assert_string_equal(c->path, "full.yaml");
    assert_int_equal(c->nrules, 2);
    assert_string_equal(c->rules[0].rule, "TG002");
    assert_int_equal(c->rules[0].enabled, 0);
    assert_int_equal(c->rules[0].has_severity, 0);
    assert_int_equal(c->rules[0].line, 3);
    assert_int_equal(c->rules[1].enabled, -1);
    assert_int_equal(c->rules[1].severity, TG_SEV_CRITICAL);
    assert_true(c->has_fail_on);
    assert_int_equal(c->fail_on, TG_SEV_MEDIUM);
    assert_int_equal(c->unknown, 2);
    assert_int_equal(c->kinds.n, 2);
    assert_string_equal(c->kinds.items[1], "AIServices");
    assert_int_equal(c->broadest_prefix, 0);
    assert_int_equal(c->allowed_locations.n, 2);
    assert_string_equal(c->allowed_skus.items[0], "S1");
    assert_string_equal(c->required_tags.items[0], "owner");
    assert_int_equal(c->policy_dirs.n, 1);
    assert_string_equal(c->policy_dirs.items[0], TG_TEST_DATA "/extra");
    assert_int_equal(c->exclude.n, 2);
    assert_int_equal(c->nsupp, 2);
    assert_string_equal(c->supp[0].expires, "2030-02-28");
    assert_int_equal(c->supp[0].line, 19);
    assert_int_equal(c->supp[0].col, 5);
    assert_null(c->supp[1].expires);
    assert_true(tg_config_path_wanted(c, "infra/a.json"));
    assert_false(tg_config_path_wanted(c, "infra/test/a.json"));
    assert_false(tg_config_path_wanted(c, "other/a.json"));
    tg_config_free(c);
}

static void empty_file(void **state)
{
    (void)state;
    tg_config *c = NULL;
    tg_error err = {0};
    assert_int_equal(tg_config_parse(&c, "e.yaml", NULL, "# nothing\n", 10, &err), TG_OK);
    assert_int_equal(c->unknown, -1);
    assert_int_equal(c->broadest_prefix, -1);
    assert_false(c->has_fail_on);
    tg_config_free(c);
}

static void unknown_keys(void **state)
{
    (void)state;
    expect_error("fail_on: high\nfial_on: low\n", 2, 1,
                 "unknown key 'fial_on' (allowed: rules, fail_on, unknown,");
    expect_error("settings:\n  broadest: 8\n", 2, 3,
                 "unknown key 'broadest' (allowed: broadest_prefix, allowed_locations");
    expect_error("rules:\n  TG002:\n    enable: false\n", 3, 5,
                 "rules.TG002: unknown key 'enable' (allowed: enabled, severity)");
    expect_error("suppressions:\n  - rule: TG002\n    adress: x\n", 3, 5, "unknown key 'adress'");
    expect_error("fail_on: high\nfail_on: low\n", 2, 1, "duplicate key 'fail_on'");
}

static void wrong_types(void **state)
{
    (void)state;
    expect_error("- a\n- b\n", 1, 1, "expected a mapping, found a list");
    expect_error("kinds: TextTranslation\n", 1, 8, "kinds: expected a list");
    expect_error("kinds: [a, [b]]\n", 1, 12, "kinds: expected a string, found a list");
    expect_error("rules:\n  TG002:\n    enabled: maybe\n", 3, 14, "expected true or false");
    expect_error("rules:\n  TG002: off\n", 2, 10, "expected a mapping");
    expect_error("settings:\n  broadest_prefix: 33\n", 2, 20, "from 0 to 32");
    expect_error("settings:\n  broadest_prefix: '8'\n", 2, 20, "from 0 to 32");
    expect_error("unknown: maybe\n", 1, 10, "not one of pass, warn, fail");
    expect_error("suppressions: {rule: x}\n", 1, 15, "suppressions: expected a list");
}

static void bad_severities(void **state)
{
    (void)state;
    expect_error("fail_on: severe\n", 1, 10, "'severe' is not a severity");
    expect_error("rules:\n  TG002:\n    severity: urgent\n", 3, 15,
                 "rules.TG002.severity: 'urgent' is not a severity");
}

static void bad_globs(void **state)
{
    (void)state;
    expect_error("include: ['a/[bc.json']\n", 1, 11, "bad glob 'a/[bc.json': a [ is never closed");
    expect_error("exclude:\n  - ok/*\n  - 'x\\'\n", 3, 5, "ends with a backslash");
    expect_error("exclude: ['']\n", 1, 11, "it is empty");
}

static void bad_dates(void **state)
{
    (void)state;
    const char *head = "suppressions:\n  - rule: TG002\n    address: a\n    reason: r\n";
    const char *dates[] = {"2024-02-30", "2023-02-29", "2024-13-01", "24-01-01",
                           "2024-1-01",  "tomorrow",   "2024-01-01x"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s    expires: %s\n", head, dates[i]);
        expect_error(text, 5, 14, "is not a date (YYYY-MM-DD)");
    }
    tg_config *c = NULL;
    tg_error err = {0};
    char ok[256];
    snprintf(ok, sizeof ok, "%s    expires: 2024-02-29\n", head);
    assert_int_equal(tg_config_parse(&c, "t.yaml", NULL, ok, strlen(ok), &err), TG_OK);
    tg_config_free(c);
}

static void suppression_fields(void **state)
{
    (void)state;
    expect_error("suppressions:\n  - rule: TG002\n    address: a\n", 2, 5, "needs a 'reason'");
    expect_error("suppressions:\n  - rule: TG002\n    address: a\n    reason:\n", 4, 12,
                 "reason: expected a string, found nothing");
    expect_error("suppressions:\n  - reason: r\n    address: a\n", 2, 5, "needs a 'rule'");
    expect_error("suppressions:\n  - rule: TG002\n    reason: r\n", 2, 5, "needs an 'address'");
}

static void yaml_syntax(void **state)
{
    (void)state;
    expect_error("fail_on: [high\n", 2, 1, "invalid YAML");
    expect_error("a: 1\n---\nb: 2\n", 2, 1, "a second YAML document");
    expect_error("kinds: *nope\n", 1, 8, "alias *nope names no anchor");
}

static void alias_bomb_bounded(void **state)
{
    (void)state;
    /* each level doubles: 2^20 values if expanded */
    char text[4096] = "x0: &a0 [v, v]\n";
    for (int i = 1; i <= 20; i++) {
        char line[64];
        snprintf(line, sizeof line, "x%d: &a%d [*a%d, *a%d]\n", i, i, i - 1, i - 1);
        strcat(text, line);
    }
    tg_config *c = NULL;
    tg_error err = {0};
    assert_int_equal(tg_config_parse(&c, "bomb.yaml", NULL, text, strlen(text), &err), TG_ERR);
    assert_null(c);
    assert_non_null(strstr(err.message, "more than 10000 values"));
    assert_true(err.line > 1);

    /* many cheap aliases are refused too */
    char many[8192] = "kinds: [&k a";
    for (int i = 0; i < 150; i++)
        strcat(many, ", *k");
    strcat(many, "]\n");
    assert_int_equal(tg_config_parse(&c, "many.yaml", NULL, many, strlen(many), &err), TG_ERR);
    assert_non_null(strstr(err.message, "more than 100 aliases"));

    /* a few aliases are fine */
    const char *fine = "kinds: &k [TextTranslation]\nsettings:\n  allowed_skus: *k\n";
    assert_int_equal(tg_config_parse(&c, "fine.yaml", NULL, fine, strlen(fine), &err), TG_OK);
    assert_string_equal(c->allowed_skus.items[0], "TextTranslation");
    tg_config_free(c);
}

static void deep_nesting_bounded(void **state)
{
    (void)state;
    char text[1024] = "kinds: ";
    for (int i = 0; i < 100; i++)
        strcat(text, "[");
    for (int i = 0; i < 100; i++)
        strcat(text, "]");
    tg_config *c = NULL;
    tg_error err = {0};
    assert_int_equal(tg_config_parse(&c, "deep.yaml", NULL, text, strlen(text), &err), TG_ERR);
    assert_non_null(strstr(err.message, "nested more than"));
}

static void address_patterns(void **state)
{
    (void)state;
    assert_true(tg_config_match("*", "anything"));
    assert_true(tg_config_match("module.a[*].x", "module.a[3].x"));
    assert_true(tg_config_match("module.a[?].x", "module.a[3].x"));
    assert_false(tg_config_match("module.a[?].x", "module.a[13].x"));
    assert_true(tg_config_match("module.*.azurerm_cognitive_account.*",
                                "module.net.azurerm_cognitive_account.this[\"k\"]"));
    assert_false(tg_config_match("[ab]", "a")); /* brackets are literal */
    assert_true(tg_config_match("[ab]", "[ab]"));
    assert_false(tg_config_match("abc", "abcd"));
    assert_true(tg_config_match("a*b*c", "aXbYbZc"));
}

static void starter_parses(void **state)
{
    (void)state;
    char path[] = "/tmp/tg-config-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    tg_error err = {0};
    /* exists: refused without force */
    assert_int_equal(tg_config_write_starter(path, 0, &err), TG_ERR);
    assert_non_null(strstr(err.message, "--force"));
    assert_int_equal(tg_config_write_starter(path, 1, &err), TG_OK);
    tg_config *c = NULL;
    assert_int_equal(tg_config_load(&c, path, NULL, &err), TG_OK);
    assert_int_equal(c->fail_on, TG_SEV_HIGH);
    assert_int_equal(c->broadest_prefix, 24);
    tg_config_free(c);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_file),
        cmocka_unit_test(empty_file),
        cmocka_unit_test(unknown_keys),
        cmocka_unit_test(wrong_types),
        cmocka_unit_test(bad_severities),
        cmocka_unit_test(bad_globs),
        cmocka_unit_test(bad_dates),
        cmocka_unit_test(suppression_fields),
        cmocka_unit_test(yaml_syntax),
        cmocka_unit_test(alias_bomb_bounded),
        cmocka_unit_test(deep_nesting_bounded),
        cmocka_unit_test(address_patterns),
        cmocka_unit_test(starter_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
