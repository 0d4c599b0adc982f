/* armeval_strings.c — the string functions of ARM templates: concat and format (which
 * keep the known parts of a partly unknown result readable), case, trimming, searching
 * (startsWith, endsWith and indexOf ignore case, contains does not), cutting (in UTF-16
 * units, as .NET counts), split and join, string(), json(), and the encodings (base64,
 * data URIs, URI components), uniqueString and guid. */
#include "armeval_internal.h"
#include "json.h"
#include "source.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FN(name) static AE_FN(name)

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int upper(int ch)
{
    return ch >= 'a' && ch <= 'z' ? ch - 32 : ch;
}

/* The first occurrence of n in h (Knuth-Morris-Pratt: linear whatever the input), or
 * NULL. */
static const char *find(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl == 0)
        return h;
    if (nl > hl)
        return NULL;
    if (nl == 1)
        return memchr(h, n[0], hl);
    size_t *fail = tg_xmalloc(nl * sizeof *fail);
    fail[0] = 0;
    for (size_t i = 1, k = 0; i < nl; i++) {
        while (k && n[i] != n[k])
            k = fail[k - 1];
        if (n[i] == n[k])
            k++;
        fail[i] = k;
    }
    const char *r = NULL;
    for (size_t i = 0, k = 0; i < hl; i++) {
        while (k && h[i] != n[k])
            k = fail[k - 1];
        if (h[i] == n[k])
            k++;
        if (k == nl) {
            r = h + i + 1 - nl;
            break;
        }
    }
    free(fail);
    return r;
}

/* Case-insensitive (ASCII) search: lower-cased copies, then find. */
static char *lowered(const char *s, size_t len)
{
    char *r = tg_xmalloc(len + 1);
    for (size_t i = 0; i < len; i++)
        r[i] = (char)lower((unsigned char)s[i]);
    r[len] = '\0';
    return r;
}

static long isearch(const char *h, size_t hlen, const char *n, size_t nlen, int last)
{
    if (nlen > hlen)
        return -1;
    if (nlen == 0)
        return last ? (long)hlen : 0;
    char *lh = lowered(h, hlen), *ln = lowered(n, nlen);
    long at = -1;
    if (!last) {
        const char *p = find(lh, hlen, ln, nlen);
        at = p ? (long)(p - lh) : -1;
    } else {
        /* reverse both: the first match in the reversed text is the last one */
        for (size_t i = 0; i < hlen / 2; i++) {
            char t = lh[i];
            lh[i] = lh[hlen - 1 - i];
            lh[hlen - 1 - i] = t;
        }
        for (size_t i = 0; i < nlen / 2; i++) {
            char t = ln[i];
            ln[i] = ln[nlen - 1 - i];
            ln[nlen - 1 - i] = t;
        }
        const char *p = find(lh, hlen, ln, nlen);
        at = p ? (long)(hlen - (size_t)(p - lh) - nlen) : -1;
    }
    free(lh);
    free(ln);
    return at;
}

/* ---- strings ---- */

FN(f_concat)
{
    int arrays = 0;
    for (size_t i = 0; i < argc; i++)
        arrays |= argv[i]->kind == TG_V_ARRAY;
    if (arrays) {
        tg_value *u = ae_first_unknown(argv, argc);
        if (u)
            return ae_unknown_at(c, call, u);
        tg_value *r = ae_new(c, TG_V_ARRAY);
        for (size_t i = 0; i < argc; i++) {
            if (argv[i]->kind == TG_V_NULL)
                continue;
            if (argv[i]->kind != TG_V_ARRAY)
                return ae_fail_fn(c, call, "either all or none of the arguments must be arrays");
            for (size_t k = 0; k < argv[i]->u.coll.n; k++)
                if (ae_push(c, r, argv[i]->u.coll.items[k]) != TG_OK)
                    return NULL;
        }
        return r;
    }
    ae_rd r = {0};
    for (size_t i = 0; i < argc; i++)
        if (ae_rd_value(c, &r, argv[i], call->args[i], call) != TG_OK)
            return NULL;
    return ae_rd_finish(c, &r);
}

/* ---- format ---- */

