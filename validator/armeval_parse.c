/* armeval_parse.c — the ARM expression syntax to a tree: 'strings' ('' is a quote),
 * integers (and decimals), bare true/false/null, calls name(args) and ns.name(args),
 * member access .name (.?name: null when absent) and indexing [expr], with whitespace
 * anywhere between tokens. Recursive descent bounded by TG_ARMEVAL_MAX_DEPTH, so any
 * nesting fails cleanly at the first level too deep. Unknown function names are
 * refused here, as Resource Manager refuses them before evaluating anything. */
#include "armeval_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    tg_arena *a;
    const char *s;
    size_t n, i;
    int depth;
    const char *msg;
    size_t at;
} parser;

static ae_node *fail(parser *p, size_t at, const char *msg)
{
    if (!p->msg) {
        p->msg = msg;
        p->at = at;
    }
    return NULL;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_ident(char c)
{
    return is_alpha(c) || is_digit(c);
}

static void skip_ws(parser *p)
{
    while (p->i < p->n && is_ws(p->s[p->i]))
        p->i++;
}

static ae_node *node(parser *p, ae_kind kind, size_t from)
{
    ae_node *nd = tg_arena_alloc(p->a, sizeof *nd);
    nd->kind = kind;
    nd->at = p->s + from;
    return nd;
}

static void finish(parser *p, ae_node *nd)
{
    nd->span = (size_t)(p->s + p->i - nd->at);
}

static const char *unexpected(parser *p)
{
    if (p->i >= p->n)
        return "unexpected end of expression";
    char c = p->s[p->i];
    if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7F)
        return "unexpected character";
    return tg_arena_printf(p->a, "unexpected '%c'", c);
}

static ae_node *parse_expr(parser *p);

static ae_node *parse_string(parser *p)
{
    size_t from = p->i;
    p->i++; /* opening quote */
    tg_sb b = {0};
    for (;;) {
        if (p->i >= p->n) {
            tg_sb_free(&b);
            return fail(p, from, "unterminated string literal");
        }
        char c = p->s[p->i++];
        if (c == '\'') {
            if (p->i < p->n && p->s[p->i] == '\'') {
                tg_sb_addc(&b, '\'');
                p->i++;
                continue;
            }
            break;
        }
        tg_sb_addc(&b, c);
    }
    ae_node *nd = node(p, AE_STR, from);
    nd->len = b.len;
    nd->s = tg_arena_strndup(p->a, b.s ? b.s : "", b.len);
    tg_sb_free(&b);
    finish(p, nd);
    return nd;
}

static ae_node *parse_number(parser *p)
{
    size_t from = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->i >= p->n || !is_digit(p->s[p->i]))
        return fail(p, from, "expected a digit after '-'");
    while (p->i < p->n && is_digit(p->s[p->i]))
        p->i++;
    int decimal = 0;
    if (p->i + 1 < p->n && p->s[p->i] == '.' && is_digit(p->s[p->i + 1])) {
        decimal = 1;
        p->i++;
        while (p->i < p->n && is_digit(p->s[p->i]))
            p->i++;
    }
    if (p->i < p->n && is_alpha(p->s[p->i]))
        return fail(p, p->i, "unexpected letter in a number");
    size_t len = p->i - from;
    if (len > 400)
        return fail(p, from, "number too long");
    char buf[408];
    memcpy(buf, p->s + from, len);
    buf[len] = '\0';
    ae_node *nd = node(p, AE_NUM, from);
    errno = 0;
    if (decimal) {
        nd->num = strtod(buf, NULL);
    } else {
        long long v = strtoll(buf, NULL, 10);
        if (errno == ERANGE)
            return fail(p, from, "integer out of the 64-bit range");
        nd->num = (double)v;
    }
    finish(p, nd);
    return nd;
}

/* "(" args ")" of a call node; p->i is at '('. */
static int parse_args(parser *p, ae_node *call)
{
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ')') {
        p->i++;
        return TG_OK;
    }
    size_t cap = 0;
    for (;;) {
        ae_node *arg = parse_expr(p);
        if (!arg)
            return TG_ERR;
        if (call->nargs == cap) {
            cap = cap ? cap * 2 : 4;
            ae_node **args = tg_arena_alloc(p->a, cap * sizeof *args);
            if (call->nargs)
                memcpy(args, call->args, call->nargs * sizeof *args);
            call->args = args;
        }
        call->args[call->nargs++] = arg;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == ')') {
            p->i++;
            return TG_OK;
        }
        fail(p, p->i, p->i >= p->n ? "missing ')'" : "expected ',' or ')'");
        return TG_ERR;
    }
}

static size_t ident(parser *p)
{
    size_t from = p->i;
    while (p->i < p->n && is_ident(p->s[p->i]))
        p->i++;
    return p->i - from;
}

