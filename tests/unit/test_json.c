/* test_json.c — the JSON reader's promises: every value and key carries the line and
 * column of its first character whatever the layout (comments, CRLF, raw newlines in
 * strings, escapes, wide characters), hostile input fails cleanly at the right place,
 * and duplicate member names never let us read a value Resource Manager might not. */
#include "json.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

typedef struct fx {
    tg_arena *a;
    tg_source *s;
    tg_error err;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->a = tg_arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    tg_source_free(f->s);
    tg_arena_free(f->a);
    free(f);
    return 0;
}

/* Byte offset of line:col, counted independently of the code under test. */
static size_t offset_at(const tg_source *s, int line, int col)
{
    const unsigned char *t = (const unsigned char *)s->text;
    size_t off = 0;
    for (int l = 1; l < line; l++) {
        while (off < s->len && t[off] != '\n')
            off++;
        off++;
    }
    for (int units = 1; units < col; off++) {
        if ((t[off] & 0xC0) != 0x80)
            units += t[off] >= 0xF0 ? 2 : 1;
    }
    while (off < s->len && (t[off] & 0xC0) == 0x80)
        off++;
    return off;
}

/* Every position in the tree points at the first character of what it describes. */
static void check_tree(const tg_source *s, const tg_value *v)
{
    static const char first[] = {'n', 0, 0, '"', '[', '{', 0};
    if (v->kind != TG_V_UNKNOWN) {
        assert_true(v->line > 0 && v->col > 0);
        char ch = s->text[offset_at(s, v->line, v->col)];
        if (v->kind == TG_V_BOOL)
            assert_int_equal(ch, v->u.boolean ? 't' : 'f');
        else if (v->kind == TG_V_NUMBER)
            assert_true(ch == '-' || (ch >= '0' && ch <= '9'));
        else
            assert_int_equal(ch, first[v->kind]);
    }
    if (v->kind != TG_V_ARRAY && v->kind != TG_V_OBJECT)
        return;
    for (size_t i = 0; i < v->u.coll.n; i++) {
        const tg_value *item = v->u.coll.items[i];
        if (v->kind == TG_V_OBJECT)
            assert_int_equal(s->text[offset_at(s, item->kline, item->kcol)], '"');
        else
            assert_int_equal(item->kline, 0);
        check_tree(s, item);
    }
}

static int parse_len(fx *f, const char *text, size_t len, tg_value **out)
{
    tg_source_free(f->s);
    f->s = NULL;
    memset(&f->err, 0, sizeof f->err);
    if (tg_source_from_bytes(&f->s, "t.json", text, len, &f->err) != TG_OK)
        fail_msg("source: %s", f->err.message);
    *out = (tg_value *)1;
    int rc = tg_json_parse(out, f->s, f->a, &f->err);
    if (rc != TG_OK)
        assert_null(*out);
    return rc;
}

static tg_value *ok_len(void **state, const char *text, size_t len, int check)
{
    fx *f = *state;
    tg_value *v;
    if (parse_len(f, text, len, &v) != TG_OK)
        fail_msg("unexpected error %d:%d: %s", f->err.line, f->err.col, f->err.message);
    assert_non_null(v);
    if (check)
        check_tree(f->s, v);
    return v;
}

static tg_value *ok(void **state, const char *text)
{
    return ok_len(state, text, strlen(text), 1);
}

/* Expects an error at line:col whose message is msg, or starts with msg when msg ends
 * with '*'. */
static void bad_len(void **state, const char *text, size_t len, int line, int col, const char *msg)
{
    fx *f = *state;
    tg_value *v;
    if (parse_len(f, text, len, &v) != TG_ERR)
        fail_msg("expected '%s', parsed fine", msg);
    size_t n = strlen(msg);
    int match = msg[n - 1] == '*' ? strncmp(f->err.message, msg, n - 1) == 0
                                  : strcmp(f->err.message, msg) == 0;
    if (!match)
        fail_msg("expected '%s', got '%s'", msg, f->err.message);
    assert_string_equal(f->err.file, "t.json");
    if (f->err.line != line || f->err.col != col)
        fail_msg("'%s': expected %d:%d, got %d:%d", f->err.message, line, col, f->err.line,
                 f->err.col);
}