static void add_grouped(tg_sb *b, const char *digits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            tg_sb_addc(b, ',');
        tg_sb_addc(b, digits[i]);
    }
}

/* A .NET numeric format specifier applied to d: standard D, X, N, F, G (with a
 * precision) and custom patterns of 0, # and one '.'. TG_ERR when not supported. */
static int format_number(double d, const char *spec, size_t n, tg_sb *out)
{
    char buf[512];
    if (n == 0) {
        ae_num_text(d, buf);
        tg_sb_adds(out, buf);
        return TG_OK;
    }
    char kind = (char)upper((unsigned char)spec[0]);
    int prec = -1;
    if (strchr("DXNFG", kind) && n <= 3) {
        int all_digits = 1;
        for (size_t i = 1; i < n; i++)
            all_digits &= spec[i] >= '0' && spec[i] <= '9';
        if (!all_digits)
            return TG_ERR;
        if (n > 1)
            prec = atoi(spec + 1);
        switch (kind) {
        case 'D':
            if (!ae_is_int(d))
                return TG_ERR;
            if (d < 0)
                tg_sb_addc(out, '-');
            snprintf(buf, sizeof buf, "%0*llu", prec < 0 ? 1 : prec,
                     d < 0 ? 0ull - (unsigned long long)(long long)d
                           : (unsigned long long)(long long)d);
            tg_sb_adds(out, buf);
            return TG_OK;
        case 'X':
            if (!ae_is_int(d))
                return TG_ERR;
            snprintf(buf, sizeof buf, spec[0] == 'x' ? "%0*llx" : "%0*llX", prec < 0 ? 1 : prec,
                     (unsigned long long)(long long)d);
            tg_sb_adds(out, buf);
            return TG_OK;
        case 'F':
        case 'N': {
            if (fabs(d) >= 1e300)
                return TG_ERR;
            snprintf(buf, sizeof buf, "%.*f", prec < 0 ? 2 : prec, fabs(d));
            if (d < 0 && strspn(buf, "0.") != strlen(buf))
                tg_sb_addc(out, '-');
            if (kind == 'F') {
                tg_sb_adds(out, buf);
                return TG_OK;
            }
            size_t ip = strcspn(buf, ".");
            add_grouped(out, buf, ip);
            tg_sb_adds(out, buf + ip);
            return TG_OK;
        }
        default: /* G */
            if (prec <= 0) {
                ae_num_text(d, buf);
            } else {
                snprintf(buf, sizeof buf, "%.*G", prec, d);
            }
            tg_sb_adds(out, buf);
            return TG_OK;
        }
    }
    /* custom: 0 = digit always shown, # = digit if significant, one optional '.' */
    size_t int_zeros = 0, frac_zeros = 0, frac_hashes = 0;
    int in_frac = 0;
    for (size_t i = 0; i < n; i++) {
        if (spec[i] == '.' && !in_frac)
            in_frac = 1;
        else if (spec[i] == '0')
            *(in_frac ? &frac_zeros : &int_zeros) += 1;
        else if (spec[i] == '#')
            frac_hashes += in_frac;
        else
            return TG_ERR;
    }
    if (fabs(d) >= 1e300 || int_zeros > 100 || frac_zeros + frac_hashes > 100)
        return TG_ERR;
    snprintf(buf, sizeof buf, "%.*f", (int)(frac_zeros + frac_hashes), fabs(d));
    size_t ip = strcspn(buf, ".");
    size_t len = strlen(buf);
    if (frac_hashes) { /* drop optional trailing zeros */
        size_t keep = ip + 1 + frac_zeros;
        while (len > keep && buf[len - 1] == '0')
            len--;
        if (len == ip + 1)
            len = ip;
    }
    buf[len] = '\0';
    const char *digits = buf;
    if (ip == 1 && buf[0] == '0' && int_zeros == 0) { /* "#.##" prints ".5" */
        digits++;
        ip = 0;
    }
    if (d < 0 && strspn(buf, "0.") != strlen(buf))
        tg_sb_addc(out, '-');
    for (size_t z = ip; z < int_zeros; z++)
        tg_sb_addc(out, '0');
    tg_sb_adds(out, digits);
    return TG_OK;
}

