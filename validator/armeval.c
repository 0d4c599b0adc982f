/* armeval.c — evaluates ARM template expressions over three-way values. The parser
 * (armeval_parse.c) builds a tree; this file walks it: literals, property access and
 * indexing, calls (dispatched through the table in armeval_funcs.c), lambda variables
 * and user-defined functions. It also holds what every function shares: errors that
 * name the expression, the work and size budgets that keep hostile templates bounded,
 * and the readable form ("expr") of unknowns: known parts filled in, unknown parts as
 * {their text}. */
#include "armeval_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Evaluation nests one level per node, and user-defined functions nest their bodies. */
#define AE_MAX_EVAL_DEPTH (4 * TG_ARMEVAL_MAX_DEPTH)
/* Arena growth one evaluation may cause. */
#define AE_MAX_ARENA ((size_t)256 << 20)
/* Characters of the expression shown in messages. */
#define AE_SHOWN 160

/* ---- unknown strings built here and their pieces ---- */

typedef struct rd_entry {
    const tg_value *key;
    const ae_piece *p;
    size_t n;
} rd_entry;

struct ae_rdmap {
    rd_entry *e;
    size_t cap, used;
};

static size_t rd_hash(const tg_value *v, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)v;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 20) & (cap - 1);
}

static void rd_insert(ae_rdmap *m, const tg_value *k, const ae_piece *p, size_t n)
{
    if ((m->used + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        rd_entry *e = tg_xcalloc(cap, sizeof *e);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->e[i].key)
                continue;
            size_t j = rd_hash(m->e[i].key, cap);
            while (e[j].key)
                j = (j + 1) & (cap - 1);
            e[j] = m->e[i];
        }
        free(m->e);
        m->e = e;
        m->cap = cap;
    }
    size_t j = rd_hash(k, m->cap);
    while (m->e[j].key && m->e[j].key != k)
        j = (j + 1) & (m->cap - 1);
    if (!m->e[j].key)
        m->used++;
    m->e[j] = (rd_entry){k, p, n};
}

