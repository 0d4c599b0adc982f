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
/* Objects up to this size are checked for duplicates pairwise; larger ones hashed,
 * and objects above BUCKET_MEMBERS hashed in cache-sized parts. */
#define SMALL_OBJECT 8
#define BUCKET_MEMBERS 4096

/* Word-at-a-time scanning for the passes that read every byte. */
#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)

/* Offset of the '"' that closes the string whose contents start at p, or n when the
 * text ends first. When nul is not NULL it gets the offset of the first \u0000 escape
 * (NONE if none). Linear however the escapes fall: each '"' and each backslash is
 * found once. */
static size_t string_end(const char *t, size_t p, size_t n, size_t *nul)
{
    if (nul)
        *nul = NONE;
    /* most strings are short: byte by byte first */
    size_t stop = n - p > 16 ? p + 16 : n, q = 0;
    int have_q = 0; /* q holds the first '"' at or after p (escaped or not) */
    for (;;) {
        while (p < stop && t[p] != '"' && t[p] != '\\')
            p++;
        if (p >= stop) {
            if (p >= n)
                return n;
            /* then memchr, which is vectorised: the next quote, then any backslash
             * before it */
            if (!have_q || q < p) {
                const char *x = memchr(t + p, '"', n - p);
                q = x ? (size_t)(x - t) : n;
                have_q = 1;
            }
            const char *b = memchr(t + p, '\\', q - p);
            if (!b)
                return q;
            p = (size_t)(b - t);
        } else if (t[p] == '"') {
            return p;
        }
        /* t[p] is a backslash */
        if (nul && *nul == NONE && n - p > 5 && memcmp(t + p + 1, "u0000", 5) == 0)
            *nul = p;
        p += 2;
        if (p >= n)
            return n;
        stop = n - p > 16 ? p + 16 : n; /* escapes come in clusters */
    }
}

static int all_ascii(const char *t, size_t n)
{
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (w & HIGHS)
            return 0;
    }
    for (; i < n; i++)
        if ((unsigned char)t[i] >= 0x80)
            return 0;
    return 1;
}

/* UTF-16 code units in s[from, to), by tg_source_position's rule: every byte that is
 * not a continuation byte starts a character; 4-byte characters count two. */
static size_t count_units(const unsigned char *s, size_t from, size_t to)
{
    size_t u = 0, i = from;
    for (; to - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t hi = w & HIGHS;
        u += 8;
        if (hi) {
            uint64_t cont = hi & ~(w << 1);                      /* 10xxxxxx */
            uint64_t four = hi & (w << 1) & (w << 2) & (w << 3); /* 1111xxxx */
            /* the masks hold only bit 7 of each byte: summing bytes counts them */
            u += (size_t)(((four >> 7) * ONES) >> 56);
            u -= (size_t)(((cont >> 7) * ONES) >> 56);
        }
    }
    for (; i < to; i++)
        u += (size_t)((s[i] & 0xC0) != 0x80) + (size_t)(s[i] >= 0xF0);
    return u;
}

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
    int ascii; /* the text has no byte >= 0x80: column = byte distance + 1 */
    /* members of the open arrays and objects, innermost last */
    tg_value **items;
    const char **keys;
    size_t sp, stackcap;
    /* duplicate-detection scratch, shared by every object (children finish first) */
    size_t *prev, *start, *order;
    uint64_t *hash, *table;
    unsigned char *dead;
    size_t prevcap, startcap, ordercap, hashcap, tablecap, deadcap;
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
            size_t nul, j = string_end(t, i + 1, n, &nul);
            if (nul != NONE && nul < j)
                return defer(d, i, i, "\\u0000 in string");
            if (j >= n) {
                tg_source_position(c->src, i, &line, &col);
                return defer(d, i, n, "unexpected end of input (unclosed string opened at %d:%d)",
                             line, col);
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
    unsigned char kinds[TG_JSON_MAX_DEPTH] = {0};
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
    if (s[0] < 0xC0) { /* not expected: cJSON stops at the start of a character */
        snprintf(buf, len, "byte 0x%02X", s[0]);
        return;
    }
    /* the text is valid UTF-8 (tg_source checked it) */
    size_t k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
    uint32_t cp = s[0] & (0x7F >> k);
    for (size_t i = 1; i < k; i++)
        cp = cp << 6 | (s[i] & 0x3F);
    snprintf(buf, len, "character '%.*s' (U+%04X)", (int)k, (const char *)s, (unsigned)cp);
}