FN(f_format)
{
    if (argv[0]->kind == TG_V_UNKNOWN)
        return ae_unknown_at(c, call, argv[0]);
    const char *f;
    size_t flen;
    if (ae_arg_str(c, call, argv, 0, &f, &flen) != TG_OK)
        return NULL;
    ae_rd r = {0};
    size_t i = 0, run = 0;
    while (i < flen) {
        char ch = f[i];
        if ((ch == '{' || ch == '}') && i + 1 < flen && f[i + 1] == ch) {
            ae_rd_text(c, &r, f + i - run, run + 1);
            run = 0;
            i += 2;
            continue;
        }
        if (ch == '}')
            return ae_fail_fn(c, call, "the format string has a '}' without its '{'");
        if (ch != '{') {
            run++;
            i++;
            continue;
        }
        ae_rd_text(c, &r, f + i - run, run);
        run = 0;
        size_t j = i + 1;
        size_t idx = 0;
        int digits = 0;
        while (j < flen && f[j] >= '0' && f[j] <= '9' && digits < 7)
            idx = idx * 10 + (size_t)(f[j++] - '0'), digits++;
        while (j < flen && f[j] == ' ')
            j++;
        long align = 0;
        if (digits && j < flen && f[j] == ',') {
            j++;
            int neg = j < flen && f[j] == '-';
            j += (size_t)neg;
            int ad = 0;
            while (j < flen && f[j] >= '0' && f[j] <= '9' && ad < 9)
                align = align * 10 + (f[j++] - '0'), ad++;
            if (!ad)
                digits = 0;
            if (neg)
                align = -align;
            while (j < flen && f[j] == ' ')
                j++;
        }
        const char *spec = f + j;
        size_t speclen = 0;
        if (digits && j < flen && f[j] == ':') {
            spec = f + ++j;
            while (j < flen && f[j] != '}' && f[j] != '{')
                j++;
            speclen = (size_t)(f + j - spec);
        }
        if (!digits || j >= flen || f[j] != '}')
            return ae_fail_fn(c, call, "the format string has an invalid item at character %zu",
                              i + 1);
        if (idx + 1 >= argc)
            return ae_fail_fn(c, call, "the format item {%zu} has no argument", idx);
        tg_value *v = argv[idx + 1];
        i = j + 1;
        if (v->kind == TG_V_UNKNOWN) {
            ae_rd_unknown(c, &r, v, call->args[idx + 1]);
            continue;
        }
        tg_sb item = {0};
        int ok = TG_OK;
        if (v->kind == TG_V_NUMBER) {
            ok = format_number(v->u.number, spec, speclen, &item);
        } else if (v->kind == TG_V_STRING) {
            tg_sb_add(&item, v->u.str.s, v->u.str.len);
        } else if (v->kind == TG_V_BOOL) {
            tg_sb_adds(&item, v->u.boolean ? "True" : "False");
        } else if (v->kind != TG_V_NULL) {
            const tg_value *u = ae_deep_unknown(v, 0);
            if (u) {
                tg_sb_free(&item);
                return ae_unknown_at(c, call, u);
            }
            ok = ae_json(c, &item, v, 0);
            if (ok != TG_OK) {
                tg_sb_free(&item);
                return NULL;
            }
        }
        if (ok != TG_OK) {
            tg_sb_free(&item);
            tg_value *u = ae_new(c, TG_V_UNKNOWN);
            u->u.reason = tg_arena_printf(c->a,
                                          "comes from the format '%.*s', which this version of "
                                          "transguard does not evaluate",
                                          (int)(speclen > 40 ? 40 : speclen), spec);
            u->expr = ae_node_text(c, call);
            return u;
        }
        size_t width = (size_t)(align < 0 ? -align : align);
        size_t have = ae_u16_len(item.s ? item.s : "", item.len);
        if (width > have && ae_room(c, r.total + item.len + (width - have)) != TG_OK) {
            tg_sb_free(&item);
            return NULL;
        }
        for (size_t k = have; align > 0 && k < width; k++)
            ae_rd_text(c, &r, " ", 1);
        ae_rd_text(c, &r, item.s ? item.s : "", item.len);
        for (size_t k = have; align < 0 && k < width; k++)
            ae_rd_text(c, &r, " ", 1);
        tg_sb_free(&item);
        if (r.failed)
            return NULL;
    }
    ae_rd_text(c, &r, f + i - run, run);
    return ae_rd_finish(c, &r);
}

