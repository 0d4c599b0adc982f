/* source.c — turns raw input bytes into text every parser can trust: one encoding
 * (UTF-8, BOM gone), no NULs, no invalid sequences, plus the tables that map a byte
 * offset back to the line and UTF-16 column a user (and SARIF) expects. Refusing bad
 * bytes here, once, is what lets the parsers assume clean text. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes per entry of the column index (see source_impl). */
#define COL_BLOCK 64

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)

/* The public struct plus what only this file needs. Every tg_source is allocated as
 * one of these (by from_owned), so tg_source_position may look past the public part:
 * a tg_source must come from tg_source_load or tg_source_from_bytes. */
typedef struct source_impl {
    tg_source pub; /* first member: a tg_source * points here */
    /* units[k] = UTF-16 code units in text[0, k * COL_BLOCK); NULL when text is all
     * ASCII (column = byte distance). Keeps tg_source_position O(log n) on long
     * non-ASCII lines (minified documents). */
    uint32_t *units;
} source_impl;

/* UTF-16 code units encoded by the 8 bytes in w: every byte that is not a continuation
 * byte starts a character, and 4-byte characters (lead >= 0xF0) count twice. */
static inline size_t word_units(uint64_t w)
{
    uint64_t hi = w & HIGHS;
    if (!hi)
        return 8;
    uint64_t cont = hi & ~(w << 1);                      /* 10xxxxxx */
    uint64_t four = hi & (w << 1) & (w << 2) & (w << 3); /* 1111xxxx */
    /* the masks hold only bit 7 of each byte: summing the bytes counts them */
    return 8 + (size_t)(((four >> 7) * ONES) >> 56) - (size_t)(((cont >> 7) * ONES) >> 56);
}

/* The same rule over text[from, to). */
static size_t count_units(const unsigned char *s, size_t from, size_t to)
{
    size_t u = 0, i = from;
    for (; to - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        u += word_units(w);
    }
    for (; i < to; i++)
        u += (size_t)((s[i] & 0xC0) != 0x80) + (size_t)(s[i] >= 0xF0);
    return u;
}

/* Line and column of off by a linear scan: for errors found before the line table
 * exists (decoding), where it runs once. */
static void position_slow(const unsigned char *s, size_t off, int *line, int *col)
{
    size_t ln = 1, start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n')
            ln++, start = i + 1;
    *line = (int)ln;
    *col = (int)(count_units(s, start, off) + 1);
}

static int error_at(tg_error *err, const char *path, const unsigned char *s, size_t off,
                    const char *msg, unsigned extra)
{
    int line, col;
    position_slow(s, off, &line, &col);
    return tg_error_set(err, path, line, col, msg, extra);
}

static void put_utf8(unsigned char **o, uint32_t cp)
{
    unsigned char *p = *o;
    if (cp < 0x80) {
        *p++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *p++ = (unsigned char)(0xC0 | (cp >> 6));
        *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *p++ = (unsigned char)(0xE0 | (cp >> 12));
        *p++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *p++ = (unsigned char)(0xF0 | (cp >> 18));
        *p++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *p++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    *o = p;
}

/* b[0, n) is UTF-16 without its BOM. *out (owned by the caller) gets UTF-8. */
static int decode_utf16(const char *path, const unsigned char *b, size_t n, int be, char **out,
                        size_t *outlen, tg_error *err)
{
    /* a code unit becomes at most 3 bytes, a surrogate pair (2 units) exactly 4 */
    unsigned char *dst = tg_xmalloc(n / 2 * 3 + 1), *o = dst;
    size_t i = 0;
    while (i < n) {
        if (n - i < 2) {
            error_at(err, path, dst, (size_t)(o - dst), "invalid UTF-16 (odd number of bytes)", 0);
            goto fail;
        }
        uint32_t u = be ? (uint32_t)b[i] << 8 | b[i + 1] : (uint32_t)b[i + 1] << 8 | b[i];
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            uint32_t lo = 0;
            if (n - i >= 2)
                lo = be ? (uint32_t)b[i] << 8 | b[i + 1] : (uint32_t)b[i + 1] << 8 | b[i];
            if (lo < 0xDC00 || lo > 0xDFFF) {
                error_at(err, path, dst, (size_t)(o - dst),
                         "invalid UTF-16 (unpaired surrogate U+%04X)", u);
                goto fail;
            }
            i += 2;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            error_at(err, path, dst, (size_t)(o - dst),
                     "invalid UTF-16 (unpaired surrogate U+%04X)", u);
            goto fail;
        }
        put_utf8(&o, u);
    }
    *o = '\0';
    *out = (char *)dst;
    *outlen = (size_t)(o - dst);
    return TG_OK;
fail:
    free(dst);
    return TG_ERR;
}