static void bad(void **state, const char *text, int line, int col, const char *msg)
{
    bad_len(state, text, strlen(text), line, col, msg);
}

static void at(const tg_value *v, int line, int col)
{
    assert_non_null(v);
    if (v->line != line || v->col != col)
        fail_msg("value: expected %d:%d, got %d:%d", line, col, v->line, v->col);
}

static void key_at(const tg_value *v, int line, int col)
{
    assert_non_null(v);
    if (v->kline != line || v->kcol != col)
        fail_msg("key: expected %d:%d, got %d:%d", line, col, v->kline, v->kcol);
}

static const tg_value *get(const tg_value *obj, const char *key)
{
    assert_int_equal(obj->kind, TG_V_OBJECT);
    const tg_value *v = tg_value_get(obj, key);
    if (!v)
        fail_msg("no member '%s'", key);
    return v;
}

static const tg_value *item(const tg_value *arr, size_t i)
{
    assert_int_equal(arr->kind, TG_V_ARRAY);
    assert_true(i < arr->u.coll.n);
    return arr->u.coll.items[i];
}

/* ---- positions ---- */

static void test_minified(void **state)
{
    const tg_value *v = ok(state, "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"x\"}}");
    at(v, 1, 1);
    at(get(v, "a"), 1, 6);
    key_at(get(v, "a"), 1, 2);
    const tg_value *b = get(v, "b");
    key_at(b, 1, 8);
    at(b, 1, 12);
    at(item(b, 0), 1, 13);
    at(item(b, 1), 1, 18);
    at(item(b, 2), 1, 24);
    assert_int_equal(item(b, 2)->kind, TG_V_NULL);
    const tg_value *c = get(v, "c");
    key_at(c, 1, 30);
    at(c, 1, 34);
    key_at(get(c, "d"), 1, 35);
    at(get(c, "d"), 1, 39);
    assert_string_equal(get(c, "d")->u.str.s, "x");
}

static void test_value_on_next_line(void **state)
{
    const tg_value *v = ok(state, "{\n"
                                  "  \"a\":\n"
                                  "    [1,\n"
                                  "     2],\n"
                                  "  \"b\"\n"
                                  "  :\n"
                                  "  \"x\"\n"
                                  "}");
    key_at(get(v, "a"), 2, 3);
    at(get(v, "a"), 3, 5);
    at(item(get(v, "a"), 0), 3, 6);
    at(item(get(v, "a"), 1), 4, 6);
    key_at(get(v, "b"), 5, 3);
    at(get(v, "b"), 7, 3);
}

static void test_escaped_quote_keys(void **state)
{
    const tg_value *v = ok(state, "{\"a\\\"b\": \"c\\\\\", \"d\": 1}");
    assert_string_equal(v->u.coll.keys[0], "a\"b");
    key_at(get(v, "a\"b"), 1, 2);
    at(get(v, "a\"b"), 1, 10);
    assert_string_equal(get(v, "a\"b")->u.str.s, "c\\");
    key_at(get(v, "d"), 1, 17);
    at(get(v, "d"), 1, 22);
    /* an escaped quote where an unescaped string of the decoded length would end */
    v = ok(state, "{\"k\\\"\": \"x\\\"\", \"t\": 1}");
    assert_string_equal(v->u.coll.keys[0], "k\"");
    assert_string_equal(get(v, "k\"")->u.str.s, "x\"");
    key_at(get(v, "t"), 1, 16);
}

static void test_strings_with_syntax_inside(void **state)
{
    const tg_value *v = ok(state, "{\"u\": \"http://x/*y*/{]\", \"w\": \"//\", \"v\": [1]} // end");
    assert_string_equal(get(v, "u")->u.str.s, "http://x/*y*/{]");
    assert_string_equal(get(v, "w")->u.str.s, "//");
    key_at(get(v, "v"), 1, 37);
    at(item(get(v, "v"), 0), 1, 43);
}

