/* test_source.c — what tg_source promises the parsers: one clean UTF-8 text whatever
 * the input encoding, bad bytes refused at the right line:col, and positions counted
 * the way SARIF counts them (UTF-16 columns). */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#ifndef TG_TEST_DATA
#define TG_TEST_DATA "tests/unit/data/json"
#endif

/* Loads len bytes; expects success. */
static tg_source *ok_bytes(const char *bytes, size_t len)
{
    tg_source *s = NULL;
    tg_error err;
    memset(&err, 0, sizeof err);
    int rc = tg_source_from_bytes(&s, "in.json", bytes, len, &err);
    if (rc != TG_OK)
        fail_msg("unexpected error: %d:%d: %s", err.line, err.col, err.message);
    assert_non_null(s);
    return s;
}

/* Loads len bytes; expects an error whose message starts with msg at line:col. */
static void bad_bytes(const char *bytes, size_t len, int line, int col, const char *msg)
{
    tg_source *s = (tg_source *)1;
    tg_error err;
    memset(&err, 0, sizeof err);
    int rc = tg_source_from_bytes(&s, "in.json", bytes, len, &err);
    if (rc != TG_ERR)
        fail_msg("expected error '%s', got success", msg);
    assert_null(s);
    if (strncmp(err.message, msg, strlen(msg)) != 0)
        fail_msg("expected '%s', got '%s'", msg, err.message);
    assert_string_equal(err.file, "in.json");
    if (err.line != line || err.col != col)
        fail_msg("'%s': expected %d:%d, got %d:%d", err.message, line, col, err.line, err.col);
}

static void assert_pos(const tg_source *s, size_t off, int line, int col)
{
    int l = -1, c = -1;
    tg_source_position(s, off, &l, &c);
    if (l != line || c != col)
        fail_msg("offset %zu: expected %d:%d, got %d:%d", off, line, col, l, c);
}

/* UTF-16 code units to bytes (with a BOM), little or big endian. */
static size_t utf16_bytes(const uint16_t *units, size_t n, int be, char *out)
{
    size_t k = 0;
    out[k++] = (char)(be ? 0xFE : 0xFF);
    out[k++] = (char)(be ? 0xFF : 0xFE);
    for (size_t i = 0; i < n; i++) {
        unsigned char hi = (unsigned char)(units[i] >> 8), lo = (unsigned char)units[i];
        out[k++] = (char)(be ? hi : lo);
        out[k++] = (char)(be ? lo : hi);
    }
    return k;
}

static void test_utf8_bom_skipped(void **state)
{
    const char in[] = "\xEF\xBB\xBF{\"a\": 1}\n";
    tg_source *s = ok_bytes(in, sizeof in - 1);
    assert_int_equal(s->len, sizeof in - 1 - 3);
    assert_string_equal(s->text, "{\"a\": 1}\n");
    assert_int_equal(s->utf16, 0);
    assert_pos(s, 0, 1, 1); /* '{' is column 1: the BOM is not a character */
    assert_pos(s, 6, 1, 7); /* '1' */
    assert_pos(s, 9, 2, 1);
    tg_source_free(s);
}

/* {CRLF  "k": "a😀b"CRLF} */
static const uint16_t doc16[] = {'{', '\r', '\n',   ' ',    ' ', '"', 'k',  '"',  ':', ' ',
                                 '"', 'a',  0xD83D, 0xDE00, 'b', '"', '\r', '\n', '}'};
static const char doc8[] = "{\r\n  \"k\": \"a\360\237\230\200b\"\r\n}"; /* 😀 in octal */

static void check_utf16(int be)
{
    char buf[128];
    size_t n = utf16_bytes(doc16, sizeof doc16 / sizeof doc16[0], be, buf);
    tg_source *s = ok_bytes(buf, n);
    assert_int_equal(s->utf16, 1);
    assert_int_equal(s->len, sizeof doc8 - 1);
    assert_memory_equal(s->text, doc8, sizeof doc8);
    assert_int_equal(s->nlines, 3);
    assert_pos(s, 0, 1, 1);
    assert_pos(s, 5, 2, 3);   /* "k" */
    assert_pos(s, 10, 2, 8);  /* the string value */
    assert_pos(s, 12, 2, 10); /* 😀 */
    assert_pos(s, 16, 2, 12); /* 'b' after the pair: two columns for the emoji */
    assert_pos(s, 17, 2, 13);
    assert_pos(s, 20, 3, 1); /* '}' */
    tg_source_free(s);
}

