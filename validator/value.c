/* value.c — constructors and lookups for the three-way value tree. */
#include "value.h"
#include "text.h"

#include <stdarg.h>
#include <string.h>

tg_value *tg_value_new(tg_arena *a, tg_vkind kind)
{
    tg_value *v = tg_arena_alloc(a, sizeof *v);
    v->kind = kind;
    return v;
}

tg_value *tg_value_string(tg_arena *a, const char *s, size_t len)
{
    tg_value *v = tg_value_new(a, TG_V_STRING);
    v->u.str.s = tg_arena_strndup(a, s, len);
    v->u.str.len = len;
    return v;
}

tg_value *tg_value_unknown(tg_arena *a, const char *reason)
{
    tg_value *v = tg_value_new(a, TG_V_UNKNOWN);
    v->u.reason = tg_arena_strdup(a, reason ? reason : "unknown");
    return v;
}

tg_value *tg_value_unknownf(tg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tg_value *v = tg_value_new(a, TG_V_UNKNOWN);
    v->u.reason = tg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return v;
}

static void grow(tg_arena *a, tg_value *c, int with_keys)
{
    size_t n = c->u.coll.n;
    /* capacity is the next power of two at or above n: grow when n hits it */
    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 4;
        tg_value **items = tg_arena_alloc(a, cap * sizeof *items);
        if (n)
            memcpy(items, c->u.coll.items, n * sizeof *items);
        c->u.coll.items = items;
        if (with_keys) {
            const char **keys = tg_arena_alloc(a, cap * sizeof *keys);
            if (n)
                memcpy(keys, c->u.coll.keys, n * sizeof *keys);
            c->u.coll.keys = keys;
        }
    }
}

void tg_value_append(tg_arena *a, tg_value *arr, tg_value *item)
{
    grow(a, arr, 0);
    arr->u.coll.items[arr->u.coll.n++] = item;
}

void tg_value_set(tg_arena *a, tg_value *obj, const char *key, tg_value *item)
{
    grow(a, obj, 1);
    obj->u.coll.keys[obj->u.coll.n] = key;
    obj->u.coll.items[obj->u.coll.n++] = item;
}

long tg_value_find(const tg_value *obj, const char *key)
{
    if (!obj || obj->kind != TG_V_OBJECT)
        return -1;
    for (size_t i = 0; i < obj->u.coll.n; i++)
        if (strcmp(obj->u.coll.keys[i], key) == 0)
            return (long)i;
    for (size_t i = 0; i < obj->u.coll.n; i++)
        if (tg_text_ieq(obj->u.coll.keys[i], key))
            return (long)i;
    return -1;
}

tg_value *tg_value_get(const tg_value *obj, const char *key)
{
    long i = tg_value_find(obj, key);
    return i < 0 ? NULL : obj->u.coll.items[i];
}

#define MAX_COMPARE_DEPTH 1024
#define MAX_COMPARE_NODES 1000000 /* shared parts can make a small value huge to walk */

/* Objects compare by member names (in any order), arrays by position, strings exactly. */
static int equal3(const tg_value *a, const tg_value *b, int depth, size_t *budget)
{
    if (depth > MAX_COMPARE_DEPTH || (*budget)-- == 0)
        return -2;
    if (a == b)
        return 1; /* one value (shared parts are common in evaluated values) */
    if (!a || !b)
        return a == b;
    if (a->kind == TG_V_UNKNOWN || b->kind == TG_V_UNKNOWN)
        return -1;
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case TG_V_NULL:
        return 1;
    case TG_V_BOOL:
        return !a->u.boolean == !b->u.boolean;
    case TG_V_NUMBER:
        return a->u.number == b->u.number;
    case TG_V_STRING:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case TG_V_ARRAY:
    case TG_V_OBJECT: {
        if (a->u.coll.n != b->u.coll.n)
            return 0;
        int res = 1;
        for (size_t i = 0; i < a->u.coll.n; i++) {
            const tg_value *bi = NULL;
            if (a->kind == TG_V_ARRAY) {
                bi = b->u.coll.items[i];
            } else if (strcmp(a->u.coll.keys[i], b->u.coll.keys[i]) == 0) {
                bi = b->u.coll.items[i];
            } else {
                for (size_t j = 0; j < b->u.coll.n && !bi; j++)
                    if (strcmp(a->u.coll.keys[i], b->u.coll.keys[j]) == 0)
                        bi = b->u.coll.items[j];
                if (!bi)
                    return 0;
            }
            int r = equal3(a->u.coll.items[i], bi, depth + 1, budget);
            if (r == 0 || r == -2)
                return r;
            if (r < 0)
                res = -1;
        }
        return res;
    }
    default:
        return -1;
    }
}

int tg_value_equal3(const tg_value *a, const tg_value *b)
{
    size_t budget = MAX_COMPARE_NODES;
    return equal3(a, b, 0, &budget);
}

int tg_value_equal(const tg_value *a, const tg_value *b)
{
    return tg_value_equal3(a, b) == 1;
}

int tg_value_is_istr(const tg_value *v, const char *s)
{
    return v && v->kind == TG_V_STRING && tg_text_ieq(v->u.str.s, s);
}

const char *tg_value_kind_name(tg_vkind k)
{
    static const char *const names[] = {"null",  "boolean", "number", "string",
                                        "array", "object",  "unknown"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}