/* Long strings are searched in bulk between escapes: escapes after, between and at the
 * edges of long runs still end the string at the right quote. */
static void test_long_strings_with_escapes(void **state)
{
    const char *text = "{\"s\": \"0123456789abcdefghij\\\"0123456789abcdefghij\\\\"
                       "0123456789abcdefghij\\u00e9klmnopqrstuvwxyz0123456789\\\"\", \"t\": 1}";
    const tg_value *v = ok(state, text);
    assert_string_equal(get(v, "s")->u.str.s, "0123456789abcdefghij\"0123456789abcdefghij\\"
                                              "0123456789abcdefghij\xC3\xA9klmnopqrstuvwxyz"
                                              "0123456789\"");
    key_at(get(v, "t"), 1, (int)(strstr(text, "\"t\"") - text) + 1);
    /* an escaped quote, then a long run without backslashes up to the end */
    v = ok(state, "[\"0123456789abcdefghij\\\"0123456789abcdefghijklmnop\", 1]");
    assert_string_equal(item(v, 0)->u.str.s, "0123456789abcdefghij\"0123456789abcdefghijklmnop");
    at(item(v, 1), 1, 54);
}

static void test_comments(void **state)
{
    const tg_value *v = ok(state, "// leading \xC3\xA9\n"
                                  "{\"a\" /* c1 */ : 1, // \"b\": 9\n"
                                  " /* multi\n"
                                  "    line \xF0\x9F\x98\x80 */ \"b\" : /*x*/ 2,\n"
                                  " \"c\": [1 /*,*/ , 2 // ]\n"
                                  " ]} /* trailing */\n");
    at(v, 2, 1);
    at(get(v, "a"), 2, 17);
    key_at(get(v, "b"), 4, 16);
    at(get(v, "b"), 4, 28);
    assert_int_equal(get(v, "b")->u.number, 2);
    const tg_value *c = get(v, "c");
    assert_int_equal(c->u.coll.n, 2);
    at(item(c, 0), 5, 8);
    at(item(c, 1), 5, 18);
    assert_int_equal(v->u.coll.n, 3);
}

static void test_comment_with_wide_chars_before_value(void **state)
{
    /* columns count the comment's characters as written, not the blanked bytes */
    const tg_value *v = ok(state, "/* \xC3\xA9\xF0\x9F\x98\x80 */ [7]");
    at(v, 1, 11);
    at(item(v, 0), 1, 12);
}

static void test_crlf(void **state)
{
    const tg_value *v = ok(state, "{\r\n  \"a\": 1,\r\n  \"b\": \"x\r\ny\"\r\n, \"c\": 3}\r\n");
    key_at(get(v, "a"), 2, 3);
    at(get(v, "a"), 2, 8);
    key_at(get(v, "b"), 3, 3);
    at(get(v, "b"), 3, 8);
    assert_string_equal(get(v, "b")->u.str.s, "x\r\ny");
    key_at(get(v, "c"), 5, 3);
    at(get(v, "c"), 5, 8);
}

static void test_tabs(void **state)
{
    const tg_value *v = ok(state, "{\t\"a\":\t1,\n\t\t\"b\": \"t\tt\"}");
    key_at(get(v, "a"), 1, 3);
    at(get(v, "a"), 1, 8);
    key_at(get(v, "b"), 2, 3);
    assert_string_equal(get(v, "b")->u.str.s, "t\tt");
}

static void test_multiline_raw_strings(void **state)
{
    const tg_value *v = ok(state, "{\"a\": \"line1\nline2\n  line3\", \"b\": 1,\n\"c\": 2}");
    assert_string_equal(get(v, "a")->u.str.s, "line1\nline2\n  line3");
    key_at(get(v, "b"), 3, 11);
    at(get(v, "b"), 3, 16);
    key_at(get(v, "c"), 4, 1);
    at(get(v, "c"), 4, 6);
}