static void test_utf16le_decoded(void **state)
{
    check_utf16(0);
}

static void test_utf16be_decoded(void **state)
{
    check_utf16(1);
}

static void test_utf16_errors(void **state)
{
    char buf[64];
    /* "ab\n" then a high surrogate followed by 'x' */
    const uint16_t lone_high[] = {'a', 'b', '\n', 'c', 0xD800, 'x'};
    size_t n = utf16_bytes(lone_high, 6, 0, buf);
    bad_bytes(buf, n, 2, 2, "invalid UTF-16 (unpaired surrogate U+D800)");
    n = utf16_bytes(lone_high, 6, 1, buf);
    bad_bytes(buf, n, 2, 2, "invalid UTF-16 (unpaired surrogate U+D800)");
    /* a high surrogate as the last unit */
    const uint16_t high_at_end[] = {'a', 0xDBFF};
    n = utf16_bytes(high_at_end, 2, 0, buf);
    bad_bytes(buf, n, 1, 2, "invalid UTF-16 (unpaired surrogate U+DBFF)");
    /* a low surrogate alone, after a 4-byte character */
    const uint16_t lone_low[] = {0xD83D, 0xDE00, 0xDC00};
    n = utf16_bytes(lone_low, 3, 0, buf);
    bad_bytes(buf, n, 1, 3, "invalid UTF-16 (unpaired surrogate U+DC00)");
    /* odd byte count */
    const uint16_t two[] = {'{', '\n'};
    n = utf16_bytes(two, 2, 0, buf);
    buf[n++] = '}';
    bad_bytes(buf, n, 2, 1, "invalid UTF-16 (odd number of bytes)");
}

static void test_double_bom(void **state)
{
    bad_bytes("\xEF\xBB\xBF\xEF\xBB\xBF{}", 8, 1, 1, "double byte-order mark");
    bad_bytes("\xEF\xBB\xBF\xFF\xFE{}", 7, 1, 1, "double byte-order mark");
    /* UTF-16LE BOM, then U+FEFF again */
    char buf[16];
    const uint16_t u[] = {0xFEFF, '{', '}'};
    size_t n = utf16_bytes(u, 3, 0, buf);
    bad_bytes(buf, n, 1, 1, "double byte-order mark");
    /* the same in UTF-16BE, with nothing after it */
    const uint16_t u2[] = {0xFEFF};
    n = utf16_bytes(u2, 1, 1, buf);
    bad_bytes(buf, n, 1, 1, "double byte-order mark");
}

static void test_nul_byte(void **state)
{
    const char in[] = "{\n  \"a\": \"x\xC3\xA9\x00\"\n}";
    bad_bytes(in, sizeof in - 1, 2, 11, "NUL byte");
    bad_bytes("\x00", 1, 1, 1, "NUL byte");
    /* NUL after a run of ASCII long enough for the 8-byte fast path */
    const char long_in[] = "0123456789abcdef0123\x00";
    bad_bytes(long_in, sizeof long_in - 1, 1, 21, "NUL byte");
    const char mid_in[] = "{\n0123456789\000abcdefghijklmnopqrstuvwxyz";
    bad_bytes(mid_in, sizeof mid_in - 1, 2, 11, "NUL byte");
    /* a UTF-16 NUL */
    char buf[16];
    const uint16_t u[] = {'{', '\n', 0};
    size_t n = utf16_bytes(u, 3, 0, buf);
    bad_bytes(buf, n, 2, 1, "NUL byte");
}

