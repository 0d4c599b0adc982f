/* json.c — JSON (ARM dialect) to a positioned tg_value tree. cJSON does the parsing but
 * keeps no positions and has limits we cannot rely on (nesting, truncated \u0000
 * strings), so three linear passes surround it:
 *   1. a pre-scan that blanks comments (in a private copy, offsets unchanged) and
 *      refuses what cJSON would handle badly: deep nesting, trailing commas,
 *      unterminated strings and comments, \u0000, an empty document;
 *   2. cJSON_ParseWithLengthOpts (its failure offset becomes our line:col);
 *   3. a locating re-scan that walks the text in step with the cJSON tree, so every
 *      value and member key gets the position of its first character.
 * Duplicate member names are resolved per object in linear time (see json.h). */
#include "json.h"
#include "text.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX
/* Objects up to this size are checked for duplicates pairwise; larger ones hashed. */
#define SMALL_OBJECT 8

/* A problem the pre-scan found that cJSON cannot see or reports badly. Reported
 * unless cJSON fails earlier than cmp, so the user sees the first problem. */
typedef struct deferred {
    size_t cmp; /* offset compared with cJSON's failure offset */
    size_t at;  /* where the problem is reported */
    char msg[200];
} deferred;

typedef struct jctx {
    const tg_source *src;
    const char *t; /* src->text, or own once a comment was blanked */
    char *own;
    size_t len;
    size_t pos; /* re-scan cursor */
    tg_arena *a;
    tg_error *err;
    /* incremental locator: positions are asked for in increasing offset order */
    size_t li, loc_off;
    int loc_col;
    /* duplicate-detection scratch, shared by every object (children finish first) */
    size_t *prev, *table;
    uint64_t *hash;
    unsigned char *dead;
    size_t scap, tcap;
    uint64_t seed;
} jctx;

enum { SCAN_OK = 0, SCAN_DEFERRED = 1 };

