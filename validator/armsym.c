/* armsym.c — a small recursive-descent reader of the ARM expression syntax that renders
 * what it can and keeps the rest as text (see armsym.h). Anything it does not
 * understand becomes one symbolic part, never an error: the full evaluator reports
 * malformed expressions. */
#include "armsym.h"
#include "text.h"

#include <ctype.h>
#include <string.h>

#define SYM_MAX_DEPTH 64

typedef struct sym {
    tg_sb out;
    int literal;
} sym;

typedef struct parser {
    const char *s;
    size_t i, n;
    int depth;
    int bad;
} parser;

static void skip_ws(parser *p)
{
    while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
        p->i++;
}

/* Appends the source text of [from, to) without whitespace outside string literals. */
static void add_text(tg_sb *b, const char *s, size_t from, size_t to)
{
    int in_str = 0;
    for (size_t k = from; k < to; k++) {
        char c = s[k];
        if (c == '\'')
            in_str = !in_str;
        if (!in_str && isspace((unsigned char)c))
            continue;
        tg_sb_addc(b, c);
    }
}

static void parse_expr(parser *p, sym *out);

static void symbolic(parser *p, sym *out, size_t from)
{
    tg_sb_addc(&out->out, '{');
    add_text(&out->out, p->s, from, p->i);
    tg_sb_addc(&out->out, '}');
    out->literal = 0;
}

static void parse_string(parser *p, tg_sb *b)
{
    p->i++; /* opening quote */
    while (p->i < p->n) {
        char c = p->s[p->i++];
        if (c == '\'') {
            if (p->i < p->n && p->s[p->i] == '\'') {
                tg_sb_addc(b, '\'');
                p->i++;
                continue;
            }
            return;
        }
        tg_sb_addc(b, c);
    }
    p->bad = 1;
}

/* Skips one balanced argument list "(...)" starting at '('; used for calls we only
 * keep as text. */
static void skip_group(parser *p, char open, char close)
{
    int level = 0;
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c == '\'') {
            tg_sb tmp = {0};
            parse_string(p, &tmp);
            tg_sb_free(&tmp);
            continue;
        }
        p->i++;
        if (c == open)
            level++;
        else if (c == close && --level == 0)
            return;
    }
    p->bad = 1;
}

typedef struct args {
    sym items[16];
    size_t n;
} args;

static void args_free(args *a)
{
    for (size_t k = 0; k < a->n; k++)
        tg_sb_free(&a->items[k].out);
}

/* Parses "(a, b, ...)" into rendered arguments; returns 0 when there are too many. */
static int parse_args(parser *p, args *a)
{
    p->i++; /* ( */
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ')') {
        p->i++;
        return 1;
    }
    while (p->i < p->n && !p->bad) {
        if (a->n == sizeof a->items / sizeof a->items[0])
            return 0;
        sym *s = &a->items[a->n++];
        s->literal = 1;
        parse_expr(p, s);
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == ')') {
            p->i++;
            return 1;
        }
        p->bad = 1;
    }
    return 0;
}

static void render_format(const char *fmt, args *a, sym *out)
{
    for (const char *f = fmt; *f; f++) {
        if ((f[0] == '{' && f[1] == '{') || (f[0] == '}' && f[1] == '}')) {
            tg_sb_addc(&out->out, *f++);
            continue;
        }
        if (*f == '{' && isdigit((unsigned char)f[1])) {
            size_t idx = 0;
            const char *q = f + 1;
            while (isdigit((unsigned char)*q))
                idx = idx * 10 + (size_t)(*q++ - '0');
            while (*q && *q != '}')
                q++; /* alignment / format spec: kept out of the symbolic reading */
            if (*q == '}' && idx + 1 < a->n) {
                sym *arg = &a->items[idx + 1];
                tg_sb_adds(&out->out, arg->out.s ? arg->out.s : "");
                out->literal &= arg->literal;
                f = q;
                continue;
            }
        }
        tg_sb_addc(&out->out, *f);
    }
}

static void render_resource_id(args *a, sym *out)
{
    /* resourceId([subscriptionId], [resourceGroupName], type, name1, name2, ...): the
     * type is the first literal argument with a '/' in it. */
    size_t t = 0;
    while (t < a->n &&
           !(a->items[t].literal && a->items[t].out.s && strchr(a->items[t].out.s, '/')))
        t++;
    if (t == a->n) {
        out->literal = 0;
        tg_sb_adds(&out->out, "{resourceId(...)}");
        return;
    }
    /* the deployment's own subscription and group unless given before the type */
    const char *sub = TG_ARMSYM_SUBSCRIPTION, *rg = TG_ARMSYM_RESOURCE_GROUP;
    if (t >= 1) {
        rg = a->items[t - 1].out.s ? a->items[t - 1].out.s : "";
        out->literal &= a->items[t - 1].literal;
    }
    if (t >= 2) {
        sub = a->items[t - 2].out.s ? a->items[t - 2].out.s : "";
        out->literal &= a->items[t - 2].literal;
    }
    if (t < 2)
        out->literal = 0;
    tg_sb_printf(&out->out, "/subscriptions/%s/resourceGroups/%s/providers/", sub, rg);
    const char *type = a->items[t].out.s;
    const char *slash = strchr(type, '/');
    tg_sb_add(&out->out, type, (size_t)(slash - type)); /* namespace */
    const char *seg = slash + 1;
    size_t name = t + 1;
    while (*seg) {
        size_t len = strcspn(seg, "/");
        tg_sb_addc(&out->out, '/');
        tg_sb_add(&out->out, seg, len);
        tg_sb_addc(&out->out, '/');
        if (name < a->n) {
            tg_sb_adds(&out->out, a->items[name].out.s ? a->items[name].out.s : "");
            out->literal &= a->items[name].literal;
            name++;
        } else {
            tg_sb_adds(&out->out, "{missing name}");
            out->literal = 0;
        }
        seg += len;
        if (*seg == '/')
            seg++;
    }
}