static ae_node *parse_name(parser *p)
{
    size_t from = p->i;
    size_t len = ident(p);
    size_t after = p->i;
    skip_ws(p);
    size_t nslen = 0, mfrom = 0;
    if (p->i < p->n && p->s[p->i] == '.') {
        /* ns.name( is a user-defined function; anything else after a bare name is not
         * an expression */
        size_t save = p->i;
        p->i++;
        skip_ws(p);
        mfrom = p->i;
        size_t mlen = ident(p);
        skip_ws(p);
        if (mlen && p->i < p->n && p->s[p->i] == '(') {
            nslen = len;
            len = mlen;
        } else {
            p->i = save;
        }
    }
    if (!nslen && (p->i >= p->n || p->s[p->i] != '(')) {
        ae_node *lit = NULL;
        if (len == 4 && tg_text_ieqn(p->s + from, "true", 4)) {
            lit = node(p, AE_BOOL, from);
            lit->boolean = 1;
        } else if (len == 5 && tg_text_ieqn(p->s + from, "false", 5)) {
            lit = node(p, AE_BOOL, from);
        } else if (len == 4 && tg_text_ieqn(p->s + from, "null", 4)) {
            lit = node(p, AE_NULL, from);
        }
        if (!lit)
            return fail(p, from,
                        tg_arena_printf(p->a, "'%.*s' is not a function call",
                                        (int)(len > 60 ? 60 : len), p->s + from));
        p->i = after;
        finish(p, lit);
        return lit;
    }
    ae_node *call = node(p, AE_CALL, from);
    if (nslen) {
        /* the qualified name "ns.name" without the whitespace around the dot */
        call->s =
            tg_arena_printf(p->a, "%.*s.%.*s", (int)nslen, p->s + from, (int)len, p->s + mfrom);
        call->len = strlen(call->s);
    } else {
        call->s = tg_arena_strndup(p->a, p->s + from, len);
        call->len = len;
        call->fn = ae_func_lookup(call->s, len);
        if (!call->fn)
            return fail(p, from,
                        tg_arena_printf(p->a, "unknown function '%.*s'", (int)(len > 60 ? 60 : len),
                                        p->s + from));
    }
    if (parse_args(p, call) != TG_OK)
        return NULL;
    finish(p, call);
    return call;
}

static ae_node *parse_primary(parser *p)
{
    skip_ws(p);
    if (p->i >= p->n)
        return fail(p, p->i, "unexpected end of expression");
    char c = p->s[p->i];
    if (c == '\'')
        return parse_string(p);
    if (is_digit(c) || c == '-')
        return parse_number(p);
    if (is_alpha(c))
        return parse_name(p);
    return fail(p, p->i, unexpected(p));
}

static ae_node *parse_expr(parser *p)
{
    int entry = p->depth;
    if (++p->depth > TG_ARMEVAL_MAX_DEPTH)
        return fail(p, p->i, "nested too deeply");
    ae_node *e = parse_primary(p);
    if (!e)
        return NULL;
    for (;;) {
        skip_ws(p);
        if (p->i >= p->n || (p->s[p->i] != '.' && p->s[p->i] != '['))
            break;
        /* each property access or index nests one level deeper when evaluated */
        if (++p->depth > TG_ARMEVAL_MAX_DEPTH)
            return fail(p, p->i, "nested too deeply");
        ae_node *post;
        if (p->s[p->i] == '.') {
            p->i++;
            skip_ws(p);
            int optional = 0;
            if (p->i < p->n && p->s[p->i] == '?') {
                optional = 1;
                p->i++;
                skip_ws(p);
            }
            size_t from = p->i;
            size_t len = ident(p);
            if (!len)
                return fail(p, p->i, "expected a property name after '.'");
            post = node(p, AE_MEMBER, 0);
            post->s = tg_arena_strndup(p->a, p->s + from, len);
            post->len = len;
            post->optional = optional;
        } else {
            p->i++;
            ae_node *idx = parse_expr(p);
            if (!idx)
                return NULL;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ']')
                return fail(p, p->i, p->i >= p->n ? "missing ']'" : "expected ']'");
            p->i++;
            post = node(p, AE_INDEX, 0);
            post->args = tg_arena_alloc(p->a, sizeof *post->args);
            post->args[0] = idx;
            post->nargs = 1;
        }
        post->at = e->at;
        post->target = e;
        finish(p, post);
        e = post;
    }
    p->depth = entry;
    return e;
}

ae_node *ae_parse(tg_arena *a, const char *text, size_t len, const char **msg, size_t *at)
{
    parser p = {a, text, len, 0, 0, NULL, 0};
    ae_node *root = parse_expr(&p);
    if (root) {
        skip_ws(&p);
        if (p.i < p.n)
            root = fail(&p, p.i,
                        p.s[p.i] == ')' || p.s[p.i] == ']'
                            ? tg_arena_printf(a, "unbalanced '%c'", p.s[p.i])
                            : tg_arena_printf(a, "%s after the expression", unexpected(&p)));
    }
    if (!root) {
        *msg = p.msg ? p.msg : "invalid expression";
        *at = p.at;
    }
    return root;
}
