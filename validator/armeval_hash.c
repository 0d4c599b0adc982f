/* armeval_hash.c — hashes and encodings: the two deterministic names ARM templates
 * build, uniqueString (a 64-bit MurmurHash3-style hash in 13 base-32 characters, as
 * Resource Manager's published reimplementations compute it) and guid (an RFC 4122
 * version-5 UUID over a fixed namespace), both over the arguments joined with '-'; and
 * base64, data URIs and URI components. */
#include "armeval_internal.h"

#include <nettle/sha1.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FN(name) static AE_FN(name)

static uint32_t rotl32(uint32_t x, int r)
{
    return (x << r) | (x >> (32 - r));
}

static uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

/* Little-endian word of up to 4 bytes. */
static uint32_t le32(const unsigned char *p, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n && i < 4; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static uint64_t murmur64(const unsigned char *d, size_t len)
{
    const uint32_t c1 = 0x239B961Bu, c2 = 0xAB0E9789u;
    uint32_t h1 = 0, h2 = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint32_t k1 = le32(d + i, 4), k2 = le32(d + i + 4, 4);
        k1 *= c1;
        k1 = rotl32(k1, 15);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl32(h1, 19);
        h1 += h2;
        h1 = h1 * 5 + 0x561CCD1Bu;
        k2 *= c2;
        k2 = rotl32(k2, 17);
        k2 *= c1;
        h2 ^= k2;
        h2 = rotl32(h2, 13);
        h2 += h1;
        h2 = h2 * 5 + 0x0BCAA747u;
    }
    size_t rest = len - i;
    if (rest > 0) {
        uint32_t k1 = le32(d + i, rest);
        k1 *= c1;
        k1 = rotl32(k1, 15);
        k1 *= c2;
        h1 ^= k1;
        if (rest > 4) {
            uint32_t k2 = le32(d + i + 4, rest - 4);
            k2 *= c2;
            k2 = rotl32(k2, 17);
            k2 *= c1;
            h2 ^= k2;
        }
    }
    h2 ^= (uint32_t)len;
    h1 ^= (uint32_t)len;
    h1 += h2;
    h2 += h1;
    h1 = fmix32(h1);
    h2 = fmix32(h2);
    h1 += h2;
    h2 += h1;
    return ((uint64_t)h2 << 32) | h1;
}

void ae_unique_string(const char *s, size_t len, char out[14])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    uint64_t h = murmur64((const unsigned char *)s, len);
    for (int i = 0; i < 13; i++) {
        out[i] = alphabet[h >> 59];
        h <<= 5;
    }
    out[13] = '\0';
}

void ae_guid(const char *s, size_t len, char out[37])
{
    /* 11fb06fb-712d-4ddd-98c7-e71bbd588830, the namespace Resource Manager uses */
    static const unsigned char ns[16] = {0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d, 0x4d, 0xdd,
                                         0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30};
    struct sha1_ctx ctx;
    unsigned char d[SHA1_DIGEST_SIZE];
    sha1_init(&ctx);
    sha1_update(&ctx, sizeof ns, ns);
    sha1_update(&ctx, len, (const unsigned char *)s);
    sha1_digest(&ctx, sizeof d, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50);
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        snprintf(o, 3, "%02x", d[i]);
        o += 2;
    }
    *o = '\0';
}

/* Replaces invalid UTF-8 with U+FFFD, as .NET does when decoding bytes to text. */
static tg_value *utf8_string(ae_ctx *c, const unsigned char *s, size_t len)
{
    tg_sb b = {0};
    size_t i = 0;
    while (i < len) {
        unsigned char ch = s[i];
        size_t n = ch < 0x80             ? 1
                   : (ch & 0xE0) == 0xC0 ? 2
                   : (ch & 0xF0) == 0xE0 ? 3
                   : (ch & 0xF8) == 0xF0 ? 4
                                         : 0;
        int ok = n > 0 && i + n <= len;
        for (size_t k = 1; ok && k < n; k++)
            ok = (s[i + k] & 0xC0) == 0x80;
        if (ok && n == 2 && ch < 0xC2)
            ok = 0;
        if (ok && n == 3) {
            unsigned cp = ((ch & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (ok && n == 4) {
            unsigned cp = ((ch & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) |
                          ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (ok) {
            tg_sb_add(&b, (const char *)s + i, n);
            i += n;
        } else {
            tg_sb_adds(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    tg_value *v = ae_str(c, b.s ? b.s : "", b.len);
    tg_sb_free(&b);
    return v;
}

/* ---- encodings ---- */

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static tg_value *to_base64(ae_ctx *c, const char *prefix, const unsigned char *s, size_t len)
{
    size_t pl = strlen(prefix);
    size_t out = pl + (len + 2) / 3 * 4;
    if (ae_room(c, out) != TG_OK)
        return NULL;
    char *b = tg_xmalloc(out + 1);
    memcpy(b, prefix, pl);
    size_t o = pl;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < len)
            v |= s[i + 2];
        b[o++] = b64chars[(v >> 18) & 63];
        b[o++] = b64chars[(v >> 12) & 63];
        b[o++] = i + 1 < len ? b64chars[(v >> 6) & 63] : '=';
        b[o++] = i + 2 < len ? b64chars[v & 63] : '=';
    }
    tg_value *r = ae_str(c, b, o);
    free(b);
    return r;
}

/* Decodes base64 into a malloc'd buffer; TG_ERR when malformed. */
static int from_base64(const char *s, size_t len, unsigned char **out, size_t *olen)
{
    unsigned char *b = tg_xmalloc(len / 4 * 3 + 3);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0, pad = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
            continue;
        if (ch == '=') {
            pad++;
            continue;
        }
        const char *p = ch ? strchr(b64chars, ch) : NULL;
        if (!p || pad) {
            free(b);
            return TG_ERR;
        }
        acc = (acc << 6) | (unsigned)(p - b64chars);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            b[o++] = (unsigned char)(acc >> bits);
        }
    }
    if (bits >= 6 || pad > 2) {
        free(b);
        return TG_ERR;
    }
    *out = b;
    *olen = o;
    return TG_OK;
}

FN(f_base64)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    return to_base64(c, "", (const unsigned char *)s, len);
}

static tg_value *decode64(ae_ctx *c, const ae_node *call, const char *s, size_t len, int json)
{
    unsigned char *b;
    size_t n;
    if (from_base64(s, len, &b, &n) != TG_OK)
        return ae_fail_fn(c, call, "the argument is not valid base64");
    tg_value *r = json ? ae_parse_json(c, call, (const char *)b, n) : utf8_string(c, b, n);
    free(b);
    return r;
}

FN(f_base64_to_string)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    return decode64(c, call, s, len, 0);
}

FN(f_base64_to_json)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    return decode64(c, call, s, len, 1);
}

FN(f_data_uri)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    return to_base64(c, "data:text/plain;charset=utf8;base64,", (const unsigned char *)s, len);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = (char)(ch | 0x20);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static tg_value *percent_decode(ae_ctx *c, const char *s, size_t len)
{
    unsigned char *b = tg_xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 2 < len + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            b[o++] = (unsigned char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            b[o++] = (unsigned char)s[i];
        }
    }
    tg_value *r = utf8_string(c, b, o);
    free(b);
    return r;
}