/* toLower / toUpper / replace apply to the known parts of a readable unknown. */
typedef void (*piece_fn)(ae_ctx *c, ae_rd *r, const char *s, size_t len, void *ud);

static tg_value *map_pieces(ae_ctx *c, const ae_node *call, tg_value *v, piece_fn fn, void *ud)
{
    ae_rd r = {0};
    if (v->kind == TG_V_STRING) {
        fn(c, &r, v->u.str.s, v->u.str.len, ud);
        return ae_rd_finish(c, &r);
    }
    r.reason = v->u.reason;
    size_t np = 0;
    const ae_piece *p = ae_rd_lookup(c, v, &np);
    if (!p) {
        ae_rd_unknown(c, &r, v, call->args[0]);
        return ae_rd_finish(c, &r);
    }
    for (size_t i = 0; i < np; i++) {
        if (p[i].unknown) /* the unknown parts keep their reading */
            ae_rd_piece(c, &r, p[i].s, p[i].len, 1);
        else
            fn(c, &r, p[i].s, p[i].len, ud);
    }
    return ae_rd_finish(c, &r);
}

static void piece_case(ae_ctx *c, ae_rd *r, const char *s, size_t len, void *ud)
{
    int up = *(int *)ud;
    char *t = tg_xmalloc(len + 1);
    for (size_t i = 0; i < len; i++)
        t[i] = (char)(up ? upper((unsigned char)s[i]) : lower((unsigned char)s[i]));
    ae_rd_text(c, r, t, len);
    free(t);
}

static tg_value *change_case(ae_ctx *c, const ae_node *call, tg_value **argv, int up)
{
    if (argv[0]->kind != TG_V_STRING && argv[0]->kind != TG_V_UNKNOWN)
        return ae_bad_arg(c, call, 0, "a string", argv[0]);
    return map_pieces(c, call, argv[0], piece_case, &up);
}

FN(f_to_lower)
{
    return change_case(c, call, argv, 0);
}

FN(f_to_upper)
{
    return change_case(c, call, argv, 1);
}

typedef struct repl {
    const char *old, *new_;
    size_t olen, nlen;
} repl;

static void piece_replace(ae_ctx *c, ae_rd *r, const char *s, size_t len, void *ud)
{
    repl *rp = ud;
    size_t i = 0;
    while (i < len) {
        const char *hit = find(s + i, len - i, rp->old, rp->olen);
        if (!hit)
            break;
        ae_rd_text(c, r, s + i, (size_t)(hit - (s + i)));
        ae_rd_text(c, r, rp->new_, rp->nlen);
        if (r->failed)
            return;
        i = (size_t)(hit - s) + rp->olen;
    }
    ae_rd_text(c, r, s + i, len - i);
}

FN(f_replace)
{
    for (size_t i = 1; i < 3; i++)
        if (argv[i]->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, argv[i]);
    if (argv[0]->kind != TG_V_STRING && argv[0]->kind != TG_V_UNKNOWN)
        return ae_bad_arg(c, call, 0, "a string", argv[0]);
    repl rp;
    if (ae_arg_str(c, call, argv, 1, &rp.old, &rp.olen) != TG_OK ||
        ae_arg_str(c, call, argv, 2, &rp.new_, &rp.nlen) != TG_OK)
        return NULL;
    if (rp.olen == 0)
        return ae_fail_fn(c, call, "the string to replace is empty");
    return map_pieces(c, call, argv[0], piece_replace, &rp);
}

FN(f_trim)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    while (len && strchr(" \t\r\n\v\f", *s) && *s)
        s++, len--;
    while (len && s[len - 1] && strchr(" \t\r\n\v\f", s[len - 1]))
        len--;
    return ae_str(c, s, len);
}

/* A string cut by UTF-16 units [from, from+n). */
static tg_value *u16_slice(ae_ctx *c, const ae_node *call, const char *s, size_t len, size_t from,
                           size_t n)
{
    long a = ae_u16_offset(s, len, from), b = ae_u16_offset(s, len, from + n);
    if (a < 0 || b < 0)
        return ae_fail_fn(c, call, "would cut a character in two");
    return ae_str(c, s + a, (size_t)(b - a));
}