/* The characters cJSON's parse_number takes. */
static int is_number_char(char ch)
{
    return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' || ch == 'e' ||
           ch == 'E';
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
            return fail_at(c, p - 1,
                           "invalid JSON: expected a member name in double quotes, found %s", what);
        }
    }
    where w = context_at(c, p);
    /* stopped inside a number: strtod ended at a character that does not fit
     * ("1.2.3", "1-2") */
    if (!w.in_string && p > 0 && is_number_char(c->t[p]) && is_number_char(c->t[p - 1])) {
        size_t from = p, to = p;
        while (from > 0 && is_number_char(c->t[from - 1]))
            from--;
        while (to < c->len && is_number_char(c->t[to]))
            to++;
        if (c->t[from] == '-' || (c->t[from] >= '0' && c->t[from] <= '9'))
            return fail_at(c, from, "invalid JSON: malformed number '%.*s'",
                           (int)(to - from > 40 ? 40 : to - from), c->t + from);
    }
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
    if (c->ascii)
        c->loc_col += (int)(off - c->loc_off);
    else
        c->loc_col += (int)count_units((const unsigned char *)s->text, c->loc_off, off);
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

/* Offset just past the string at p (c->t[p] == '"') whose decoded form has len bytes:
 * without backslashes, its closing quote is exactly len bytes on. */
static size_t skip_string(const jctx *c, size_t p, size_t len)
{
    size_t q = p + 1 + len;
    if (q < c->len && c->t[q] == '"' && !memchr(c->t + p + 1, '\\', len))
        return q + 1;
    q = string_end(c->t, p + 1, c->len, NULL);
    return q < c->len ? q + 1 : c->len;
}

static size_t skip_number(const jctx *c, size_t p)
{
    /* a number cJSON accepted ends at the first character it does not take */
    while (p < c->len && is_number_char(c->t[p]))
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

/* Grows a scratch array (owned by jctx, reused by every object) to hold n items. */
static void *reserve(void *p, size_t *cap, size_t n, size_t size)
{
    if (*cap >= n)
        return p;
    size_t c = pow2_at_least(n);
    free(p);
    *cap = c;
    return tg_xmalloc(c * size);
}

/* Open addressing over the members idx[0, m) (ascending; identity when idx is NULL):
 * sets prev[i] for every member whose name was seen before. Entries hold the high half
 * of the hash (to skip most name comparisons) and the local index + 1 (0 = empty). */
static int probe(jctx *c, const char **keys, const size_t *idx, size_t m)
{
    size_t cap = pow2_at_least(2 * m), mask = cap - 1;
    c->table = reserve(c->table, &c->tablecap, cap, sizeof *c->table);
    memset(c->table, 0, cap * sizeof *c->table);
    int any = 0;
    for (size_t k = 0; k < m; k++) {
        size_t i = idx ? idx[k] : k;
        uint64_t h = c->hash[i], tag = h >> 32 << 32;
        for (size_t slot = (size_t)h & mask;; slot = (slot + 1) & mask) {
            uint64_t e = c->table[slot];
            if (e == 0) {
                c->table[slot] = tag | (uint64_t)(k + 1);
                break;
            }
            size_t j = idx ? idx[(e & 0xFFFFFFFFu) - 1] : (size_t)(e & 0xFFFFFFFFu) - 1;
            if ((e >> 32 << 32) == tag && tg_text_ieq(keys[j], keys[i])) {
                c->prev[i] = j;
                c->table[slot] = tag | (uint64_t)(k + 1); /* the chain continues in prev */
                any = 1;
                break;
            }
        }
    }
    return any;
}

/* Links every member to the previous member whose name is equal ignoring case
 * (prev[i], NONE when none). Returns 1 when any member has such a predecessor. */
static int link_duplicates(jctx *c, const char **keys, size_t n)
{
    size_t *prev = c->prev;
    for (size_t i = 0; i < n; i++)
        prev[i] = NONE;
    if (n <= SMALL_OBJECT) {
        int any = 0;
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j-- > 0;)
                if (tg_text_ieq(keys[j], keys[i])) {
                    prev[i] = j;
                    any = 1;
                    break;
                }
        return any;
    }
    /* the seed (from addresses, so it varies with ASLR) keeps crafted names from all
     * landing in one probe chain */
    for (size_t i = 0; i < n; i++)
        c->hash[i] = key_hash(keys[i], c->seed);
    if (n <= BUCKET_MEMBERS)
        return probe(c, keys, NULL, n);
    /* Large objects: a table over all members would miss the cache on every probe, so
     * first split the members by the top bits of their hash (stably, so each part
     * stays in member order), then probe each part in a table that fits the cache. */
    size_t parts = pow2_at_least(n / (BUCKET_MEMBERS / 4)), shift = 64;
    for (size_t p = parts; p > 1; p /= 2)
        shift--;
    c->start = reserve(c->start, &c->startcap, parts + 1, sizeof *c->start);
    c->order = reserve(c->order, &c->ordercap, n, sizeof *c->order);
    memset(c->start, 0, (parts + 1) * sizeof *c->start);
    for (size_t i = 0; i < n; i++)
        c->start[(c->hash[i] >> shift) + 1]++;
    for (size_t b = 0; b < parts; b++)
        c->start[b + 1] += c->start[b];
    for (size_t i = 0; i < n; i++)
        c->order[c->start[c->hash[i] >> shift]++] = i;
    /* start[b] now holds the end of part b */
    int any = 0;
    for (size_t b = 0, from = 0; b < parts; from = c->start[b++])
        any |= probe(c, keys, c->order + from, c->start[b] - from);
    return any;
}