static void test_invalid_utf8_kinds(void **state)
{
    /* every kind on line 2, after "é😀" (columns 1-3), so the error is at 2:4 */
    static const struct {
        const char *bad;
        size_t len;
        const char *msg;
    } cases[] = {
        {"\x80", 1, "invalid UTF-8 (unexpected continuation byte 0x80)"},
        {"\xBF", 1, "invalid UTF-8 (unexpected continuation byte 0xBF)"},
        {"\xC0\xAF", 2, "invalid UTF-8 (overlong encoding"},
        {"\xC1\xBF", 2, "invalid UTF-8 (overlong encoding"},
        {"\xE0\x80\xAF", 3, "invalid UTF-8 (overlong encoding"},
        {"\xF0\x80\x80\xAF", 4, "invalid UTF-8 (overlong encoding"},
        {"\xED\xA0\x80", 3, "invalid UTF-8 (encoded UTF-16 surrogate"},
        {"\xED\xBF\xBF", 3, "invalid UTF-8 (encoded UTF-16 surrogate"},
        {"\xF4\x90\x80\x80", 4, "invalid UTF-8 (code point above U+10FFFF"},
        {"\xF5\x80\x80\x80", 4, "invalid UTF-8 (byte 0xF5 is never valid)"},
        {"\xFF", 1, "invalid UTF-8 (byte 0xFF is never valid)"},
        {"\xE2\x82", 2, "invalid UTF-8 (truncated sequence"},  /* at end of input */
        {"\xE2\x82x", 3, "invalid UTF-8 (truncated sequence"}, /* then ASCII */
        {"\xF0\x9F\x98", 3, "invalid UTF-8 (truncated sequence"},
        {"\xC3", 1, "invalid UTF-8 (truncated sequence"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        const char prefix[] = "{}\n\xC3\xA9\xF0\x9F\x98\x80";
        memcpy(buf, prefix, sizeof prefix - 1);
        memcpy(buf + sizeof prefix - 1, cases[i].bad, cases[i].len);
        bad_bytes(buf, sizeof prefix - 1 + cases[i].len, 2, 4, cases[i].msg);
    }
    /* the largest valid forms are accepted */
    tg_source *s = ok_bytes("\xF4\x8F\xBF\xBF \xED\x9F\xBF \xEF\xBF\xBF \xDF\xBF", 15);
    tg_source_free(s);
}

static void test_columns(void **state)
{
    /* "a😀b": 4-byte char counts two columns */
    tg_source *s = ok_bytes("a\360\237\230\200b", 6);
    assert_pos(s, 0, 1, 1);
    assert_pos(s, 1, 1, 2);
    assert_pos(s, 5, 1, 4);
    assert_pos(s, 6, 1, 5); /* end of input */
    tg_source_free(s);
    /* 2- and 3-byte chars count one */
    s = ok_bytes("x\n\303\251\342\202\254y", 8); /* é€ */
    assert_pos(s, 2, 2, 1);
    assert_pos(s, 4, 2, 2);
    assert_pos(s, 7, 2, 3);
    tg_source_free(s);
}

/* The column index: on a long non-ASCII line, every offset agrees with a count from
 * the line start. */
static void test_columns_long_line(void **state)
{
    size_t n = 0;
    char *buf = malloc(20000);
    memcpy(buf, "ab\n", 3);
    n = 3;
    while (n < 19000) {
        static const char *const parts[] = {"x", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                            "\r\n"};
        const char *p = parts[(n * 7) % 5];
        size_t k = strlen(p);
        memcpy(buf + n, p, k);
        n += k;
    }
    tg_source *s = ok_bytes(buf, n);
    int line = 1;
    size_t start = 0;
    for (size_t off = 0; off <= n; off++) {
        unsigned char ch = (unsigned char)buf[off < n ? off : 0];
        if (off == n || (ch & 0xC0) != 0x80) {
            size_t units = 0;
            for (size_t i = start; i < off; i++)
                units += ((unsigned char)buf[i] & 0xC0) != 0x80;
            for (size_t i = start; i < off; i++)
                units += (unsigned char)buf[i] >= 0xF0;
            assert_pos(s, off, line, (int)units + 1);
        }
        if (off < n && buf[off] == '\n')
            line++, start = off + 1;
    }
    assert_int_equal(s->nlines, (size_t)line);
    tg_source_free(s);
    free(buf);
}

static void test_crlf_and_lone_cr(void **state)
{
    tg_source *s = ok_bytes("a\r\nb\r\n\r\nc\rd", 11);
    assert_int_equal(s->nlines, 4);
    assert_pos(s, 1, 1, 2); /* the \r of the first CRLF */
    assert_pos(s, 3, 2, 1);
    assert_pos(s, 6, 3, 1);
    assert_pos(s, 8, 4, 1);
    assert_pos(s, 10, 4, 3); /* lone \r is not a line end */
    tg_source_free(s);
}

static void test_many_lines(void **state)
{
    /* binary search over many lines of different lengths */
    size_t n = 0;
    char *buf = malloc(240000);
    size_t starts[20000];
    int lines = 0;
    while (lines < 20000) {
        starts[lines++] = n;
        size_t k = (size_t)(lines * 13) % 11;
        memset(buf + n, 'z', k);
        n += k;
        buf[n++] = '\n';
    }
    tg_source *s = ok_bytes(buf, n);
    assert_int_equal(s->nlines, 20001);
    for (int l = 0; l < lines; l += 7) {
        assert_pos(s, starts[l], l + 1, 1);
        if (buf[starts[l]] == 'z')
            assert_pos(s, starts[l] + 1, l + 1, 2);
    }
    assert_pos(s, n, 20001, 1);
    tg_source_free(s);
    free(buf);
}

static void test_empty(void **state)
{
    tg_source *s = ok_bytes("", 0);
    assert_int_equal(s->len, 0);
    assert_string_equal(s->text, "");
    assert_pos(s, 0, 1, 1);
    tg_source_free(s);
    s = ok_bytes("\xEF\xBB\xBF", 3);
    assert_int_equal(s->len, 0);
    tg_source_free(s);
    tg_source_free(NULL);
}

static void test_file_not_found(void **state)
{
    tg_source *s = (tg_source *)1;
    tg_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(tg_source_load(&s, "/nonexistent/dir/x.json", "x.json", &err), TG_ERR);
    assert_null(s);
    assert_string_equal(err.file, "x.json");
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.message, strerror(ENOENT)));
}