FN(f_substring)
{
    const char *s;
    size_t len;
    long long start, n;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK ||
        ae_arg_int(c, call, argv, 1, &start) != TG_OK)
        return NULL;
    long long ulen = (long long)ae_u16_len(s, len);
    n = ulen - start;
    if (argc == 3 && ae_arg_int(c, call, argv, 2, &n) != TG_OK)
        return NULL;
    if (start < 0 || n < 0 || start > ulen || n > ulen - start)
        return ae_fail_fn(c, call,
                          "the index %lld and length %lld must be within the string (length %lld)",
                          start, n, ulen);
    return u16_slice(c, call, s, len, (size_t)start, (size_t)n);
}

static tg_value *skip_take(ae_ctx *c, const ae_node *call, tg_value **argv, int skip)
{
    long long k;
    if (ae_arg_int(c, call, argv, 1, &k) != TG_OK)
        return NULL;
    tg_value *v = argv[0];
    if (v->kind == TG_V_ARRAY) {
        size_t n = v->u.coll.n;
        size_t m = k <= 0 ? 0 : (unsigned long long)k > n ? n : (size_t)k;
        size_t from = skip ? m : 0, to = skip ? n : m;
        tg_value *r = ae_new(c, TG_V_ARRAY);
        for (size_t i = from; i < to; i++)
            if (ae_push(c, r, v->u.coll.items[i]) != TG_OK)
                return NULL;
        return r;
    }
    if (v->kind == TG_V_STRING) {
        size_t n = ae_u16_len(v->u.str.s, v->u.str.len);
        size_t m = k <= 0 ? 0 : (unsigned long long)k > n ? n : (size_t)k;
        return skip ? u16_slice(c, call, v->u.str.s, v->u.str.len, m, n - m)
                    : u16_slice(c, call, v->u.str.s, v->u.str.len, 0, m);
    }
    return ae_bad_arg(c, call, 0, "an array or a string", v);
}

FN(f_skip)
{
    return skip_take(c, call, argv, 1);
}

FN(f_take)
{
    return skip_take(c, call, argv, 0);
}

static tg_value *first_last(ae_ctx *c, const ae_node *call, tg_value **argv, int last)
{
    tg_value *v = argv[0];
    if (v->kind == TG_V_ARRAY) {
        if (!v->u.coll.n)
            return ae_null(c);
        return ae_named(c, v->u.coll.items[last ? v->u.coll.n - 1 : 0], call);
    }
    if (v->kind == TG_V_STRING) {
        const char *s = v->u.str.s;
        size_t len = v->u.str.len;
        if (!len)
            return ae_str(c, "", 0);
        size_t a = 0, b = len;
        if (last) {
            a = len - 1;
            while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80)
                a--;
        } else {
            b = 1;
            while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80)
                b++;
        }
        return ae_str(c, s + a, b - a);
    }
    return ae_bad_arg(c, call, 0, "an array or a string", v);
}

FN(f_first)
{
    return first_last(c, call, argv, 0);
}

FN(f_last)
{
    return first_last(c, call, argv, 1);
}

FN(f_length)
{
    tg_value *v = argv[0];
    if (v->kind == TG_V_STRING)
        return ae_num(c, (double)ae_u16_len(v->u.str.s, v->u.str.len));
    if (v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT)
        return ae_num(c, (double)v->u.coll.n);
    return ae_bad_arg(c, call, 0, "a string, an array or an object", v);
}

FN(f_empty)
{
    tg_value *v = argv[0];
    switch (v->kind) {
    case TG_V_NULL:
        return ae_bool(c, 1);
    case TG_V_STRING:
        return ae_bool(c, v->u.str.len == 0);
    case TG_V_ARRAY:
    case TG_V_OBJECT:
        return ae_bool(c, v->u.coll.n == 0);
    default:
        return ae_bad_arg(c, call, 0, "a string, an array or an object", v);
    }
}