static void parse_call(parser *p, sym *out, size_t from, const char *fname, size_t flen)
{
    args a = {0};
    size_t before = p->i;
    int ok = parse_args(p, &a);
    int known = ok && !p->bad;
    if (known && flen == 6 && tg_text_ieqn(fname, "concat", 6)) {
        for (size_t k = 0; k < a.n; k++) {
            tg_sb_adds(&out->out, a.items[k].out.s ? a.items[k].out.s : "");
            out->literal &= a.items[k].literal;
        }
    } else if (known && flen == 6 && tg_text_ieqn(fname, "format", 6) && a.n >= 1 &&
               a.items[0].literal) {
        render_format(a.items[0].out.s ? a.items[0].out.s : "", &a, out);
    } else if (known && flen == 10 && tg_text_ieqn(fname, "resourceId", 10)) {
        render_resource_id(&a, out);
    } else if (known && flen == 7 && a.n == 1 && a.items[0].literal &&
               (tg_text_ieqn(fname, "toLower", 7) || tg_text_ieqn(fname, "toUpper", 7))) {
        int up = tg_text_ieqn(fname, "toUpper", 7);
        for (const char *c = a.items[0].out.s ? a.items[0].out.s : ""; *c; c++)
            tg_sb_addc(&out->out,
                       (char)(up ? toupper((unsigned char)*c) : tolower((unsigned char)*c)));
    } else {
        if (!ok) {
            p->i = before;
            skip_group(p, '(', ')');
        }
        symbolic(p, out, from);
    }
    args_free(&a);
}

static void parse_expr(parser *p, sym *out)
{
    skip_ws(p);
    size_t from = p->i;
    if (++p->depth > SYM_MAX_DEPTH || p->i >= p->n) {
        p->bad = 1;
        p->depth--;
        return;
    }
    char c = p->s[p->i];
    if (c == '\'') {
        parse_string(p, &out->out);
    } else if (isalpha((unsigned char)c) || c == '_') {
        size_t start = p->i;
        while (p->i < p->n &&
               (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_' || p->s[p->i] == '.'))
            p->i++;
        size_t flen = p->i - start;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == '(')
            parse_call(p, out, from, p->s + start, flen);
        else
            symbolic(p, out, from);
    } else if (isdigit((unsigned char)c) || c == '-') {
        p->i++;
        while (p->i < p->n && (isdigit((unsigned char)p->s[p->i]) || p->s[p->i] == '.'))
            p->i++;
        add_text(&out->out, p->s, from, p->i);
    } else {
        p->bad = 1;
    }
    /* property access or indexing turns the whole thing symbolic */
    skip_ws(p);
    if (!p->bad && p->i < p->n && (p->s[p->i] == '.' || p->s[p->i] == '[')) {
        while (!p->bad && p->i < p->n && (p->s[p->i] == '.' || p->s[p->i] == '[')) {
            if (p->s[p->i] == '[') {
                skip_group(p, '[', ']');
            } else {
                p->i++;
                while (p->i < p->n && (isalnum((unsigned char)p->s[p->i]) || p->s[p->i] == '_'))
                    p->i++;
            }
            skip_ws(p);
        }
        out->out.len = 0;
        if (out->out.s)
            out->out.s[0] = '\0';
        symbolic(p, out, from);
    }
    p->depth--;
}

const char *tg_armsym_render(tg_arena *a, const char *expr, int *literal)
{
    parser p = {expr, 0, strlen(expr), 0, 0};
    sym out = {{0}, 1};
    parse_expr(&p, &out);
    skip_ws(&p);
    const char *r;
    if (p.bad || p.i != p.n) {
        tg_sb whole = {0};
        tg_sb_addc(&whole, '{');
        add_text(&whole, expr, 0, strlen(expr));
        tg_sb_addc(&whole, '}');
        r = tg_arena_strdup(a, whole.s);
        tg_sb_free(&whole);
        out.literal = 0;
    } else {
        r = tg_arena_strdup(a, out.out.s ? out.out.s : "");
    }
    tg_sb_free(&out.out);
    if (literal)
        *literal = out.literal;
    return r;
}

int tg_armsym_is_expr(const char *s, size_t len)
{
    return len >= 2 && s[0] == '[' && s[1] != '[' && s[len - 1] == ']';
}