static void test_nested_arrays_of_objects(void **state)
{
    const tg_value *v = ok(state, "[{\"a\":[{\"b\":1},{\"c\":[2,{\"d\":3}]}]},\n [[]], {}]");
    assert_int_equal(v->kind, TG_V_ARRAY);
    assert_int_equal(v->u.coll.n, 3);
    const tg_value *a = get(item(v, 0), "a");
    at(a, 1, 7);
    at(get(item(a, 0), "b"), 1, 13);
    const tg_value *c = get(item(a, 1), "c");
    at(c, 1, 21);
    at(item(c, 0), 1, 22);
    key_at(get(item(c, 1), "d"), 1, 25);
    at(get(item(c, 1), "d"), 1, 29);
    at(item(v, 1), 2, 2);
    at(item(item(v, 1), 0), 2, 3);
    assert_int_equal(item(item(v, 1), 0)->u.coll.n, 0);
    at(item(v, 2), 2, 8);
    assert_int_equal(item(v, 2)->kind, TG_V_OBJECT);
    assert_int_equal(item(v, 2)->u.coll.n, 0);
}

static void test_unicode_before_value(void **state)
{
    const tg_value *v = ok(
        state, "{\"k\\u00e9\\ud83d\\ude00\": \"\xF0\x9F\x98\x80\xC3\xA9\xE2\x82\xAC\", \"x\": 1}");
    assert_string_equal(v->u.coll.keys[0], "k\xC3\xA9\xF0\x9F\x98\x80");
    at(get(v, "k\xC3\xA9\xF0\x9F\x98\x80"), 1, 25);
    key_at(get(v, "x"), 1, 33);
    at(get(v, "x"), 1, 38);
}

static void test_arrays_vs_objects(void **state)
{
    const tg_value *v =
        ok(state, "{\"o\": {}, \"a\": [], \"s\": \"\", \"t\": true, \"f\": false, \"n\": null}");
    assert_int_equal(get(v, "o")->kind, TG_V_OBJECT);
    assert_null(get(v, "o")->u.coll.keys);
    assert_int_equal(get(v, "a")->kind, TG_V_ARRAY);
    assert_int_equal(get(v, "s")->kind, TG_V_STRING);
    assert_int_equal(get(v, "s")->u.str.len, 0);
    assert_int_equal(get(v, "t")->kind, TG_V_BOOL);
    assert_true(get(v, "t")->u.boolean);
    assert_false(get(v, "f")->u.boolean);
    assert_int_equal(get(v, "n")->kind, TG_V_NULL);
    /* the capacity left by the reader is what tg_value_append expects */
    tg_value *arr = (tg_value *)ok(state, "[1, 2, 3]");
    fx *f = *state;
    for (int i = 0; i < 20; i++)
        tg_value_append(f->a, arr, tg_value_new(f->a, TG_V_NULL));
    assert_int_equal(arr->u.coll.n, 23);
    assert_int_equal(item(arr, 2)->u.number, 3);
    /* root scalars */
    at(ok(state, "  \n \"s\""), 2, 2);
    assert_int_equal(ok(state, "42")->u.number, 42);
}

static void test_numbers(void **state)
{
    const tg_value *v = ok(state, "[-1.5, 2.5e3, -0, 9223372036854775808, 18446744073709551616, "
                                  "1E2, 0.000001, 1e-400]");
    assert_true(item(v, 0)->u.number == -1.5);
    assert_true(item(v, 1)->u.number == 2500.0);
    assert_true(item(v, 2)->u.number == 0.0);
    assert_true(item(v, 3)->u.number == 9223372036854775808.0);
    assert_true(item(v, 4)->u.number == 18446744073709551616.0);
    assert_true(item(v, 5)->u.number == 100.0);
    assert_true(item(v, 6)->u.number == 0.000001);
    assert_true(item(v, 7)->u.number == 0.0);
    at(item(v, 3), 1, 19);
    bad(state, "[1, 1e400]", 1, 5, "number out of range");
    /* long numbers are read whole */
    char digits[512];
    memset(digits, '7', sizeof digits);
    digits[0] = '[';
    strcpy(digits + 301, "]");
    assert_true(item(ok(state, digits), 0)->u.number > 7.7e299);
    memset(digits + 1, '7', 400);
    strcpy(digits + 401, "]");
    bad(state, digits, 1, 2, "number out of range");
    bad(state, "{\n \"n\": -1e400}", 2, 7, "number out of range");
}