FN(f_contains)
{
    tg_value *box = argv[0], *item = argv[1];
    char buf[40];
    const char *s;
    size_t len;
    if (box->kind == TG_V_STRING) {
        if (!ae_scalar_text(item, buf, &s, &len))
            return ae_bad_arg(c, call, 1, "a string", item);
        return ae_bool(c, len == 0 || find(box->u.str.s, box->u.str.len, s, len) != NULL);
    }
    if (box->kind == TG_V_OBJECT) {
        if (!ae_scalar_text(item, buf, &s, &len))
            return ae_bad_arg(c, call, 1, "a string", item);
        return ae_bool(c, tg_value_find(box, s) >= 0);
    }
    if (box->kind == TG_V_ARRAY) {
        const tg_value *unknown = NULL;
        for (size_t i = 0; i < box->u.coll.n; i++) {
            if (ae_charge(c, 1) != TG_OK)
                return NULL;
            int r = tg_value_equal3(box->u.coll.items[i], item);
            if (r == 1)
                return ae_bool(c, 1);
            if (r < 0 && !unknown)
                unknown = box->u.coll.items[i]->kind == TG_V_UNKNOWN
                              ? box->u.coll.items[i]
                              : ae_deep_unknown(box->u.coll.items[i], 0);
        }
        if (unknown || ae_deep_unknown(item, 0))
            return ae_unknown_at(c, call, unknown ? unknown : ae_deep_unknown(item, 0));
        return ae_bool(c, 0);
    }
    return ae_bad_arg(c, call, 0, "a string, an array or an object", box);
}

static tg_value *starts_ends(ae_ctx *c, const ae_node *call, tg_value **argv, int ends)
{
    const char *s, *t;
    size_t sl, tl;
    if (ae_arg_str(c, call, argv, 0, &s, &sl) != TG_OK ||
        ae_arg_str(c, call, argv, 1, &t, &tl) != TG_OK)
        return NULL;
    if (tl > sl)
        return ae_bool(c, 0);
    const char *at = ends ? s + sl - tl : s;
    for (size_t i = 0; i < tl; i++)
        if (lower((unsigned char)at[i]) != lower((unsigned char)t[i]))
            return ae_bool(c, 0);
    return ae_bool(c, 1);
}

FN(f_starts_with)
{
    return starts_ends(c, call, argv, 0);
}

FN(f_ends_with)
{
    return starts_ends(c, call, argv, 1);
}

static tg_value *index_of(ae_ctx *c, const ae_node *call, tg_value **argv, int last)
{
    tg_value *box = argv[0];
    if (box->kind == TG_V_ARRAY) {
        size_t n = box->u.coll.n;
        for (size_t k = 0; k < n; k++) {
            size_t i = last ? n - 1 - k : k;
            if (ae_charge(c, 1) != TG_OK)
                return NULL;
            int r = tg_value_equal3(box->u.coll.items[i], argv[1]);
            if (r == 1)
                return ae_num(c, (double)i);
            if (r < 0) {
                const tg_value *u = ae_deep_unknown(box->u.coll.items[i], 0);
                return ae_unknown_at(c, call, u ? u : ae_deep_unknown(argv[1], 0));
            }
        }
        return ae_num(c, -1);
    }
    const char *s, *t;
    size_t sl, tl;
    if (ae_arg_str(c, call, argv, 0, &s, &sl) != TG_OK ||
        ae_arg_str(c, call, argv, 1, &t, &tl) != TG_OK)
        return NULL;
    long at = isearch(s, sl, t, tl, last);
    return ae_num(c, at < 0 ? -1 : (double)ae_u16_len(s, (size_t)at));
}

FN(f_index_of)
{
    return index_of(c, call, argv, 0);
}

FN(f_last_index_of)
{
    return index_of(c, call, argv, 1);
}