/* Length of the valid UTF-8 sequence at s[0] (lead byte >= 0x80), or 0 with *why set. */
static size_t utf8_seq(const unsigned char *s, size_t avail, const char **why)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c < 0xC0) {
        *why = "invalid UTF-8 (unexpected continuation byte 0x%02X)";
        return 0;
    }
    if (c < 0xC2) {
        *why = "invalid UTF-8 (overlong encoding, byte 0x%02X)";
        return 0;
    }
    if (c < 0xE0) {
        len = 2;
    } else if (c < 0xF0) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *why = "invalid UTF-8 (byte 0x%02X is never valid)";
        return 0;
    }
    if (avail < 2 || (s[1] & 0xC0) != 0x80 || (len > 2 && (avail < 3 || (s[2] & 0xC0) != 0x80)) ||
        (len > 3 && (avail < 4 || (s[3] & 0xC0) != 0x80))) {
        *why = "invalid UTF-8 (truncated sequence after byte 0x%02X)";
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        if (c == 0xED)
            *why = "invalid UTF-8 (encoded UTF-16 surrogate, byte 0x%02X)";
        else if (c == 0xF4)
            *why = "invalid UTF-8 (code point above U+10FFFF, byte 0x%02X)";
        else
            *why = "invalid UTF-8 (overlong encoding, byte 0x%02X)";
        return 0;
    }
    return len;
}

static void push_line(tg_source *s, size_t *cap, size_t start)
{
    if (s->nlines == *cap) {
        *cap *= 2;
        s->lines = tg_xrealloc(s->lines, *cap * sizeof *s->lines);
    }
    s->lines[s->nlines++] = start;
}

#define LOWS ((uint64_t)0x7F7F7F7F7F7F7F7Fu)

/* Bit 7 set in exactly the bytes of x that are 0. */
static inline uint64_t zero_bytes(uint64_t x)
{
    return ~(((x & LOWS) + LOWS) | x | LOWS);
}

/* One pass: refuses NUL and invalid UTF-8, records line starts. Sets *ascii when the
 * text has no byte >= 0x80. */
static int scan_text(source_impl *si, int *ascii, tg_error *err)
{
    tg_source *s = &si->pub;
    const unsigned char *t = (const unsigned char *)s->text;
    size_t n = s->len, cap = 64 + n / 64, i = 0; /* grows by doubling */
    s->lines = tg_xmalloc(cap * sizeof *s->lines);
    s->nlines = 0;
    push_line(s, &cap, 0);
    *ascii = 1;
    while (i < n) {
        /* eight bytes at a time up to the first non-ASCII or NUL byte, newlines found
         * by bit tricks */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            uint64_t stop = (w & HIGHS) | zero_bytes(w), nl = zero_bytes(w ^ (ONES * '\n'));
            size_t k = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8; /* ASCII bytes */
            if (k < 8)
                nl &= ((uint64_t)1 << (8 * k)) - 1;
            for (; nl; nl &= nl - 1)
                push_line(s, &cap, i + (size_t)__builtin_ctzll(nl) / 8 + 1);
            i += k;
            if (stop)
                break;
        }
        if (i >= n)
            break;
        unsigned char c = t[i];
        if (c == '\n') {
            push_line(s, &cap, ++i);
        } else if (c == 0) {
            size_t ls = s->lines[s->nlines - 1];
            /* NULs among the first bytes: UTF-16 or UTF-32 written without a byte-order
             * mark, which cannot be told apart from binary data safely */
            const char *hint =
                i < 4 ? " (the file looks like UTF-16 or UTF-32 without a byte-order mark: "
                        "save it as UTF-8)"
                      : "";
            return tg_error_set(err, s->path, (int)s->nlines, (int)(count_units(t, ls, i) + 1),
                                "NUL byte%s", hint);
        } else if (c < 0x80) {
            i++;
        } else {
            const char *why = NULL;
            size_t len = utf8_seq(t + i, n - i, &why);
            if (!len) {
                size_t ls = s->lines[s->nlines - 1];
                return tg_error_set(err, s->path, (int)s->nlines, (int)(count_units(t, ls, i) + 1),
                                    why, c);
            }
            *ascii = 0;
            i += len;
        }
    }
    return TG_OK;
}

static void build_units(source_impl *si)
{
    const unsigned char *t = (const unsigned char *)si->pub.text;
    size_t n = si->pub.len, nb = n / COL_BLOCK + 1, i = 0;
    si->units = tg_xmalloc(nb * sizeof *si->units);
    uint32_t u = 0;
    for (size_t k = 0; k < nb; k++) {
        si->units[k] = u;
        size_t end = i + COL_BLOCK <= n ? i + COL_BLOCK : i; /* whole blocks only */
        for (; i < end; i += 8) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            u += (uint32_t)word_units(w);
        }
    }
}