FN(f_data_uri_to_string)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    const char *comma = memchr(s, ',', len);
    if (len < 5 || !tg_text_ieqn(s, "data:", 5) || !comma)
        return ae_fail_fn(c, call, "the argument is not a data URI");
    size_t head = (size_t)(comma - s);
    int b64 = head >= 7 && tg_text_ieqn(comma - 7, ";base64", 7);
    const char *data = comma + 1;
    size_t dlen = len - head - 1;
    if (b64)
        return decode64(c, call, data, dlen, 0);
    return percent_decode(c, data, dlen);
}

FN(f_uri_component)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    if (ae_room(c, len * 3) != TG_OK)
        return NULL;
    char *b = tg_xmalloc(len * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            b[o++] = (char)ch;
        } else {
            snprintf(b + o, 4, "%%%02X", ch);
            o += 3;
        }
    }
    tg_value *r = ae_str(c, b, o);
    free(b);
    return r;
}

FN(f_uri_component_to_string)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    return percent_decode(c, s, len);
}

FN(f_uri)
{
    const char *base, *rel;
    size_t bl, rl;
    if (ae_arg_str(c, call, argv, 0, &base, &bl) != TG_OK ||
        ae_arg_str(c, call, argv, 1, &rel, &rl) != TG_OK)
        return NULL;
    const char *scheme = strstr(base, "://");
    if (!scheme)
        return ae_fail_fn(c, call, "'%.80s' is not an absolute URI", base);
    if (strstr(rel, "://") && strcspn(rel, "/?#") > (size_t)(strstr(rel, "://") - rel))
        return ae_str(c, rel, rl); /* already absolute */
    const char *host = scheme + 3;
    size_t authority = (size_t)(host - base) + strcspn(host, "/?#");
    size_t keep;
    if (rl && rel[0] == '/') {
        keep = authority; /* from the host's root */
    } else {
        /* the base path up to and including its last '/', or the base when it has none */
        size_t end = authority + strcspn(base + authority, "?#");
        keep = end;
        while (keep > authority && base[keep - 1] != '/')
            keep--;
        if (keep == authority) {
            keep = authority;
            ae_rd r = {0};
            ae_rd_text(c, &r, base, keep);
            ae_rd_text(c, &r, "/", 1);
            ae_rd_text(c, &r, rel, rl);
            return ae_rd_finish(c, &r);
        }
    }
    ae_rd r = {0};
    ae_rd_text(c, &r, base, keep);
    ae_rd_text(c, &r, rel, rl);
    return ae_rd_finish(c, &r);
}

FN(f_unique_string)
{
    ae_rd r = {0};
    for (size_t i = 0; i < argc; i++) {
        if (argv[i]->kind != TG_V_STRING)
            return ae_bad_arg(c, call, i, "a string", argv[i]);
        if (i)
            ae_rd_text(c, &r, "-", 1);
        ae_rd_text(c, &r, argv[i]->u.str.s, argv[i]->u.str.len);
    }
    tg_value *joined = ae_rd_finish(c, &r);
    if (!joined)
        return NULL;
    char out[37];
    if (call->fn->name[0] == 'g')
        ae_guid(joined->u.str.s, joined->u.str.len, out);
    else
        ae_unique_string(joined->u.str.s, joined->u.str.len, out);
    return ae_strz(c, out);
}

/* ---- table ---- */

#define ANY (-1)

const ae_func ae_encode_funcs[] = {
    {"base64", 1, 1, 0, f_base64},
    {"base64ToString", 1, 1, 0, f_base64_to_string},
    {"base64ToJson", 1, 1, 0, f_base64_to_json},
    {"dataUri", 1, 1, 0, f_data_uri},
    {"dataUriToString", 1, 1, 0, f_data_uri_to_string},
    {"uri", 2, 2, 0, f_uri},
    {"uriComponent", 1, 1, 0, f_uri_component},
    {"uriComponentToString", 1, 1, 0, f_uri_component_to_string},
    {"uniqueString", 1, ANY, 0, f_unique_string},
    {"guid", 1, ANY, 0, f_unique_string},
};

const size_t ae_encode_nfuncs = sizeof ae_encode_funcs / sizeof ae_encode_funcs[0];