FN(f_split)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    tg_value *d = argv[1];
    tg_value **delims = &argv[1];
    size_t nd = 1;
    if (d->kind == TG_V_ARRAY) {
        delims = d->u.coll.items;
        nd = d->u.coll.n;
    }
    for (size_t k = 0; k < nd; k++) {
        if (delims[k]->kind == TG_V_UNKNOWN)
            return ae_unknown_at(c, call, delims[k]);
        if (delims[k]->kind != TG_V_STRING)
            return ae_bad_arg(c, call, 1, "a string or an array of strings", delims[k]);
    }
    /* several delimiters are tried at every position: charged up front */
    if (nd > 1) {
        size_t per = 0;
        for (size_t k = 0; k < nd; k++)
            per += delims[k]->u.str.len / 64 + 1;
        if (per > AE_MAX_WORK || ae_charge(c, (len / 64 + 1) * per) != TG_OK)
            return per > AE_MAX_WORK ? ae_fail_fn(c, call, "too many delimiters") : NULL;
    }
    tg_value *r = ae_new(c, TG_V_ARRAY);
    size_t from = 0, i = 0;
    while (i < len) {
        size_t hit = 0;
        if (nd == 1) {
            size_t dl = delims[0]->u.str.len;
            const char *p = dl ? find(s + i, len - i, delims[0]->u.str.s, dl) : NULL;
            if (!p)
                break;
            i = (size_t)(p - s);
            hit = dl;
        } else {
            for (size_t k = 0; k < nd && !hit; k++) {
                size_t dl = delims[k]->u.str.len;
                if (dl && dl <= len - i && memcmp(s + i, delims[k]->u.str.s, dl) == 0)
                    hit = dl;
            }
            if (!hit) {
                i++;
                continue;
            }
        }
        tg_value *part = ae_str(c, s + from, i - from);
        if (!part || ae_push(c, r, part) != TG_OK)
            return NULL;
        i += hit;
        from = i;
    }
    tg_value *part = ae_str(c, s + from, len - from);
    if (!part || ae_push(c, r, part) != TG_OK)
        return NULL;
    return r;
}

FN(f_join)
{
    if (argv[0]->kind != TG_V_ARRAY)
        return ae_bad_arg(c, call, 0, "an array", argv[0]);
    const char *d;
    size_t dl;
    if (ae_arg_str(c, call, argv, 1, &d, &dl) != TG_OK)
        return NULL;
    tg_value *arr = argv[0];
    tg_sb b = {0};
    for (size_t i = 0; i < arr->u.coll.n; i++) {
        tg_value *v = arr->u.coll.items[i];
        char buf[40];
        const char *s;
        size_t len;
        if (v->kind == TG_V_UNKNOWN) {
            tg_sb_free(&b);
            return ae_unknown_at(c, call, v);
        }
        if (!ae_scalar_text(v, buf, &s, &len)) {
            tg_sb_free(&b);
            return ae_fail_fn(c, call, "element %zu is %s, not a string", i, ae_an(v));
        }
        if (ae_room(c, b.len + dl + len) != TG_OK) {
            tg_sb_free(&b);
            return NULL;
        }
        if (i)
            tg_sb_add(&b, d, dl);
        tg_sb_add(&b, s, len);
    }
    tg_value *r = ae_str(c, b.s ? b.s : "", b.len);
    tg_sb_free(&b);
    return r;
}

FN(f_pad_left)
{
    tg_value *v = argv[0];
    char buf[40];
    const char *s, *pad = " ";
    size_t len, plen = 1;
    long long total;
    if (v->kind != TG_V_STRING && v->kind != TG_V_NUMBER)
        return ae_bad_arg(c, call, 0, "a string or an integer", v);
    ae_scalar_text(v, buf, &s, &len);
    if (ae_arg_int(c, call, argv, 1, &total) != TG_OK)
        return NULL;
    if (argc == 3 && ae_arg_str(c, call, argv, 2, &pad, &plen) != TG_OK)
        return NULL;
    if (ae_u16_len(pad, plen) != 1)
        return ae_fail_fn(c, call, "the padding must be one character");
    if (total < 0)
        return ae_fail_fn(c, call, "the total length must not be negative");
    size_t have = ae_u16_len(s, len);
    if ((unsigned long long)total <= have)
        return v->kind == TG_V_STRING ? v : ae_str(c, s, len);
    unsigned long long add = (unsigned long long)total - have;
    if (add > TG_ARMEVAL_MAX_STRING || ae_room(c, (size_t)add * plen + len) != TG_OK) {
        if (add > TG_ARMEVAL_MAX_STRING)
            ae_room(c, (size_t)TG_ARMEVAL_MAX_STRING + 1);
        return NULL;
    }
    char *out = tg_xmalloc((size_t)add * plen + len + 1);
    for (size_t i = 0; i < add; i++)
        memcpy(out + i * plen, pad, plen);
    memcpy(out + add * plen, s, len);
    tg_value *r = ae_str(c, out, (size_t)add * plen + len);
    free(out);
    return r;
}