/* Members keys/items[0, n) whose names are equal ignoring case become one member: the
 * last one, holding its value when all values are equal and an unknown naming two of
 * the keys when not. Returns the new member count. */
static size_t dedupe(jctx *c, const char **keys, tg_value **items, size_t n)
{
    if (n < 2)
        return n;
    c->prev = reserve(c->prev, &c->prevcap, n, sizeof *c->prev);
    c->hash = reserve(c->hash, &c->hashcap, n, sizeof *c->hash);
    if (!link_duplicates(c, keys, n))
        return n;
    size_t *prev = c->prev;
    c->dead = reserve(c->dead, &c->deadcap, n, 1);
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
                                        "is written twice, as '%s' (line %d) and '%s' (line "
                                        "%d), and Resource Manager may read either",
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
    return w;
}

static int lost(jctx *c, size_t p)
{
    return fail_at(c, p, "internal error: the locating scan lost step with cJSON");
}

static int build(jctx *c, cJSON *node, tg_value **out);

static void push(jctx *c, const char *key, tg_value *item)
{
    if (c->sp == c->stackcap) {
        c->stackcap = c->stackcap ? c->stackcap * 2 : 256;
        c->items = tg_xrealloc(c->items, c->stackcap * sizeof *c->items);
        c->keys = tg_xrealloc(c->keys, c->stackcap * sizeof *c->keys);
    }
    c->keys[c->sp] = key;
    c->items[c->sp++] = item;
}

/* Builds the members of an array or object at c->pos (just after the bracket). They
 * wait on the member stack until the bracket closes, when the count is known. Each
 * cJSON child is freed once copied: the arena then reuses that memory, and the two
 * whole trees never exist at once (measured: ~1.5x faster on large inputs than one
 * cJSON_Delete at the end). */
static int build_members(jctx *c, cJSON *node, tg_value *v, int object)
{
    size_t base = c->sp;
    const char close = object ? '}' : ']';
    cJSON *ch;
    while ((ch = node->child) != NULL) {
        int kl = 0, kc = 0;
        const char *key = NULL;
        if (object) {
            size_t p = skip_ws(c, c->pos), klen = strlen(ch->string);
            if (p >= c->len || c->t[p] != '"')
                return lost(c, p);
            locate(c, p, &kl, &kc);
            key = tg_arena_strndup(c->a, ch->string, klen);
            p = skip_ws(c, skip_string(c, p, klen));
            if (p >= c->len || c->t[p] != ':')
                return lost(c, p);
            c->pos = p + 1;
        }
        tg_value *item;
        if (build(c, ch, &item) != TG_OK)
            return TG_ERR;
        item->kline = kl;
        item->kcol = kc;
        push(c, key, item);
        size_t p = skip_ws(c, c->pos);
        if (p >= c->len || c->t[p] != (ch->next ? ',' : close))
            return lost(c, p);
        c->pos = p + 1;
        node->child = ch->next;
        ch->next = NULL;
        cJSON_Delete(ch);
    }
    size_t n = c->sp - base;
    if (n == 0) {
        size_t p = skip_ws(c, c->pos);
        if (p >= c->len || c->t[p] != close)
            return lost(c, p);
        c->pos = p + 1;
        return TG_OK;
    }
    if (object)
        n = dedupe(c, c->keys + base, c->items + base, n);
    /* capacity as tg_value_append expects it: a power of two at or above n */
    size_t cap = pow2_at_least(n);
    v->u.coll.items = tg_arena_alloc(c->a, cap * sizeof *v->u.coll.items);
    memcpy(v->u.coll.items, c->items + base, n * sizeof *v->u.coll.items);
    if (object) {
        v->u.coll.keys = tg_arena_alloc(c->a, cap * sizeof *v->u.coll.keys);
        memcpy(v->u.coll.keys, c->keys + base, n * sizeof *v->u.coll.keys);
    }
    v->u.coll.n = n;
    c->sp = base;
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
        p = skip_string(c, p, v->u.str.len);
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
    c.ascii = all_ascii(src->text, src->len);
    c.seed =
        (uint64_t)(uintptr_t)&c ^ ((uint64_t)(uintptr_t)a << 16) ^ (uint64_t)(uintptr_t)src->text;

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
    free(c.items);
    free(c.keys);
    free(c.prev);
    free(c.start);
    free(c.order);
    free(c.hash);
    free(c.table);
    free(c.dead);
    return rc == TG_OK ? TG_OK : TG_ERR;
}