static int fail_at(jctx *c, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(jctx *c, size_t off, const char *fmt, ...)
{
    char msg[sizeof c->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line, col;
    tg_source_position(c->src, off, &line, &col);
    return tg_error_set(c->err, c->src->path, line, col, "%s", msg);
}

static int defer(deferred *d, size_t cmp, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int defer(deferred *d, size_t cmp, size_t at, const char *fmt, ...)
{
    d->cmp = cmp;
    d->at = at;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return SCAN_DEFERRED;
}

static char *writable(jctx *c)
{
    if (!c->own) {
        c->own = tg_xmalloc(c->len + 1);
        memcpy(c->own, c->t, c->len + 1);
        c->t = c->own;
    }
    return c->own;
}

/* Pass 1. Returns SCAN_OK, SCAN_DEFERRED (d filled; the scan stopped there) or TG_ERR
 * (err set; cJSON must not run). */
static int prescan(jctx *c, deferred *d)
{
    const char *t = c->t;
    size_t n = c->len, depth = 0, comma = NONE, last = 0, i = 0;
    size_t open[TG_JSON_MAX_DEPTH];
    int seen = 0, root_done = 0, line, col;
    while (i < n) {
        unsigned char ch = (unsigned char)t[i];
        if (ch <= ' ') {
            i++;
            continue;
        }
        if (ch == '/' && i + 1 < n && (t[i + 1] == '/' || t[i + 1] == '*')) {
            char *w = writable(c);
            t = w;
            if (w[i + 1] == '/') {
                while (i < n && w[i] != '\n')
                    w[i++] = ' ';
            } else {
                const char *end = NULL;
                for (size_t j = i + 2; j + 1 < n; j++)
                    if (w[j] == '*' && w[j + 1] == '/') {
                        end = w + j + 2;
                        break;
                    }
                if (!end)
                    return defer(d, i, i, "unterminated comment");
                for (; w + i < end; i++)
                    if (w[i] != '\n')
                        w[i] = ' ';
            }
            continue;
        }
        if (root_done)
            return defer(d, i, i, "unexpected text after the JSON value");
        if (comma != NONE && (ch == '}' || ch == ']'))
            return defer(d, comma, comma, "trailing comma");
        comma = NONE;
        seen = 1;
        last = i;
        switch (ch) {
        case '"': {
            size_t j = i + 1;
            for (;;) {
                while (j < n && t[j] != '"' && t[j] != '\\')
                    j++;
                if (j >= n) {
                    tg_source_position(c->src, i, &line, &col);
                    return defer(d, i, n, "unexpected end of input (unclosed string opened at %d:%d)",
                                 line, col);
                }
                if (t[j] == '"')
                    break;
                if (j + 5 < n && memcmp(t + j + 1, "u0000", 5) == 0)
                    return defer(d, i, i, "\\u0000 in string");
                j += 2;
            }
            i = j + 1;
            last = j;
            if (!depth)
                root_done = 1;
            continue;
        }
        case '{':
        case '[':
            if (depth == TG_JSON_MAX_DEPTH)
                return fail_at(c, i, "nesting deeper than %d levels", TG_JSON_MAX_DEPTH);
            open[depth++] = i;
            break;
        case '}':
        case ']':
            if (depth && !--depth)
                root_done = 1;
            break;
        case ',':
            comma = i;
            break;
        default:
            break;
        }
        i++;
    }
    if (depth) {
        tg_source_position(c->src, open[depth - 1], &line, &col);
        return defer(d, last, n, "unexpected end of input ('%c' opened at %d:%d)",
                     t[open[depth - 1]], line, col);
    }
    if (!seen)
        return tg_error_set(c->err, c->src->path, 1, 1, "empty file");
    return SCAN_OK;
}

/* What the parser state is just before offset q (error path only). */
typedef struct where {
    int in_string, in_object;
    unsigned char last; /* last significant byte outside strings, 0 if none */
} where;

static where context_at(const jctx *c, size_t q)
{
    unsigned char kinds[TG_JSON_MAX_DEPTH];
    size_t depth = 0;
    where w = {0, 0, 0};
    for (size_t i = 0; i < q; i++) {
        unsigned char ch = (unsigned char)c->t[i];
        if (w.in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                w.in_string = 0, w.last = ch;
            continue;
        }
        if (ch <= ' ')
            continue;
        w.last = ch;
        if (ch == '"') {
            w.in_string = 1;
        } else if (ch == '{' || ch == '[') {
            if (depth < TG_JSON_MAX_DEPTH)
                kinds[depth] = ch;
            depth++;
        } else if ((ch == '}' || ch == ']') && depth) {
            depth--;
        }
    }
    w.in_object = depth && depth <= TG_JSON_MAX_DEPTH && kinds[depth - 1] == '{';
    return w;
}

/* "character 'x'", "character U+0007", "character 'é' (U+00E9)" or "end of input". */
static void describe(const jctx *c, size_t p, char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)c->t + p;
    if (p >= c->len) {
        snprintf(buf, len, "end of input");
        return;
    }
    if (s[0] > ' ' && s[0] < 0x7F) {
        snprintf(buf, len, "character '%c'", s[0]);
        return;
    }
    if (s[0] < 0x80) {
        snprintf(buf, len, "character U+%04X", s[0]);
        return;
    }
    /* the text is valid UTF-8 (tg_source checked it) */
    size_t k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
    uint32_t cp = s[0] & (0x7F >> k);
    for (size_t i = 1; i < k; i++)
        cp = cp << 6 | (s[i] & 0x3F);
    snprintf(buf, len, "character '%.*s' (U+%04X)", (int)k, (const char *)s, (unsigned)cp);
}

/* cJSON failed at p: say what is there. */
static int cjson_error(jctx *c, size_t p)
{
    char what[64];
    /* cJSON reports a member name that is not a string one byte too far */
    if (p > 0 && (unsigned char)c->t[p - 1] > ' ' && c->t[p - 1] != '"') {
        where w = context_at(c, p - 1);
        if (!w.in_string && w.in_object && (w.last == '{' || w.last == ',')) {
            describe(c, p - 1, what, sizeof what);
            return fail_at(c, p - 1, "invalid JSON: expected a member name in double quotes, found %s",
                           what);
        }
    }
    where w = context_at(c, p);
    if (w.in_string && c->t[p] == '\\') {
        if (c->t[p + 1] == 'u')
            return fail_at(c, p, "invalid JSON: invalid \\u escape in string");
        describe(c, p + 1, what, sizeof what);
        return fail_at(c, p, "invalid JSON: invalid escape sequence (backslash before %s)", what);
    }
    describe(c, p, what, sizeof what);
    return fail_at(c, p, "invalid JSON: unexpected %s", what);
}

static void locate(jctx *c, size_t off, int *line, int *col)
{
    const tg_source *s = c->src;
    if (off < c->loc_off) { /* not expected: positions are asked for in order */
        tg_source_position(s, off, line, col);
        return;
    }
    size_t li = c->li;
    if (li + 1 < s->nlines && s->lines[li + 1] <= off) {
        do
            li++;
        while (li + 1 < s->nlines && s->lines[li + 1] <= off);
        c->li = li;
        c->loc_off = s->lines[li];
        c->loc_col = 1;
    }
    /* UTF-16 units, counted as tg_source_position counts them */
    const unsigned char *u = (const unsigned char *)s->text;
    size_t units = 0;
    for (size_t i = c->loc_off; i < off; i++)
        units += (size_t)((u[i] & 0xC0) != 0x80) + (size_t)(u[i] >= 0xF0);
    c->loc_col += (int)units;
    c->loc_off = off;
    *line = (int)li + 1;
    *col = c->loc_col;
}

static size_t skip_ws(const jctx *c, size_t p)
{
    while (p < c->len && (unsigned char)c->t[p] <= ' ') /* what cJSON skips */
        p++;
    return p;
}

static size_t skip_string(const jctx *c, size_t p)
{
    const char *t = c->t;
    for (p++; p < c->len; p++) {
        if (t[p] == '"')
            return p + 1;
        if (t[p] == '\\')
            p++;
    }
    return c->len;
}

static size_t skip_number(const jctx *c, size_t p)
{
    /* the characters cJSON's parse_number takes; a successful parse ends at the first
     * other one */
    const char *t = c->t;
    while (p < c->len && ((t[p] >= '0' && t[p] <= '9') || t[p] == '-' || t[p] == '+' ||
                          t[p] == '.' || t[p] == 'e' || t[p] == 'E'))
        p++;
    return p;
}

static size_t pow2_at_least(size_t n)
{
    size_t p = 1;
    while (p < n)
        p *= 2;
    return p;
}

static uint64_t key_hash(const char *k, uint64_t seed)
{
    uint64_t h = seed ^ 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)k; *p; p++) {
        unsigned ch = *p;
        if (ch - 'A' < 26u)
            ch += 32;
        h = (h ^ ch) * 0x100000001b3u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

/* Links every member to the previous member whose name is equal ignoring case
 * (prev[i], NONE when none). Returns 1 when any member has such a predecessor. */
static int link_duplicates(jctx *c, const char **keys, size_t n)
{
    size_t *prev = c->prev;
    int any = 0;
    if (n <= SMALL_OBJECT) {
        for (size_t i = 0; i < n; i++) {
            prev[i] = NONE;
            for (size_t j = i; j-- > 0;)
                if (tg_text_ieq(keys[j], keys[i])) {
                    prev[i] = j;
                    any = 1;
                    break;
                }
        }
        return any;
    }
    /* open addressing; the seed (from addresses, so it varies with ASLR) keeps
     * crafted names from all landing in one probe chain */
    size_t cap = pow2_at_least(2 * n), mask = cap - 1;
    if (c->tcap < cap) {
        free(c->table);
        c->table = tg_xmalloc(cap * sizeof *c->table);
        c->tcap = cap;
    }
    memset(c->table, 0xFF, cap * sizeof *c->table); /* NONE */
    for (size_t i = 0; i < n; i++) {
        uint64_t h = key_hash(keys[i], c->seed);
        c->hash[i] = h;
        prev[i] = NONE;
        for (size_t slot = (size_t)h & mask;; slot = (slot + 1) & mask) {
            size_t j = c->table[slot];
            if (j == NONE) {
                c->table[slot] = i;
                break;
            }
            if (c->hash[j] == h && tg_text_ieq(keys[j], keys[i])) {
                prev[i] = j;
                c->table[slot] = i; /* the chain continues through prev */
                any = 1;
                break;
            }
        }
    }
    return any;
}

/* Members whose names are equal ignoring case become one member: the last one, holding
 * its value when all values are equal and an unknown naming two of the keys when not. */
static void dedupe(jctx *c, tg_value *obj)
{
    size_t n = obj->u.coll.n;
    if (n < 2)
        return;
    if (c->scap < n) {
        size_t cap = pow2_at_least(n);
        free(c->prev);
        free(c->hash);
        free(c->dead);
        c->prev = tg_xmalloc(cap * sizeof *c->prev);
        c->hash = tg_xmalloc(cap * sizeof *c->hash);
        c->dead = tg_xmalloc(cap);
        c->scap = cap;
    }
    const char **keys = obj->u.coll.keys;
    tg_value **items = obj->u.coll.items;
    if (!link_duplicates(c, keys, n))
        return;
    size_t *prev = c->prev;
    unsigned char *dead = c->dead;
    memset(dead, 0, n);
    for (size_t i = 0; i < n; i++)
        if (prev[i] != NONE)
            dead[prev[i]] = 1;
    for (size_t i = 0; i < n; i++) {
        if (dead[i] || prev[i] == NONE)
            continue;
        tg_value *last = items[i];
        size_t other = NONE; /* ends as the first occurrence that differs from the last */
        for (size_t j = prev[i]; j != NONE; j = prev[j])
            if (!tg_value_equal(items[j], last))
                other = j;
        if (other == NONE)
            continue;
        tg_value *u = tg_value_unknownf(c->a,
                                        "duplicate keys '%s' (line %d) and '%s' (line %d) are "
                                        "ambiguous: Resource Manager may read either",
                                        keys[other], items[other]->kline, keys[i], last->kline);
        u->line = last->line;
        u->col = last->col;
        u->kline = last->kline;
        u->kcol = last->kcol;
        items[i] = u;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (!dead[i]) {
            keys[w] = keys[i];
            items[w++] = items[i];
        }
    obj->u.coll.n = w;
}

static int lost(jctx *c, size_t p)
{
    return fail_at(c, p, "internal error: the locating scan lost step with cJSON");
}

static int build(jctx *c, cJSON *node, tg_value **out);

/* Builds the members of an array or object at c->pos (just after the bracket). The
 * cJSON tree is freed whole at the end: freeing it node by node here interleaves
 * free() with the arena's block allocations and makes malloc consolidate repeatedly. */
static int build_members(jctx *c, cJSON *node, tg_value *v, int object)
{
    size_t n = 0;
    for (cJSON *ch = node->child; ch; ch = ch->next)
        n++;
    if (n) {
        /* capacity as tg_value_append expects it: a power of two at or above n */
        size_t cap = pow2_at_least(n);
        v->u.coll.items = tg_arena_alloc(c->a, cap * sizeof *v->u.coll.items);
        if (object)
            v->u.coll.keys = tg_arena_alloc(c->a, cap * sizeof *v->u.coll.keys);
    }
    const char close = object ? '}' : ']';
    for (cJSON *ch = node->child; ch; ch = ch->next) {
        int kl = 0, kc = 0;
        if (object) {
            size_t p = skip_ws(c, c->pos);
            if (p >= c->len || c->t[p] != '"')
                return lost(c, p);
            locate(c, p, &kl, &kc);
            p = skip_ws(c, skip_string(c, p));
            if (p >= c->len || c->t[p] != ':')
                return lost(c, p);
            c->pos = p + 1;
        }
        tg_value *item;
        if (build(c, ch, &item) != TG_OK)
            return TG_ERR;
        if (object) {
            item->kline = kl;
            item->kcol = kc;
            v->u.coll.keys[v->u.coll.n] = tg_arena_strdup(c->a, ch->string);
        }
        v->u.coll.items[v->u.coll.n++] = item;
        size_t p = skip_ws(c, c->pos);
        if (p >= c->len || c->t[p] != (ch->next ? ',' : close))
            return lost(c, p);
        c->pos = p + 1;
    }
    if (n == 0) {
        size_t p = skip_ws(c, c->pos);
        if (p >= c->len || c->t[p] != close)
            return lost(c, p);
        c->pos = p + 1;
    }
    if (object)
        dedupe(c, v);
    return TG_OK;
}

/* Pass 3: the value node starts at the next non-blank byte from c->pos. */
static int build(jctx *c, cJSON *node, tg_value **out)
{
    size_t p = skip_ws(c, c->pos);
    if (p >= c->len)
        return lost(c, p);
    const char *t = c->t;
    int line, col;
    locate(c, p, &line, &col);
    tg_value *v;
    switch (node->type & 0xFF) {
    case cJSON_NULL:
        if (t[p] != 'n')
            return lost(c, p);
        v = tg_value_new(c->a, TG_V_NULL);
        p += 4;
        break;
    case cJSON_False:
    case cJSON_True:
        if (t[p] != ((node->type & 0xFF) == cJSON_True ? 't' : 'f'))
            return lost(c, p);
        v = tg_value_new(c->a, TG_V_BOOL);
        v->u.boolean = (node->type & 0xFF) == cJSON_True;
        p += v->u.boolean ? 4 : 5;
        break;
    case cJSON_Number:
        if (t[p] != '-' && (t[p] < '0' || t[p] > '9'))
            return lost(c, p);
        if (!isfinite(node->valuedouble))
            return fail_at(c, p, "number out of range");
        v = tg_value_new(c->a, TG_V_NUMBER);
        v->u.number = node->valuedouble;
        p = skip_number(c, p);
        break;
    case cJSON_String:
        if (t[p] != '"')
            return lost(c, p);
        /* no NUL inside: the pre-scan refused \u0000 */
        v = tg_value_string(c->a, node->valuestring, strlen(node->valuestring));
        p = skip_string(c, p);
        break;
    case cJSON_Array:
    case cJSON_Object: {
        int object = (node->type & 0xFF) == cJSON_Object;
        if (t[p] != (object ? '{' : '['))
            return lost(c, p);
        v = tg_value_new(c->a, object ? TG_V_OBJECT : TG_V_ARRAY);
        v->line = line;
        v->col = col;
        c->pos = p + 1;
        if (build_members(c, node, v, object) != TG_OK)
            return TG_ERR;
        *out = v;
        return TG_OK;
    }
    default:
        return lost(c, p);
    }
    v->line = line;
    v->col = col;
    c->pos = p;
    *out = v;
    return TG_OK;
}

int tg_json_parse(tg_value **out, const tg_source *src, tg_arena *a, tg_error *err)
{
    *out = NULL;
    jctx c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.t = src->text;
    c.len = src->len;
    c.a = a;
    c.err = err;
    c.loc_col = 1;
    c.seed = (uint64_t)(uintptr_t)&c ^ ((uint64_t)(uintptr_t)a << 16) ^ (uint64_t)(uintptr_t)src->text;

    deferred d;
    cJSON *root = NULL;
    int rc = prescan(&c, &d);
    if (rc == TG_ERR)
        goto done;
    const char *end = NULL;
    root = cJSON_ParseWithLengthOpts(c.t, c.len, &end, 0);
    size_t stop = end ? (size_t)(end - c.t) : 0;
    if (!root) {
        if (rc == SCAN_DEFERRED && stop >= d.cmp)
            rc = fail_at(&c, d.at, "%s", d.msg);
        else
            rc = cjson_error(&c, stop);
        goto done;
    }
    size_t rest = skip_ws(&c, stop);
    if (rest < c.len && (rc != SCAN_DEFERRED || rest < d.cmp)) {
        rc = fail_at(&c, rest, "unexpected text after the JSON value");
        goto done;
    }
    if (rc == SCAN_DEFERRED) {
        rc = fail_at(&c, d.at, "%s", d.msg);
        goto done;
    }
    rc = build(&c, root, out);
    if (rc != TG_OK)
        *out = NULL;
done:
    cJSON_Delete(root);
    free(c.own);
    free(c.prev);
    free(c.hash);
    free(c.dead);
    free(c.table);
    return rc == TG_OK ? TG_OK : TG_ERR;
}