static void test_positions_in_data_file(void **state)
{
    fx *f = *state;
    tg_source_free(f->s);
    f->s = NULL;
    if (tg_source_load(&f->s, "tests/unit/data/json/tricky-layout.json", "tricky.json", &f->err))
        fail_msg("%s", f->err.message);
    tg_value *v = NULL;
    if (tg_json_parse(&v, f->s, f->a, &f->err) != TG_OK)
        fail_msg("%d:%d: %s", f->err.line, f->err.col, f->err.message);
    check_tree(f->s, v);
    const tg_value *res = item(get(v, "resources"), 0);
    key_at(get(res, "type"), 8, 7);
    at(get(res, "type"), 8, 15);
    const tg_value *props = get(res, "properties");
    key_at(get(props, "publicNetworkAccess"), 15, 9);
    at(get(props, "publicNetworkAccess"), 15, 32);
    assert_string_equal(get(props, "publicNetworkAccess")->u.str.s, "Disabled");
}

/* ---- errors ---- */

static void test_empty(void **state)
{
    bad(state, "", 1, 1, "empty file");
    bad(state, "  \n\t \r\n", 1, 1, "empty file");
    bad(state, "// only a comment\n/* and another */\n", 1, 1, "empty file");
}

static void test_unterminated(void **state)
{
    bad(state, "{\"a\": 1 /* never closed", 1, 9, "unterminated comment");
    bad(state, "{\"a\": 1 /* never closed *", 1, 9, "unterminated comment");
    bad(state, "{\"a\": \"abc", 1, 11, "unexpected end of input (unclosed string opened at 1:7)");
    bad(state, "{\"a\": \"abc\\\"", 1, 13,
        "unexpected end of input (unclosed string opened at 1:7)");
    bad(state, "{\n  \"a\": [1,\n  2", 3, 4, "unexpected end of input ('[' opened at 2:8)");
    bad(state, "{\n  \"a\": [1]\n\n", 4, 1, "unexpected end of input ('{' opened at 1:1)");
    bad(state, "{\"a\": // c\n", 2, 1, "unexpected end of input ('{' opened at 1:1)");
}

static void test_trailing_comma(void **state)
{
    bad(state, "[1, 2, ]", 1, 6, "trailing comma");
    bad(state, "{\"a\": 1, // c\n /* d */ }", 1, 8, "trailing comma");
    bad(state, "{\"a\": [\n  1,\n]}", 2, 4, "trailing comma");
    /* a comma inside a string is not one */
    ok(state, "[\",]\", \",}\"]");
}

static void test_invalid_json(void **state)
{
    bad(state, "{\"a\": x}", 1, 7, "invalid JSON: unexpected character 'x'");
    bad(state, "{\"a\": tru}", 1, 7, "invalid JSON: unexpected character 't'");
    bad(state, "[1 2]", 1, 4, "invalid JSON: unexpected character '2'");
    bad(state, "[1}", 1, 3, "invalid JSON: unexpected character '}'");
    bad(state, "{\"a\" 1}", 1, 6, "invalid JSON: unexpected character '1'");
    bad(state, "{a: 1}", 1, 2,
        "invalid JSON: expected a member name in double quotes, found character 'a'");
    bad(state, "{\"a\": 1,\n  b: 1}", 2, 3,
        "invalid JSON: expected a member name in double quotes, found character 'b'");
    bad(state, "[\xC3\xA9]", 1, 2, "invalid JSON: unexpected character '\xC3\xA9' (U+00E9)");
    bad(state, "[\"\\q\"]", 1, 3,
        "invalid JSON: invalid escape sequence (backslash before character 'q')");
    bad(state, "{\"k\": \"\\ud800\"}", 1, 8, "invalid JSON: invalid \\u escape in string");
    bad(state, "]", 1, 1, "invalid JSON: unexpected character ']'");
    bad(state, "-", 1, 1, "invalid JSON: unexpected character '-'");
    bad(state, "[1.2.3]", 1, 2, "invalid JSON: malformed number '1.2.3'");
    bad(state, "{\"a\": 1-2}", 1, 7, "invalid JSON: malformed number '1-2'");
    bad(state, "[true1]", 1, 6, "invalid JSON: unexpected character '1'");
    bad(state, "{\xC3\xA9: 1}", 1, 2,
        "invalid JSON: expected a member name in double quotes, found character '\xC3\xA9' "
        "(U+00E9)");
    /* the first problem in the file is the one reported */
    bad(state, "{\"a\": x, \"b\": [1,]}", 1, 7, "invalid JSON: unexpected character 'x'");
    bad(state, "[1,] x", 1, 3, "trailing comma");
    bad(state, "[x, \"\\u0000\"]", 1, 2, "invalid JSON: unexpected character 'x'");
    bad(state, "[x, \"abc", 1, 2, "invalid JSON: unexpected character 'x'");
}