static void test_directory(void **state)
{
    tg_source *s = (tg_source *)1;
    tg_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(tg_source_load(&s, "/", "root-dir", &err), TG_ERR);
    assert_null(s);
    assert_string_equal(err.file, "root-dir");
    assert_non_null(strstr(err.message, strerror(EISDIR)));
}

static void test_load_file(void **state)
{
    char path[] = "/tmp/tg_test_source_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char data[] = "\xEF\xBB\xBF[1,\n 2]";
    assert_int_equal(write(fd, data, sizeof data - 1), (ssize_t)(sizeof data - 1));
    close(fd);
    tg_source *s = NULL;
    tg_error err;
    assert_int_equal(tg_source_load(&s, path, "shown.json", &err), TG_OK);
    assert_string_equal(s->path, "shown.json");
    assert_string_equal(s->text, "[1,\n 2]");
    assert_pos(s, 5, 2, 2);
    tg_source_free(s);
    unlink(path);
}

/* A PowerShell `>` file kept as test data: UTF-16LE, BOM, CRLF. */
static void test_load_utf16_data_file(void **state)
{
    tg_source *s = NULL;
    tg_error err;
    memset(&err, 0, sizeof err);
    if (tg_source_load(&s, TG_TEST_DATA "/powershell-utf16le.json", "ps.json", &err) != TG_OK)
        fail_msg("%s", err.message);
    assert_int_equal(s->utf16, 1);
    assert_non_null(strstr(s->text, "\"name\": \"caf\xC3\xA9 \xF0\x9F\x98\x80\""));
    /* "location" is on line 3 */
    const char *loc = strstr(s->text, "\"location\"");
    assert_non_null(loc);
    assert_pos(s, (size_t)(loc - s->text), 3, 3);
    tg_source_free(s);
}

static void test_too_large(void **state)
{
    tg_source *s = (tg_source *)1;
    tg_error err;
    /* the length is checked before anything is read */
    assert_int_equal(tg_source_from_bytes(&s, "big", "x", TG_SOURCE_MAX_BYTES + 1, &err), TG_ERR);
    assert_null(s);
    assert_non_null(strstr(err.message, "too large"));

    char path[] = "/tmp/tg_test_big_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)TG_SOURCE_MAX_BYTES + 1), 0); /* sparse */
    close(fd);
    s = (tg_source *)1;
    assert_int_equal(tg_source_load(&s, path, "big.json", &err), TG_ERR);
    assert_null(s);
    assert_string_equal(err.file, "big.json");
    assert_non_null(strstr(err.message, "too large"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_bom_skipped),   cmocka_unit_test(test_utf16le_decoded),
        cmocka_unit_test(test_utf16be_decoded),    cmocka_unit_test(test_utf16_errors),
        cmocka_unit_test(test_double_bom),         cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8_kinds), cmocka_unit_test(test_columns),
        cmocka_unit_test(test_columns_long_line),  cmocka_unit_test(test_crlf_and_lone_cr),
        cmocka_unit_test(test_many_lines),         cmocka_unit_test(test_empty),
        cmocka_unit_test(test_file_not_found),     cmocka_unit_test(test_directory),
        cmocka_unit_test(test_load_file),          cmocka_unit_test(test_load_utf16_data_file),
        cmocka_unit_test(test_too_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