const ae_piece *ae_rd_lookup(ae_ctx *c, const tg_value *v, size_t *n)
{
    ae_rdmap *m = c->rd;
    if (!m || !m->cap)
        return NULL;
    size_t j = rd_hash(v, m->cap);
    while (m->e[j].key) {
        if (m->e[j].key == v) {
            *n = m->e[j].n;
            return m->e[j].p;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

/* ---- errors ---- */

/* The expression as messages show it: cut at AE_SHOWN bytes, on a character boundary. */
static const char *shown(ae_ctx *c)
{
    size_t n = c->len;
    if (n <= AE_SHOWN)
        return tg_arena_strndup(c->a, c->text, n);
    n = AE_SHOWN;
    while (n > 0 && ((unsigned char)c->text[n] & 0xC0) == 0x80)
        n--;
    return tg_arena_printf(c->a, "%.*s...", (int)n, c->text);
}

static tg_value *failv(ae_ctx *c, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof msg, fmt, ap);
    tg_error_set(c->err, NULL, c->line, c->col, "cannot evaluate [%s]: %s", shown(c), msg);
    return NULL;
}

tg_value *ae_fail(ae_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    failv(c, fmt, ap);
    va_end(ap);
    return NULL;
}

tg_value *ae_fail_fn(ae_ctx *c, const ae_node *call, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ae_fail(c, "%.*s(): %s", (int)(call->len > 60 ? 60 : call->len), call->s, msg);
}

tg_value *ae_host_failed(ae_ctx *c)
{
    if (!c->err)
        return NULL;
    char msg[sizeof c->err->message + 256];
    if (c->err->message[0])
        snprintf(msg, sizeof msg, "cannot evaluate [%s]: %.*s", shown(c),
                 (int)sizeof c->err->message - 1, c->err->message);
    else
        snprintf(msg, sizeof msg, "cannot evaluate [%s]", shown(c));
    size_t n = strlen(msg);
    if (n >= sizeof c->err->message)
        n = sizeof c->err->message - 1;
    memcpy(c->err->message, msg, n);
    c->err->message[n] = '\0';
    if (!c->err->line) {
        c->err->line = c->line;
        c->err->col = c->col;
    }
    return NULL;
}

/* ---- budgets and values ---- */

int ae_charge(ae_ctx *c, size_t units)
{
    c->work += units;
    if (c->work > AE_MAX_WORK) {
        ae_fail(c, "the expression needs more than %zu steps of work", AE_MAX_WORK);
        return TG_ERR;
    }
    return TG_OK;
}

int ae_room(ae_ctx *c, size_t len)
{
    if (len > TG_ARMEVAL_MAX_STRING) {
        ae_fail(c, "a string would be longer than %u bytes", TG_ARMEVAL_MAX_STRING);
        return TG_ERR;
    }
    if (c->bytes + len > AE_MAX_TOTAL_BYTES) {
        ae_fail(c, "the expression builds more than %zu bytes of strings", AE_MAX_TOTAL_BYTES);
        return TG_ERR;
    }
    return TG_OK;
}

tg_value *ae_new(ae_ctx *c, tg_vkind kind)
{
    tg_value *v = tg_value_new(c->a, kind);
    v->line = c->line;
    v->col = c->col;
    return v;
}

tg_value *ae_str(ae_ctx *c, const char *s, size_t len)
{
    if (ae_room(c, len) != TG_OK)
        return NULL;
    c->bytes += len;
    tg_value *v = tg_value_string(c->a, s ? s : "", len);
    v->line = c->line;
    v->col = c->col;
    return v;
}

tg_value *ae_strz(ae_ctx *c, const char *s)
{
    return ae_str(c, s, strlen(s));
}

tg_value *ae_num(ae_ctx *c, double d)
{
    tg_value *v = ae_new(c, TG_V_NUMBER);
    v->u.number = d;
    return v;
}

tg_value *ae_bool(ae_ctx *c, int b)
{
    tg_value *v = ae_new(c, TG_V_BOOL);
    v->u.boolean = !!b;
    return v;
}

tg_value *ae_null(ae_ctx *c)
{
    return ae_new(c, TG_V_NULL);
}

int ae_push(ae_ctx *c, tg_value *arr, tg_value *item)
{
    if (ae_charge(c, 1) != TG_OK)
        return TG_ERR;
    if (arr->u.coll.n >= TG_ARMEVAL_MAX_ELEMENTS) {
        ae_fail(c, "an array would have more than %d elements", TG_ARMEVAL_MAX_ELEMENTS);
        return TG_ERR;
    }
    tg_value_append(c->a, arr, item);
    return TG_OK;
}

int ae_put(ae_ctx *c, tg_value *obj, const char *key, tg_value *item)
{
    if (ae_charge(c, 1) != TG_OK)
        return TG_ERR;
    if (obj->u.coll.n >= TG_ARMEVAL_MAX_ELEMENTS) {
        ae_fail(c, "an object would have more than %d members", TG_ARMEVAL_MAX_ELEMENTS);
        return TG_ERR;
    }
    tg_value_set(c->a, obj, key, item);
    return TG_OK;
}

tg_value *ae_copy(ae_ctx *c, const tg_value *v)
{
    tg_value *r = tg_arena_alloc(c->a, sizeof *r);
    *r = *v;
    return r;
}

/* ---- unknowns ---- */

/* "{text}" of a node, computed once per node. */
const char *ae_node_text(ae_ctx *c, const ae_node *n)
{
    if (n->braced)
        return n->braced;
    char *r = tg_arena_alloc(c->a, n->span + 3);
    size_t o = 0;
    r[o++] = '{';
    int in_str = 0;
    for (size_t k = 0; k < n->span; k++) {
        char ch = n->at[k];
        if (ch == '\'')
            in_str = !in_str;
        if (!in_str && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'))
            continue;
        r[o++] = ch;
    }
    r[o++] = '}';
    r[o] = '\0';
    ((ae_node *)n)->braced = r;
    return r;
}

tg_value *ae_unknown_at(ae_ctx *c, const ae_node *n, const tg_value *cause)
{
    tg_value *v = ae_new(c, TG_V_UNKNOWN);
    v->u.reason =
        cause && cause->kind == TG_V_UNKNOWN && cause->u.reason ? cause->u.reason : "is not known";
    v->expr = ae_node_text(c, n);
    return v;
}

tg_value *ae_named(ae_ctx *c, tg_value *v, const ae_node *n)
{
    if (!v || v->kind != TG_V_UNKNOWN || v->expr)
        return v;
    tg_value *r = ae_copy(c, v);
    if (!r->u.reason)
        r->u.reason = "is not known";
    r->expr = ae_node_text(c, n);
    return r;
}

tg_value *ae_runtime(ae_ctx *c, const ae_node *call)
{
    tg_value *v = ae_new(c, TG_V_UNKNOWN);
    v->u.reason = tg_arena_printf(c->a, "is only known at deployment: %.*s(...)",
                                  (int)(call->len > 60 ? 60 : call->len), call->s);
    v->expr = ae_node_text(c, call);
    return v;
}

tg_value *ae_first_unknown(tg_value **argv, size_t argc)
{
    for (size_t i = 0; i < argc; i++)
        if (argv[i] && argv[i]->kind == TG_V_UNKNOWN)
            return argv[i];
    return NULL;
}

/* Values built by expressions may share parts (createObject('l', x, 'r', x) nested 40
 * times is small to build and 2^40 nodes to walk), so every walk is bounded by a count of
 * the nodes it visits, not only by depth. */
#define AE_MAX_WALK 1000000

static const tg_value *deep_unknown(const tg_value *v, int depth, size_t *budget)
{
    static const tg_value too_large = {
        .kind = TG_V_UNKNOWN, .u.reason = "is too large to inspect (more than a million parts)"};
    if (!v)
        return NULL;
    if ((*budget)-- == 0)
        return &too_large;
    if (v->kind == TG_V_UNKNOWN)
        return v;
    if ((v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT) && depth < AE_MAX_VALUE_DEPTH)
        for (size_t i = 0; i < v->u.coll.n; i++) {
            const tg_value *u = deep_unknown(v->u.coll.items[i], depth + 1, budget);
            if (u)
                return u;
        }
    return NULL;
}

const tg_value *ae_deep_unknown(const tg_value *v, int depth)
{
    size_t budget = AE_MAX_WALK;
    return deep_unknown(v, depth, &budget);
}

/* ---- readable strings ---- */

static void rd_add(ae_ctx *c, ae_rd *r, const char *s, size_t len, int unknown, int copy)
{
    if (r->failed)
        return;
    if (len > TG_ARMEVAL_MAX_STRING || r->total + len > TG_ARMEVAL_MAX_STRING) {
        ae_room(c, (size_t)TG_ARMEVAL_MAX_STRING + 1);
        r->failed = 1;
        return;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        ae_piece *p = tg_arena_alloc(c->a, cap * sizeof *p);
        if (r->n)
            memcpy(p, r->p, r->n * sizeof *p);
        r->p = p;
        r->cap = cap;
    }
    r->p[r->n++] = (ae_piece){copy ? tg_arena_strndup(c->a, s, len) : s, len, unknown};
    r->total += len;
}

void ae_rd_piece(ae_ctx *c, ae_rd *r, const char *s, size_t len, int unknown)
{
    rd_add(c, r, s, len, unknown, 0);
}

void ae_rd_text(ae_ctx *c, ae_rd *r, const char *s, size_t len)
{
    if (len)
        rd_add(c, r, s, len, 0, 1);
}

void ae_rd_unknown(ae_ctx *c, ae_rd *r, const tg_value *v, const ae_node *n)
{
    if (!r->reason)
        r->reason = v->u.reason ? v->u.reason : "is not known";
    size_t np = 0;
    const ae_piece *p = ae_rd_lookup(c, v, &np);
    if (p) {
        for (size_t i = 0; i < np; i++)
            rd_add(c, r, p[i].s, p[i].len, p[i].unknown, 0);
        return;
    }
    const char *e = v->expr ? v->expr : ae_node_text(c, n);
    rd_add(c, r, e, strlen(e), 1, 0);
}

int ae_rd_value(ae_ctx *c, ae_rd *r, const tg_value *v, const ae_node *n, const ae_node *call)
{
    char buf[40];
    switch (v->kind) {
    case TG_V_STRING:
        ae_rd_text(c, r, v->u.str.s, v->u.str.len);
        break;
    case TG_V_NUMBER:
        ae_num_text(v->u.number, buf);
        ae_rd_text(c, r, buf, strlen(buf));
        break;
    case TG_V_BOOL:
        ae_rd_text(c, r, v->u.boolean ? "True" : "False", v->u.boolean ? 4 : 5);
        break;
    case TG_V_NULL:
        break;
    case TG_V_UNKNOWN:
        ae_rd_unknown(c, r, v, n);
        break;
    default:
        ae_fail_fn(c, call, "cannot put %s into a string",
                   v->kind == TG_V_ARRAY ? "an array" : "an object");
        r->failed = 1;
        return TG_ERR;
    }
    return r->failed ? TG_ERR : TG_OK;
}

tg_value *ae_rd_finish(ae_ctx *c, ae_rd *r)
{
    if (r->failed)
        return NULL;
    int unknown = 0;
    for (size_t i = 0; i < r->n; i++)
        unknown |= r->p[i].unknown;
    if (ae_room(c, r->total) != TG_OK)
        return NULL;
    char *s = tg_arena_alloc(c->a, r->total + 1);
    size_t o = 0;
    for (size_t i = 0; i < r->n; i++) {
        memcpy(s + o, r->p[i].s, r->p[i].len);
        o += r->p[i].len;
    }
    s[o] = '\0';
    c->bytes += o;
    tg_value *v;
    if (!unknown) {
        v = ae_new(c, TG_V_STRING);
        v->u.str.s = s;
        v->u.str.len = o;
        return v;
    }
    v = ae_new(c, TG_V_UNKNOWN);
    v->u.reason = r->reason;
    v->expr = s;
    if (c->rd)
        rd_insert(c->rd, v, r->p, r->n);
    return v;
}

/* ---- value helpers ---- */

int ae_is_int(double d)
{
    return d == floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

void ae_num_text(double d, char buf[40])
{
    if (ae_is_int(d)) {
        snprintf(buf, 40, "%lld", (long long)d);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, 40, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

static void json_string(tg_sb *b, const char *s, size_t len)
{
    tg_sb_addc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        const char *esc = NULL;
        char u[8];
        switch (ch) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            if (ch < 0x20) {
                snprintf(u, sizeof u, "\\u%04x", ch);
                esc = u;
            }
        }
        if (esc) {
            tg_sb_add(b, s + i - run, run);
            run = 0;
            tg_sb_adds(b, esc);
        } else {
            run++;
        }
    }
    tg_sb_add(b, s + len - run, run);
    tg_sb_addc(b, '"');
}

int ae_json(ae_ctx *c, tg_sb *b, const tg_value *v, int depth)
{
    if (depth > AE_MAX_VALUE_DEPTH) {
        ae_fail(c, "a value is nested more than %d levels deep", AE_MAX_VALUE_DEPTH);
        return TG_ERR;
    }
    if (b->len > TG_ARMEVAL_MAX_STRING)
        return ae_room(c, b->len);
    char buf[40];
    switch (v->kind) {
    case TG_V_NULL:
        tg_sb_adds(b, "null");
        break;
    case TG_V_BOOL:
        tg_sb_adds(b, v->u.boolean ? "true" : "false");
        break;
    case TG_V_NUMBER:
        ae_num_text(v->u.number, buf);
        tg_sb_adds(b, buf);
        break;
    case TG_V_STRING:
        if (ae_room(c, b->len + v->u.str.len) != TG_OK)
            return TG_ERR;
        json_string(b, v->u.str.s, v->u.str.len);
        break;
    case TG_V_ARRAY:
    case TG_V_OBJECT:
        tg_sb_addc(b, v->kind == TG_V_ARRAY ? '[' : '{');
        for (size_t i = 0; i < v->u.coll.n; i++) {
            if (ae_charge(c, 1) != TG_OK)
                return TG_ERR;
            if (i)
                tg_sb_addc(b, ',');
            if (v->kind == TG_V_OBJECT) {
                json_string(b, v->u.coll.keys[i], strlen(v->u.coll.keys[i]));
                tg_sb_addc(b, ':');
            }
            if (ae_json(c, b, v->u.coll.items[i], depth + 1) != TG_OK)
                return TG_ERR;
        }
        tg_sb_addc(b, v->kind == TG_V_ARRAY ? ']' : '}');
        break;
    default:
        ae_fail(c, "a value that %s cannot be written as JSON",
                v->u.reason ? v->u.reason : "is not known");
        return TG_ERR;
    }
    return TG_OK;
}

static int fold(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

int ae_strcmp_culture(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        int x = fold((unsigned char)a[i]), y = fold((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (alen != blen)
        return alen < blen ? -1 : 1;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) /* same letter, other case: lower case first */
            return (a[i] >= 'a' && a[i] <= 'z') ? -1 : 1;
    return 0;
}

size_t ae_u16_len(const char *s, size_t len)
{
    size_t u = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch & 0xC0) != 0x80)
            u += ch >= 0xF0 ? 2 : 1;
    }
    return u;
}

long ae_u16_offset(const char *s, size_t len, size_t u)
{
    size_t i = 0, at = 0;
    while (at < u && i < len) {
        unsigned char ch = (unsigned char)s[i];
        at += ch >= 0xF0 ? 2 : 1;
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    if (at != u)
        return -1;
    return (long)i;
}

/* ---- evaluation ---- */

tg_value *ae_lambda_var(ae_ctx *c, const char *name)
{
    for (int exact = 1; exact >= 0; exact--)
        for (ae_scope *s = c->scope; s; s = s->up)
            for (size_t i = 0; i < s->n; i++)
                if (exact ? strcmp(s->names[i], name) == 0 : tg_text_ieq(s->names[i], name))
                    return s->values[i];
    return NULL;
}

const char *ae_an(const tg_value *v)
{
    switch (v->kind) {
    case TG_V_NULL:
        return "null";
    case TG_V_BOOL:
        return "a boolean";
    case TG_V_NUMBER:
        return "a number";
    case TG_V_STRING:
        return "a string";
    case TG_V_ARRAY:
        return "an array";
    case TG_V_OBJECT:
        return "an object";
    default:
        return "an unknown value";
    }
}

static tg_value *eval_member(ae_ctx *c, const ae_node *n)
{
    tg_value *base = ae_eval(c, n->target);
    if (!base)
        return NULL;
    if (base->kind == TG_V_UNKNOWN)
        return ae_unknown_at(c, n, base);
    if (base->kind == TG_V_NULL && n->optional)
        return base;
    if (base->kind != TG_V_OBJECT)
        return ae_fail(c, "cannot read property '%s' of %s", n->s, ae_an(base));
    tg_value *v = tg_value_get(base, n->s);
    if (v)
        return ae_named(c, v, n);
    if (n->optional)
        return ae_null(c);
    tg_sb keys = {0};
    for (size_t i = 0; i < base->u.coll.n && i < 12; i++) {
        tg_sb_adds(&keys, i ? ", " : "");
        tg_sb_adds(&keys, base->u.coll.keys[i]);
    }
    if (base->u.coll.n > 12)
        tg_sb_adds(&keys, ", ...");
    ae_fail(c, "the object has no member '%s' (its members: %s)", n->s, keys.s ? keys.s : "none");
    tg_sb_free(&keys);
    return NULL;
}

static tg_value *eval_index(ae_ctx *c, const ae_node *n)
{
    tg_value *base = ae_eval(c, n->target);
    if (!base)
        return NULL;
    tg_value *idx = ae_eval(c, n->args[0]);
    if (!idx)
        return NULL;
    if (base->kind == TG_V_UNKNOWN)
        return ae_unknown_at(c, n, base);
    if (idx->kind == TG_V_UNKNOWN)
        return ae_unknown_at(c, n, idx);
    if (base->kind == TG_V_ARRAY) {
        if (idx->kind != TG_V_NUMBER || !ae_is_int(idx->u.number))
            return ae_fail(c, "an array index must be an integer, not %s", ae_an(idx));
        double i = idx->u.number;
        if (i < 0 || i >= (double)base->u.coll.n)
            return ae_fail(c, "index %lld is out of range (the array has %zu elements)",
                           (long long)i, base->u.coll.n);
        return ae_named(c, base->u.coll.items[(size_t)i], n);
    }
    if (base->kind == TG_V_OBJECT) {
        if (idx->kind != TG_V_STRING)
            return ae_fail(c, "an object member name must be a string, not %s", ae_an(idx));
        tg_value *v = tg_value_get(base, idx->u.str.s);
        if (!v)
            return ae_fail(c, "the object has no member '%s'", idx->u.str.s);
        return ae_named(c, v, n);
    }
    return ae_fail(c, "cannot index %s", ae_an(base));
}

static tg_value *eval_call(ae_ctx *c, const ae_node *n)
{
    const ae_func *fn = n->fn;
    tg_value *local[8];
    tg_value **argv = n->nargs <= 8 ? local : tg_arena_alloc(c->a, n->nargs * sizeof *argv);
    if (fn) {
        int over = fn->max >= 0 && n->nargs > (size_t)fn->max;
        if (n->nargs < (size_t)fn->min || over) {
            if (fn->min == fn->max)
                return ae_fail_fn(c, n, "takes %d argument%s, not %zu", fn->min,
                                  fn->min == 1 ? "" : "s", n->nargs);
            if (over)
                return ae_fail_fn(c, n, "takes at most %d arguments, not %zu", fn->max, n->nargs);
            return ae_fail_fn(c, n, "takes at least %d argument%s, not %zu", fn->min,
                              fn->min == 1 ? "" : "s", n->nargs);
        }
        if (fn->flags & AE_UNEVALUATED) {
            tg_value *v = ae_new(c, TG_V_UNKNOWN);
            v->u.reason = tg_arena_printf(c->a,
                                          "comes from %s(), which this version of transguard "
                                          "does not evaluate",
                                          fn->name);
            v->expr = ae_node_text(c, n);
            return v;
        }
        if (fn->flags & AE_LAZY)
            return fn->impl(c, n, NULL, n->nargs);
    }
    for (size_t i = 0; i < n->nargs; i++) {
        argv[i] = ae_eval(c, n->args[i]);
        if (!argv[i])
            return NULL;
    }
    if (!fn)
        return ae_call_udf(c, n, argv, n->nargs);
    if (fn->flags & AE_RUNTIME)
        return ae_runtime(c, n);
    if (!(fn->flags & AE_UNKNOWN_OK)) {
        tg_value *u = ae_first_unknown(argv, n->nargs);
        if (u)
            return ae_unknown_at(c, n, u);
    }
    return fn->impl(c, n, argv, n->nargs);
}

tg_value *ae_eval(ae_ctx *c, const ae_node *n)
{
    if (c->depth >= AE_MAX_EVAL_DEPTH)
        return ae_fail(c, "nested more than %d levels deep", AE_MAX_EVAL_DEPTH);
    if (ae_charge(c, 1) != TG_OK)
        return NULL;
    if (tg_arena_used(c->a) - c->arena0 > AE_MAX_ARENA)
        return ae_fail(c, "the expression needs more than %zu bytes of memory", AE_MAX_ARENA);
    if (n->lit)
        return n->lit;
    c->depth++;
    tg_value *r = NULL;
    switch (n->kind) {
    case AE_STR:
        r = ((ae_node *)n)->lit = ae_str(c, n->s, n->len);
        break;
    case AE_NUM:
        r = ((ae_node *)n)->lit = ae_num(c, n->num);
        break;
    case AE_BOOL:
        r = ((ae_node *)n)->lit = ae_bool(c, n->boolean);
        break;
    case AE_NULL:
        r = ((ae_node *)n)->lit = ae_null(c);
        break;
    case AE_CALL:
        r = eval_call(c, n);
        break;
    case AE_MEMBER:
        r = eval_member(c, n);
        break;
    case AE_INDEX:
        r = eval_index(c, n);
        break;
    }
    c->depth--;
    return r;
}

/* Character count (UTF-8 lead bytes) of text[0..off), plus one. */
static size_t char_at(const char *text, size_t off)
{
    size_t n = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Parses and evaluates one expression text in c (messages name it and its position). */
static tg_value *eval_text(ae_ctx *c, const char *text, size_t len, int line, int col)
{
    const char *otext = c->text;
    size_t olen = c->len;
    int oline = c->line, ocol = c->col;
    c->text = text;
    c->len = len;
    c->line = line;
    c->col = col;
    tg_value *r = NULL;
    if (len > TG_ARMEVAL_MAX_EXPR) {
        tg_error_set(c->err, NULL, line, col, "invalid expression [%s]: longer than %d characters",
                     shown(c), TG_ARMEVAL_MAX_EXPR);
    } else {
        const char *msg = NULL;
        size_t at = 0;
        ae_node *root =
            ae_charge(c, len / 8) == TG_OK ? ae_parse(c->a, text, len, &msg, &at) : NULL;
        if (!root && msg)
            tg_error_set(c->err, NULL, line, col, "invalid expression [%s]: %s at character %zu",
                         shown(c), msg, char_at(text, at));
        else
            r = ae_eval(c, root);
    }
    c->text = otext;
    c->len = olen;
    c->line = oline;
    c->col = ocol;
    return r;
}

tg_value *ae_eval_template_value(ae_ctx *c, const tg_value *v, int depth)
{
    if (depth > AE_MAX_VALUE_DEPTH)
        return ae_fail(c, "a value is nested more than %d levels deep", AE_MAX_VALUE_DEPTH);
    if (v->kind == TG_V_STRING) {
        const char *s = v->u.str.s;
        size_t len = v->u.str.len;
        if (tg_arm_is_expression(s, len))
            return eval_text(c, s + 1, len - 2, v->line, v->col);
        if (len >= 2 && s[0] == '[' && s[1] == '[')
            return ae_str(c, s + 1, len - 1);
        return (tg_value *)v;
    }
    if (v->kind != TG_V_ARRAY && v->kind != TG_V_OBJECT)
        return (tg_value *)v;
    tg_value *r = ae_new(c, v->kind);
    for (size_t i = 0; i < v->u.coll.n; i++) {
        tg_value *item = ae_eval_template_value(c, v->u.coll.items[i], depth + 1);
        if (!item)
            return NULL;
        if (v->kind == TG_V_ARRAY ? ae_push(c, r, item) != TG_OK
                                  : ae_put(c, r, v->u.coll.keys[i], item) != TG_OK)
            return NULL;
    }
    return r;
}

/* ---- user-defined functions ---- */

typedef struct udf_frame {
    const tg_arm_host *parent;
    const char *fname;
    const char **names;
    tg_value **values;
    size_t n;
} udf_frame;

static tg_value *udf_parameter(void *ud, const char *name, tg_error *err)
{
    udf_frame *f = ud;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0)
            return f->values[i];
    for (size_t i = 0; i < f->n; i++)
        if (tg_text_ieq(f->names[i], name))
            return f->values[i];
    tg_error_set(err, NULL, 0, 0, "the user-defined function %s has no parameter '%s'", f->fname,
                 name);
    return NULL;
}

static tg_value *udf_variable(void *ud, const char *name, tg_error *err)
{
    udf_frame *f = ud;
    tg_error_set(err, NULL, 0, 0, "the user-defined function %s cannot use variables ('%s')",
                 f->fname, name);
    return NULL;
}

static int udf_copy_index(void *ud, const char *loop, long *out, tg_error *err)
{
    udf_frame *f = ud;
    tg_error_set(err, NULL, 0, 0, "the user-defined function %s cannot use copyIndex()", f->fname);
    return -1;
}

static tg_value *udf_reference(void *ud, const tg_value *target, int full, tg_error *err)
{
    udf_frame *f = ud;
    tg_error_set(err, NULL, 0, 0, "the user-defined function %s cannot use reference()", f->fname);
    return NULL;
}

static tg_value *udf_context(void *ud, const char *which)
{
    udf_frame *f = ud;
    return f->parent->context ? f->parent->context(f->parent->ud, which) : NULL;
}

static const tg_value *udf_user_function(void *ud, const char *name)
{
    udf_frame *f = ud;
    return f->parent->user_function ? f->parent->user_function(f->parent->ud, name) : NULL;
}

tg_value *ae_call_udf(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc)
{
    const tg_value *def = c->h->user_function ? c->h->user_function(c->h->ud, call->s) : NULL;
    if (!def || def->kind != TG_V_OBJECT)
        return ae_fail(c, "unknown function '%s' (the template defines no such function)", call->s);
    const tg_value *params = tg_value_get(def, "parameters");
    const tg_value *body = tg_value_get(tg_value_get(def, "output"), "value");
    if (!body)
        return ae_fail(c, "the user-defined function %s has no output value", call->s);
    size_t np = params && params->kind == TG_V_ARRAY ? params->u.coll.n : 0;
    if (np != argc)
        return ae_fail(c, "%s() takes %zu argument%s, not %zu", call->s, np, np == 1 ? "" : "s",
                       argc);
    if (c->udf_depth >= AE_MAX_UDF_DEPTH)
        return ae_fail(c, "user-defined functions call each other more than %d levels deep",
                       AE_MAX_UDF_DEPTH);
    udf_frame f = {c->h, call->s, NULL, NULL, argc};
    f.names = tg_arena_alloc(c->a, (argc + 1) * sizeof *f.names);
    f.values = tg_arena_alloc(c->a, (argc + 1) * sizeof *f.values);
    for (size_t i = 0; i < argc; i++) {
        const tg_value *name = tg_value_get(params->u.coll.items[i], "name");
        if (!name || name->kind != TG_V_STRING)
            return ae_fail(c, "parameter %zu of the user-defined function %s has no name", i + 1,
                           call->s);
        f.names[i] = name->u.str.s;
        f.values[i] = ae_named(c, argv[i], call->args[i]);
    }
    tg_arm_host derived = {
        &f,          udf_parameter,    udf_variable, udf_copy_index, udf_reference,
        udf_context, udf_user_function};
    const tg_arm_host *oh = c->h;
    ae_scope *oscope = c->scope;
    c->h = &derived;
    c->scope = NULL;
    c->udf_depth++;
    tg_value *r = ae_eval_template_value(c, body, 0);
    c->udf_depth--;
    c->h = oh;
    c->scope = oscope;
    if (r && r->kind == TG_V_UNKNOWN)
        r = ae_unknown_at(c, call, r);
    return r;
}

/* ---- public ---- */

int tg_arm_is_expression(const char *s, size_t len)
{
    return len >= 2 && s[0] == '[' && s[1] != '[' && s[len - 1] == ']';
}

tg_value *tg_arm_eval_string(tg_arena *a, const tg_arm_host *h, const char *s, size_t len, int line,
                             int col, tg_error *err)
{
    static const tg_arm_host none = {0};
    ae_rdmap map = {0};
    ae_ctx c = {0};
    c.a = a;
    c.h = h ? h : &none;
    c.err = err;
    c.rd = &map;
    c.line = line;
    c.col = col;
    c.text = s;
    c.len = len;
    c.arena0 = tg_arena_used(a);
    tg_value *r;
    if (!tg_arm_is_expression(s, len)) {
        /* a literal, however long: "[[x" is "[x" */
        int esc = len >= 2 && s[0] == '[' && s[1] == '[';
        r = tg_value_string(a, s + esc, len - (size_t)esc);
    } else {
        r = eval_text(&c, s + 1, len - 2, line, col);
    }
    if (r) {
        r = ae_copy(&c, r);
        r->line = line;
        r->col = col;
        r->kline = r->kcol = 0;
        if (r->kind == TG_V_UNKNOWN && !r->expr) {
            ae_node whole = {0};
            whole.at = s + 1;
            whole.span = len - 2;
            r->expr = ae_node_text(&c, &whole);
        }
    }
    free(map.e);
    return r;
}