static void test_trailing_garbage(void **state)
{
    bad(state, "{\"a\": 1} x", 1, 10, "unexpected text after the JSON value");
    bad(state, "{}\n\n  {}", 3, 3, "unexpected text after the JSON value");
    bad(state, "{}}", 1, 3, "unexpected text after the JSON value");
    bad(state, "{} {", 1, 4, "unexpected text after the JSON value");
    bad(state, "[] [[[[[[", 1, 4, "unexpected text after the JSON value");
    bad(state, "1 2", 1, 3, "unexpected text after the JSON value");
    bad(state, "\"a\" \"b\"", 1, 5, "unexpected text after the JSON value");
    bad(state, "true // c\n false", 2, 2, "unexpected text after the JSON value");
    ok(state, "{} // comment\n/* more */ \n");
}

static void test_nul_escape(void **state)
{
    bad(state, "[\"ok\", \"a\\u0000b\"]", 1, 8, "\\u0000 in string");
    bad(state, "{\"a\\u0000\": 1}", 1, 2, "\\u0000 in string");
    /* an escaped backslash followed by u0000 is text, not an escape */
    const tg_value *v = ok(state, "[\"\\\\u0000\"]");
    assert_string_equal(item(v, 0)->u.str.s, "\\u0000");
    assert_int_equal(item(v, 0)->u.str.len, 6);
}