/* Takes ownership of buf (n bytes plus room for a NUL) in every case. */
static int from_owned(tg_source **out, const char *path, unsigned char *buf, size_t n,
                      tg_error *err)
{
    *out = NULL;
    source_impl *si = tg_xcalloc(1, sizeof *si);
    tg_source *s = &si->pub;
    s->path = tg_xstrdup(path ? path : "");
    int ascii;

    if (n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF))) {
        int be = buf[0] == 0xFE;
        int rc = decode_utf16(s->path, buf + 2, n - 2, be, &s->text, &s->len, err);
        free(buf);
        if (rc != TG_OK)
            goto fail;
        s->utf16 = 1;
    } else {
        size_t skip = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
        if (skip)
            memmove(buf, buf + skip, n - skip);
        buf[n - skip] = '\0';
        s->text = (char *)buf;
        s->len = n - skip;
    }

    const unsigned char *t = (const unsigned char *)s->text;
    if (s->len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF) {
        tg_error_set(err, s->path, 1, 1, "double byte-order mark");
        goto fail;
    }
    if (s->len >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF))) {
        tg_error_set(err, s->path, 1, 1, "double byte-order mark");
        goto fail;
    }
    if (scan_text(si, &ascii, err) != TG_OK)
        goto fail;
    if (!ascii)
        build_units(si);
    *out = s;
    return TG_OK;
fail:
    tg_source_free(s);
    return TG_ERR;
}

static void errno_text(int e, char *buf, size_t len)
{
    if (strerror_r(e, buf, len) != 0)
        snprintf(buf, len, "error %d", e);
}

int tg_source_load(tg_source **out, const char *fs_path, const char *display_path, tg_error *err)
{
    *out = NULL;
    char why[256];
    const char *shown = display_path ? display_path : fs_path;
    int fd = open(fs_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        errno_text(errno, why, sizeof why);
        return tg_error_set(err, shown, 0, 0, "cannot read: %s", why);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        errno_text(errno, why, sizeof why);
        close(fd);
        return tg_error_set(err, shown, 0, 0, "cannot read: %s", why);
    }
    if (S_ISDIR(st.st_mode)) {
        errno_text(EISDIR, why, sizeof why);
        close(fd);
        return tg_error_set(err, shown, 0, 0, "cannot read: %s", why);
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > TG_SOURCE_MAX_BYTES) {
        close(fd);
        return tg_error_set(err, shown, 0, 0, "file too large (%jd bytes; the limit is %zu)",
                            (intmax_t)st.st_size, TG_SOURCE_MAX_BYTES);
    }
    /* st_size is a hint only (pipes, files that grow): read until EOF, bounded */
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    size_t n = 0;
    unsigned char *buf = tg_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > TG_SOURCE_MAX_BYTES)
                break;
            cap = cap > TG_SOURCE_MAX_BYTES / 2 ? TG_SOURCE_MAX_BYTES + 1 : cap * 2;
            buf = tg_xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            errno_text(errno, why, sizeof why);
            free(buf);
            close(fd);
            return tg_error_set(err, shown, 0, 0, "cannot read: %s", why);
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > TG_SOURCE_MAX_BYTES) {
        free(buf);
        return tg_error_set(err, shown, 0, 0, "file too large (more than %zu bytes)",
                            TG_SOURCE_MAX_BYTES);
    }
    return from_owned(out, shown, buf, n, err);
}

int tg_source_from_bytes(tg_source **out, const char *display_path, const char *bytes, size_t len,
                         tg_error *err)
{
    *out = NULL;
    if (len > TG_SOURCE_MAX_BYTES)
        return tg_error_set(err, display_path, 0, 0,
                            "input too large (%zu bytes; the limit is %zu)", len,
                            TG_SOURCE_MAX_BYTES);
    unsigned char *buf = tg_xmalloc(len + 1);
    if (len)
        memcpy(buf, bytes, len);
    return from_owned(out, display_path, buf, len, err);
}

/* UTF-16 units in text[0, off), in O(COL_BLOCK) with the index. */
static size_t units_before(const source_impl *si, size_t off)
{
    size_t k = off / COL_BLOCK;
    return si->units[k] + count_units((const unsigned char *)si->pub.text, k * COL_BLOCK, off);
}

void tg_source_position(const tg_source *s, size_t off, int *line, int *col)
{
    const source_impl *si = (const source_impl *)s;
    if (off > s->len)
        off = s->len;
    /* last line start <= off; lines[0] == 0 always */
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = s->lines[lo];
    size_t units = si->units ? units_before(si, off) - units_before(si, start) : off - start;
    *line = (int)(lo + 1);
    *col = (int)(units + 1);
}

void tg_source_free(tg_source *s)
{
    if (!s)
        return;
    source_impl *si = (source_impl *)s;
    free(s->path);
    free(s->text);
    free(s->lines);
    free(si->units);
    free(si);
}