FN(f_string)
{
    tg_value *v = argv[0];
    char buf[40];
    const char *s;
    size_t len;
    if (v->kind == TG_V_STRING)
        return v;
    if (v->kind == TG_V_NULL)
        return ae_str(c, "", 0);
    if (ae_scalar_text(v, buf, &s, &len))
        return ae_str(c, s, len);
    const tg_value *u = ae_deep_unknown(v, 0);
    if (u)
        return ae_unknown_at(c, call, u);
    tg_sb b = {0};
    tg_value *r = NULL;
    if (ae_json(c, &b, v, 0) == TG_OK)
        r = ae_str(c, b.s ? b.s : "", b.len);
    tg_sb_free(&b);
    return r;
}

/* Positions of values json() reads: the string the expression was written in. */
static void place(tg_value *v, int line, int col, int depth)
{
    v->line = line;
    v->col = col;
    v->kline = v->kcol = 0;
    if ((v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT) && depth < AE_MAX_VALUE_DEPTH)
        for (size_t i = 0; i < v->u.coll.n; i++) {
            place(v->u.coll.items[i], line, col, depth + 1);
            if (v->kind == TG_V_OBJECT) {
                v->u.coll.items[i]->kline = line;
                v->u.coll.items[i]->kcol = col;
            }
        }
}

tg_value *ae_parse_json(ae_ctx *c, const ae_node *call, const char *s, size_t len)
{
    tg_source *src = NULL;
    tg_error e;
    memset(&e, 0, sizeof e);
    tg_value *v = NULL;
    if (ae_charge(c, len / 16) != TG_OK)
        return NULL;
    if (tg_source_from_bytes(&src, "json()", s, len, &e) != TG_OK ||
        tg_json_parse(&v, src, c->a, &e) != TG_OK) {
        tg_source_free(src);
        return ae_fail_fn(c, call, "invalid JSON (%d:%d: %s)", e.line, e.col, e.message);
    }
    tg_source_free(src);
    place(v, c->line, c->col, 0);
    return v;
}

FN(f_json)
{
    const char *s;
    size_t len;
    if (ae_arg_str(c, call, argv, 0, &s, &len) != TG_OK)
        return NULL;
    return ae_parse_json(c, call, s, len);
}

/* ---- table ---- */

#define ANY (-1)
#define UK AE_UNKNOWN_OK

const ae_func ae_string_funcs[] = {
    {"concat", 1, ANY, UK, f_concat},
    {"format", 1, ANY, UK, f_format},
    {"toLower", 1, 1, UK, f_to_lower},
    {"toUpper", 1, 1, UK, f_to_upper},
    {"replace", 3, 3, UK, f_replace},
    {"trim", 1, 1, 0, f_trim},
    {"substring", 2, 3, 0, f_substring},
    {"skip", 2, 2, 0, f_skip},
    {"take", 2, 2, 0, f_take},
    {"first", 1, 1, 0, f_first},
    {"last", 1, 1, 0, f_last},
    {"length", 1, 1, 0, f_length},
    {"empty", 1, 1, 0, f_empty},
    {"contains", 2, 2, 0, f_contains},
    {"startsWith", 2, 2, 0, f_starts_with},
    {"endsWith", 2, 2, 0, f_ends_with},
    {"indexOf", 2, 2, 0, f_index_of},
    {"lastIndexOf", 2, 2, 0, f_last_index_of},
    {"split", 2, 2, 0, f_split},
    {"join", 2, 2, 0, f_join},
    {"padLeft", 2, 3, 0, f_pad_left},
    {"string", 1, 1, 0, f_string},
    {"json", 1, 1, 0, f_json},
};

const size_t ae_string_nfuncs = sizeof ae_string_funcs / sizeof ae_string_funcs[0];