static char *nested(size_t depth, const char *open, const char *inner, const char *close)
{
    size_t lo = strlen(open), li = strlen(inner), lc = strlen(close);
    char *s = malloc(depth * (lo + lc) + li + 1), *p = s;
    for (size_t i = 0; i < depth; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, inner, li);
    p += li;
    for (size_t i = 0; i < depth; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static void test_nesting_limit(void **state)
{
    char *s = nested(512, "[", "", "]");
    const tg_value *v = ok(state, s);
    for (int d = 1; d < 512; d++) {
        assert_int_equal(v->u.coll.n, 1);
        v = item(v, 0);
    }
    assert_int_equal(v->kind, TG_V_ARRAY);
    assert_int_equal(v->u.coll.n, 0);
    at(v, 1, 512);
    free(s);

    s = nested(513, "[", "", "]");
    bad(state, s, 1, 513, "nesting deeper than 512 levels");
    free(s);

    s = nested(512, "{\"a\":", "1", "}");
    ok(state, s);
    free(s);
    s = nested(513, "{\"a\":", "1", "}");
    bad(state, s, 1, 5 * 512 + 1, "nesting deeper than 512 levels");
    free(s);
}

static void test_very_deep(void **state)
{
    char *s = nested(100000, "[", "", "");
    clock_t t0 = clock();
    bad(state, s, 1, 513, "nesting deeper than 512 levels");
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
    free(s);
    s = nested(100000, "[", "1", "]");
    bad(state, s, 1, 513, "nesting deeper than 512 levels");
    free(s);
}

static void test_big_string(void **state)
{
    size_t n = 1024 * 1024;
    char *s = malloc(n + 64);
    strcpy(s, "{\"s\": \"");
    size_t k = strlen(s);
    for (size_t i = 0; i < n; i++)
        s[k++] = (char)('a' + i % 26);
    memcpy(s + k, "\\n\", \"t\": 1}", 13);
    const tg_value *v = ok_len(state, s, strlen(s), 1);
    assert_int_equal(get(v, "s")->u.str.len, n + 1);
    assert_int_equal(get(v, "s")->u.str.s[n], '\n');
    at(get(v, "t"), 1, (int)(k + 11));
    free(s);
}

/* ---- duplicate member names ---- */

static void test_dup_case_differs(void **state)
{
    const tg_value *v = ok(state, "{\n \"Name\": \"a\",\n \"other\": 1,\n \"name\": \"b\"\n}");
    assert_int_equal(v->u.coll.n, 2);
    assert_string_equal(v->u.coll.keys[0], "other");
    assert_string_equal(v->u.coll.keys[1], "name");
    const tg_value *u = v->u.coll.items[1];
    assert_int_equal(u->kind, TG_V_UNKNOWN);
    assert_string_equal(u->u.reason, "is written twice, as 'Name' (line 2) and 'name' (line 4), "
                                     "and Resource Manager may read either");
    key_at(u, 4, 2);
    at(u, 4, 10);
}

static void test_dup_equal_collapse(void **state)
{
    const tg_value *v = ok(state, "{\"a\": {\"x\": [1]}, \"b\": 0, \"A\": {\"x\": [1]}}");
    assert_int_equal(v->u.coll.n, 2);
    assert_string_equal(v->u.coll.keys[1], "A");
    const tg_value *a = v->u.coll.items[1];
    assert_int_equal(a->kind, TG_V_OBJECT);
    key_at(a, 1, 27);
    at(a, 1, 32);
    /* exact-case duplicates with equal values */
    v = ok(state, "{\"a\": 1, \"a\": 1}");
    assert_int_equal(v->u.coll.n, 1);
    assert_int_equal(v->u.coll.items[0]->kind, TG_V_NUMBER);
    at(v->u.coll.items[0], 1, 15);
}

static void test_dup_three_way(void **state)
{
    const tg_value *v = ok(state, "{\"a\":1,\n\"A\":1,\n\"a\":2}");
    assert_int_equal(v->u.coll.n, 1);
    assert_int_equal(v->u.coll.items[0]->kind, TG_V_UNKNOWN);
    assert_string_equal(v->u.coll.items[0]->u.reason,
                        "is written twice, as 'a' (line 1) and 'a' (line 3), and Resource "
                        "Manager may read either");
    /* the first and last agree, the middle one does not */
    v = ok(state, "{\"a\":1,\n\"A\":2,\n\"a\":1}");
    assert_int_equal(v->u.coll.n, 1);
    assert_string_equal(v->u.coll.items[0]->u.reason,
                        "is written twice, as 'A' (line 2) and 'a' (line 3), and Resource "
                        "Manager may read either");
    v = ok(state, "{\"x\":0, \"a\":1, \"y\":0, \"A\":1, \"z\":0, \"a\":1}");
    assert_int_equal(v->u.coll.n, 4);
    assert_string_equal(v->u.coll.keys[0], "x");
    assert_string_equal(v->u.coll.keys[1], "y");
    assert_string_equal(v->u.coll.keys[2], "z");
    assert_string_equal(v->u.coll.keys[3], "a");
    assert_int_equal(v->u.coll.items[3]->kind, TG_V_NUMBER);
    /* resolved inside nested objects too, and an unknown is never equal */
    v = ok(state, "{\"o\": {\"k\": 1, \"K\": 2}, \"O\": {\"k\": 1, \"K\": 2}}");
    assert_int_equal(v->u.coll.n, 1);
    assert_int_equal(v->u.coll.items[0]->kind, TG_V_UNKNOWN);
}

/* Objects above the pairwise threshold take the hashed path. */
static void test_dup_in_large_object(void **state)
{
    char buf[4096];
    size_t k = 0;
    buf[k++] = '{';
    for (int i = 0; i < 50; i++)
        k += (size_t)sprintf(buf + k, "%s\"key%d\": %d", i ? ",\n" : "", i, i);
    k += (size_t)sprintf(buf + k, ",\n\"KEY7\": 99, \"Key9\": 9}");
    const tg_value *v = ok(state, buf);
    assert_int_equal(v->u.coll.n, 50);
    assert_string_equal(v->u.coll.keys[48], "KEY7");
    assert_string_equal(v->u.coll.keys[49], "Key9");
    assert_int_equal(v->u.coll.items[48]->kind, TG_V_UNKNOWN);
    assert_string_equal(v->u.coll.items[48]->u.reason,
                        "is written twice, as 'key7' (line 8) and 'KEY7' (line 51), and "
                        "Resource Manager may read either");
    at(v->u.coll.items[48], 51, 9);
    assert_int_equal(v->u.coll.items[49]->kind, TG_V_NUMBER);
    key_at(v->u.coll.items[49], 51, 13);
    assert_string_equal(v->u.coll.keys[0], "key0");
    assert_string_equal(v->u.coll.keys[6], "key6");
    assert_string_equal(v->u.coll.keys[7], "key8");

    /* above the size where members are hashed in parts: every part is searched */
    size_t n = 20000;
    char *big = malloc(n * 24 + 64);
    k = 0;
    big[k++] = '{';
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(big + k, "\"k%zu\":%zu,", i, i);
    k += (size_t)sprintf(big + k, "\"K123\":1,\"K19999\":19999,\"k7000\":7000}");
    v = ok_len(state, big, k, 0);
    assert_int_equal(v->u.coll.n, n);
    assert_string_equal(v->u.coll.keys[n - 3], "K123");
    assert_int_equal(v->u.coll.items[n - 3]->kind, TG_V_UNKNOWN);
    assert_string_equal(v->u.coll.keys[n - 2], "K19999");
    assert_int_equal(v->u.coll.items[n - 2]->kind, TG_V_NUMBER);
    assert_string_equal(v->u.coll.keys[n - 1], "k7000");
    assert_string_equal(v->u.coll.keys[123], "k124");
    free(big);
}

static char *many_members(size_t n, int same_key, int differ)
{
    char *s = malloc(n * 32 + 16);
    size_t k = 0;
    s[k++] = '{';
    for (size_t i = 0; i < n; i++) {
        if (same_key)
            k += (size_t)sprintf(s + k, "%s\"%s\":%d", i ? "," : "", i % 2 ? "a" : "A",
                                 differ && i == n / 2 ? 2 : 1);
        else
            k += (size_t)sprintf(s + k, "%s\"k%zu\":%zu", i ? "," : "", i, i);
    }
    s[k++] = '}';
    s[k] = '\0';
    return s;
}

static void test_100k_members(void **state)
{
    char *s = many_members(100000, 0, 0);
    clock_t t0 = clock();
    const tg_value *v = ok_len(state, s, strlen(s), 0);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    assert_int_equal(v->u.coll.n, 100000);
    assert_string_equal(v->u.coll.keys[99999], "k99999");
    const tg_value *last = v->u.coll.items[99999];
    assert_int_equal(last->u.number, 99999);
    size_t key_off = (size_t)(strstr(s, "\"k99999\"") - s);
    key_at(last, 1, (int)key_off + 1);
    at(last, 1, (int)key_off + 10);
    free(s);

    /* 100k members with one name ignoring case: linear, one member left */
    s = many_members(100000, 1, 0);
    v = ok_len(state, s, strlen(s), 0);
    assert_int_equal(v->u.coll.n, 1);
    assert_int_equal(v->u.coll.items[0]->kind, TG_V_NUMBER);
    free(s);
    s = many_members(100000, 1, 1);
    v = ok_len(state, s, strlen(s), 0);
    assert_int_equal(v->u.coll.n, 1);
    assert_int_equal(v->u.coll.items[0]->kind, TG_V_UNKNOWN);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_minified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_on_next_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escaped_quote_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strings_with_syntax_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_strings_with_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comment_with_wide_chars_before_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tabs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multiline_raw_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_arrays_of_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unicode_before_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrays_vs_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_in_data_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_comma, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_very_deep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dup_case_differs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dup_equal_collapse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dup_three_way, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dup_in_large_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_100k_members, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
