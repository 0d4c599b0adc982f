/* config.c — reads .transguard.yaml with libyaml's event parser into a small tree, then
 * checks it against the schema. Building the tree ourselves is what bounds aliases: an
 * alias adds the size of the node it names to a running total, so a "billion laughs"
 * file is refused after TG_CONFIG_MAX_NODES instead of being walked. */
#include "config.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define MAX_DEPTH 64
#define MAX_FILE_BYTES (1024 * 1024)

/* ---- the tree --------------------------------------------------------------------- */

typedef enum { N_SCALAR, N_SEQ, N_MAP } nkind;

typedef struct node {
    nkind kind;
    char *val;          /* scalar */
    int plain;          /* plain (unquoted) scalar */
    struct node **kids; /* mapping: key, value, key, value... */
    size_t n, cap;
    int line, col;
    size_t weight; /* nodes in the subtree, aliases expanded */
} node;

typedef struct anchor {
    char *name;
    node *n;
} anchor;

typedef struct loader {
    yaml_parser_t p;
    const char *display;
    node **all;
    size_t nall, capall;
    anchor *anchors;
    size_t nanchors, capanchors;
    size_t total, aliases;
    tg_error *err;
} loader;

static int fail_at(tg_error *err, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail_at(tg_error *err, const char *file, int line, int col, const char *fmt, ...)
{
    char buf[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return tg_error_set(err, file, line, col, "%s", buf);
}

static node *new_node(loader *ld, nkind k, yaml_mark_t mk)
{
    if (ld->nall == ld->capall) {
        ld->capall = ld->capall ? ld->capall * 2 : 32;
        ld->all = tg_xrealloc(ld->all, ld->capall * sizeof *ld->all);
    }
    node *n = tg_xcalloc(1, sizeof *n);
    n->kind = k;
    n->line = (int)mk.line + 1;
    n->col = (int)mk.column + 1;
    n->weight = 1;
    ld->all[ld->nall++] = n;
    return n;
}

static void add_kid(node *p, node *k)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->kids = tg_xrealloc(p->kids, p->cap * sizeof *p->kids);
    }
    p->kids[p->n++] = k;
    p->weight += k->weight;
}

static int yaml_problem(loader *ld)
{
    const yaml_parser_t *p = &ld->p;
    const char *what = p->problem ? p->problem : "not valid YAML";
    if (p->context)
        return fail_at(ld->err, ld->display, (int)p->problem_mark.line + 1,
                       (int)p->problem_mark.column + 1, "invalid YAML: %s %s", p->context, what);
    return fail_at(ld->err, ld->display, (int)p->problem_mark.line + 1,
                   (int)p->problem_mark.column + 1, "invalid YAML: %s", what);
}

static int next_event(loader *ld, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&ld->p, ev))
        return yaml_problem(ld);
    return TG_OK;
}

static int count_node(loader *ld, size_t weight, yaml_mark_t mk)
{
    ld->total += weight;
    if (ld->total > TG_CONFIG_MAX_NODES)
        return fail_at(ld->err, ld->display, (int)mk.line + 1, (int)mk.column + 1,
                       "the configuration expands to more than %d values (aliases?)",
                       TG_CONFIG_MAX_NODES);
    return TG_OK;
}

static void remember(loader *ld, const yaml_char_t *name, node *n)
{
    if (!name)
        return;
    if (ld->nanchors == ld->capanchors) {
        ld->capanchors = ld->capanchors ? ld->capanchors * 2 : 8;
        ld->anchors = tg_xrealloc(ld->anchors, ld->capanchors * sizeof *ld->anchors);
    }
    ld->anchors[ld->nanchors++] = (anchor){tg_xstrdup((const char *)name), n};
}

/* Builds the node that starts with ev (consumed) into *out. */
static int load_node(loader *ld, yaml_event_t *ev, int depth, node **out)
{
    int rc = TG_OK;
    yaml_mark_t mk = ev->start_mark;
    if (depth > MAX_DEPTH) {
        yaml_event_delete(ev);
        return fail_at(ld->err, ld->display, (int)mk.line + 1, (int)mk.column + 1,
                       "the configuration is nested more than %d deep", MAX_DEPTH);
    }
    switch (ev->type) {
    case YAML_ALIAS_EVENT: {
        node *found = NULL;
        for (size_t i = ld->nanchors; i-- > 0 && !found;) /* the latest of that name */
            if (strcmp(ld->anchors[i].name, (const char *)ev->data.alias.anchor) == 0)
                found = ld->anchors[i].n;
        if (!found)
            rc = fail_at(ld->err, ld->display, (int)mk.line + 1, (int)mk.column + 1,
                         "alias *%s names no anchor before it", ev->data.alias.anchor);
        else if (++ld->aliases > TG_CONFIG_MAX_ALIASES)
            rc = fail_at(ld->err, ld->display, (int)mk.line + 1, (int)mk.column + 1,
                         "more than %d aliases", TG_CONFIG_MAX_ALIASES);
        else
            rc = count_node(ld, found->weight, mk);
        *out = found;
        break;
    }
    case YAML_SCALAR_EVENT: {
        node *n = new_node(ld, N_SCALAR, mk);
        n->val = tg_xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        if (strlen(n->val) != ev->data.scalar.length)
            rc = fail_at(ld->err, ld->display, n->line, n->col, "a NUL character in a value");
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (rc == TG_OK)
            rc = count_node(ld, 1, mk);
        remember(ld, ev->data.scalar.anchor, n);
        *out = n;
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int seq = ev->type == YAML_SEQUENCE_START_EVENT;
        node *n = new_node(ld, seq ? N_SEQ : N_MAP, mk);
        char *name = seq ? (ev->data.sequence_start.anchor
                                ? tg_xstrdup((const char *)ev->data.sequence_start.anchor)
                                : NULL)
                         : (ev->data.mapping_start.anchor
                                ? tg_xstrdup((const char *)ev->data.mapping_start.anchor)
                                : NULL);
        rc = count_node(ld, 1, mk);
        while (rc == TG_OK) {
            yaml_event_t kid;
            if ((rc = next_event(ld, &kid)) != TG_OK)
                break;
            if (kid.type == YAML_SEQUENCE_END_EVENT || kid.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&kid);
                break;
            }
            node *k = NULL;
            if ((rc = load_node(ld, &kid, depth + 1, &k)) == TG_OK)
                add_kid(n, k);
        }
        /* registered once complete, so an alias cannot name its own ancestor */
        remember(ld, (const yaml_char_t *)name, n);
        free(name);
        *out = n;
        break;
    }
    default:
        rc = fail_at(ld->err, ld->display, (int)mk.line + 1, (int)mk.column + 1,
                     "unexpected YAML event");
        break;
    }
    yaml_event_delete(ev);
    return rc;
}

/* The document's root, or NULL for an empty file. */
static int load_root(loader *ld, node **root)
{
    yaml_event_t ev;
    *root = NULL;
    int rc = next_event(ld, &ev); /* stream start */
    if (rc != TG_OK)
        return rc;
    yaml_event_delete(&ev);
    if ((rc = next_event(ld, &ev)) != TG_OK)
        return rc;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        return TG_OK;
    }
    yaml_event_delete(&ev); /* document start */
    if ((rc = next_event(ld, &ev)) != TG_OK)
        return rc;
    if ((rc = load_node(ld, &ev, 0, root)) != TG_OK)
        return rc;
    if ((rc = next_event(ld, &ev)) != TG_OK) /* document end */
        return rc;
    yaml_event_delete(&ev);
    if ((rc = next_event(ld, &ev)) != TG_OK)
        return rc;
    if (ev.type != YAML_STREAM_END_EVENT)
        rc = fail_at(ld->err, ld->display, (int)ev.start_mark.line + 1,
                     (int)ev.start_mark.column + 1,
                     "a second YAML document: the configuration is one document");
    yaml_event_delete(&ev);
    return rc;
}

/* ---- the schema ------------------------------------------------------------------- */

typedef struct walker {
    const char *display;
    const char *base_dir;
    tg_error *err;
    tg_config *c;
} walker;

static int is_null(const node *n)
{
    return n->kind == N_SCALAR && n->plain &&
           (n->val[0] == '\0' || strcmp(n->val, "~") == 0 || tg_text_ieq(n->val, "null"));
}

static const char *kind_name(const node *n)
{
    return n->kind == N_MAP ? "a mapping" : n->kind == N_SEQ ? "a list" : "a single value";
}

#define BAD(w, n, ...) fail_at((w)->err, (w)->display, (n)->line, (n)->col, __VA_ARGS__)

/* Checks that n is a mapping whose keys are unique and among allowed (NULL-ended). */
static int check_keys(walker *w, const node *n, const char *where, const char *const *allowed)
{
    if (n->kind != N_MAP)
        return BAD(w, n, "%s: expected a mapping, found %s", where, kind_name(n));
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const node *k = n->kids[i];
        if (k->kind != N_SCALAR)
            return BAD(w, k, "%s: a key must be a plain string", where);
        for (size_t j = 0; j < i; j += 2)
            if (strcmp(n->kids[j]->val, k->val) == 0)
                return BAD(w, k, "%s: duplicate key '%s'", where, k->val);
        if (!allowed)
            continue;
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            ok |= strcmp(*a, k->val) == 0;
        if (!ok) {
            char list[400] = "";
            for (const char *const *a = allowed; *a; a++) {
                if (a != allowed)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, *a, sizeof list - strlen(list) - 1);
            }
            return BAD(w, k, "%s: unknown key '%s' (allowed: %s)", where, k->val, list);
        }
    }
    return TG_OK;
}

static int get_string(walker *w, const node *n, const char *what, const char **out)
{
    if (n->kind != N_SCALAR || is_null(n))
        return BAD(w, n, "%s: expected a string, found %s", what,
                   n->kind == N_SCALAR ? "nothing" : kind_name(n));
    *out = n->val;
    return TG_OK;
}

static int get_severity(walker *w, const node *n, const char *what, tg_severity *out)
{
    const char *s;
    if (get_string(w, n, what, &s) != TG_OK)
        return TG_ERR;
    if (tg_severity_parse(s, out) != 0)
        return BAD(w, n, "%s: '%s' is not a severity (use critical, high, medium, low, info)", what,
                   s);
    return TG_OK;
}

static int get_bool(walker *w, const node *n, const char *what, int *out)
{
    if (n->kind == N_SCALAR && (tg_text_ieq(n->val, "true") || tg_text_ieq(n->val, "yes"))) {
        *out = 1;
        return TG_OK;
    }
    if (n->kind == N_SCALAR && (tg_text_ieq(n->val, "false") || tg_text_ieq(n->val, "no"))) {
        *out = 0;
        return TG_OK;
    }
    return BAD(w, n, "%s: expected true or false", what);
}

/* A glob that fnmatch would read differently from what was meant is refused. */
static const char *glob_problem(const char *g)
{
    if (!*g)
        return "it is empty";
    for (const char *p = g; *p; p++) {
        if (*p == '\\') {
            if (!p[1])
                return "it ends with a backslash";
            p++;
        } else if (*p == '[') {
            const char *q = p + 1;
            if (*q == '!' || *q == '^')
                q++;
            if (*q == ']')
                q++;
            while (*q && *q != ']')
                q++;
            if (!*q)
                return "a [ is never closed";
            p = q;
        }
    }
    return NULL;
}

static int get_list(walker *w, const node *n, const char *what, int globs, tg_config_list *out)
{
    if (is_null(n))
        return TG_OK;
    if (n->kind != N_SEQ)
        return BAD(w, n, "%s: expected a list, found %s", what, kind_name(n));
    out->items = tg_xcalloc(n->n ? n->n : 1, sizeof *out->items);
    for (size_t i = 0; i < n->n; i++) {
        const char *s;
        if (get_string(w, n->kids[i], what, &s) != TG_OK)
            return TG_ERR;
        const char *why = globs ? glob_problem(s) : NULL;
        if (why)
            return BAD(w, n->kids[i], "%s: bad glob '%s': %s", what, s, why);
        out->items[out->n++] = tg_xstrdup(s);
    }
    return TG_OK;
}

static int valid_date(const char *s)
{
    int y, mo, d;
    char extra;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &extra) != 3)
        return 0;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(mo == 2 && d == 29 && !leap);
}

static int read_rules(walker *w, const node *n)
{
    if (is_null(n))
        return TG_OK;
    if (check_keys(w, n, "rules", NULL) != TG_OK)
        return TG_ERR;
    tg_config *c = w->c;
    c->rules = tg_xcalloc(n->n / 2 + 1, sizeof *c->rules);
    static const char *const keys[] = {"enabled", "severity", NULL};
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const node *k = n->kids[i], *v = n->kids[i + 1];
        char where[300];
        snprintf(where, sizeof where, "rules.%s", k->val);
        tg_config_rule *r = &c->rules[c->nrules++];
        r->rule = tg_xstrdup(k->val);
        r->enabled = -1;
        r->line = k->line;
        r->col = k->col;
        if (check_keys(w, v, where, keys) != TG_OK)
            return TG_ERR;
        for (size_t j = 0; j + 1 < v->n; j += 2) {
            const char *key = v->kids[j]->val;
            const node *val = v->kids[j + 1];
            char what[340];
            snprintf(what, sizeof what, "%s.%s", where, key);
            if (strcmp(key, "enabled") == 0) {
                if (get_bool(w, val, what, &r->enabled) != TG_OK)
                    return TG_ERR;
            } else {
                if (get_severity(w, val, what, &r->severity) != TG_OK)
                    return TG_ERR;
                r->has_severity = 1;
            }
        }
    }
    return TG_OK;
}

static int read_settings(walker *w, const node *n)
{
    static const char *const keys[] = {"broadest_prefix", "allowed_locations", "allowed_skus",
                                       "required_tags", NULL};
    if (is_null(n))
        return TG_OK;
    if (check_keys(w, n, "settings", keys) != TG_OK)
        return TG_ERR;
    tg_config *c = w->c;
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const char *key = n->kids[i]->val;
        const node *v = n->kids[i + 1];
        int rc = TG_OK;
        if (strcmp(key, "broadest_prefix") == 0) {
            char *end = NULL;
            long p = v->kind == N_SCALAR && v->plain && v->val[0] >= '0' && v->val[0] <= '9'
                         ? strtol(v->val, &end, 10)
                         : -1;
            if (!end || *end || p < 0 || p > 32)
                return BAD(w, v, "settings.broadest_prefix: expected a number from 0 to 32");
            c->broadest_prefix = (int)p;
        } else if (strcmp(key, "allowed_locations") == 0) {
            rc = get_list(w, v, "settings.allowed_locations", 0, &c->allowed_locations);
        } else if (strcmp(key, "allowed_skus") == 0) {
            rc = get_list(w, v, "settings.allowed_skus", 0, &c->allowed_skus);
        } else {
            rc = get_list(w, v, "settings.required_tags", 0, &c->required_tags);
        }
        if (rc != TG_OK)
            return rc;
    }
    return TG_OK;
}

static int read_suppressions(walker *w, const node *n)
{
    static const char *const keys[] = {"rule", "address", "reason", "expires", NULL};
    if (is_null(n))
        return TG_OK;
    if (n->kind != N_SEQ)
        return BAD(w, n, "suppressions: expected a list, found %s", kind_name(n));
    tg_config *c = w->c;
    c->supp = tg_xcalloc(n->n ? n->n : 1, sizeof *c->supp);
    for (size_t i = 0; i < n->n; i++) {
        const node *m = n->kids[i];
        if (check_keys(w, m, "suppressions", keys) != TG_OK)
            return TG_ERR;
        tg_config_suppression *s = &c->supp[c->nsupp++];
        s->line = m->line;
        s->col = m->col;
        for (size_t j = 0; j + 1 < m->n; j += 2) {
            const char *key = m->kids[j]->val;
            const node *v = m->kids[j + 1];
            char what[64];
            snprintf(what, sizeof what, "suppressions: %s", key);
            const char *val;
            if (get_string(w, v, what, &val) != TG_OK)
                return TG_ERR;
            if (strcmp(key, "rule") == 0) {
                s->rule = tg_xstrdup(val);
            } else if (strcmp(key, "address") == 0) {
                s->address = tg_xstrdup(val);
            } else if (strcmp(key, "reason") == 0) {
                s->reason = tg_xstrdup(val);
            } else {
                if (!valid_date(val))
                    return BAD(w, v, "suppressions: expires: '%s' is not a date (YYYY-MM-DD)", val);
                s->expires = tg_xstrdup(val);
            }
        }
        if (!s->rule)
            return BAD(w, m, "suppressions: a suppression needs a 'rule'");
        if (!s->address)
            return BAD(w, m,
                       "suppressions: a suppression needs an 'address' (pattern; * and ? "
                       "are wildcards)");
        if (!s->reason)
            return BAD(w, m, "suppressions: a suppression needs a 'reason'");
    }
    return TG_OK;
}

static int read_policy_dirs(walker *w, const node *n)
{
    tg_config_list raw = {0};
    int rc = get_list(w, n, "policy_dirs", 0, &raw);
    tg_config *c = w->c;
    c->policy_dirs.items = tg_xcalloc(raw.n ? raw.n : 1, sizeof *c->policy_dirs.items);
    for (size_t i = 0; i < raw.n; i++) {
        const char *d = raw.items[i];
        char *full;
        if (d[0] == '/' || !w->base_dir || strcmp(w->base_dir, ".") == 0) {
            full = tg_xstrdup(d);
        } else {
            size_t len = strlen(w->base_dir) + strlen(d) + 2;
            full = tg_xmalloc(len);
            snprintf(full, len, "%s/%s", w->base_dir, d);
        }
        c->policy_dirs.items[c->policy_dirs.n++] = full;
        free(raw.items[i]);
    }
    free(raw.items);
    return rc;
}

static int read_config(walker *w, const node *root)
{
    static const char *const keys[] = {"rules",        "fail_on",     "unknown", "kinds",
                                       "settings",     "policy_dirs", "include", "exclude",
                                       "suppressions", NULL};
    if (!root || is_null(root))
        return TG_OK;
    if (check_keys(w, root, "the configuration", keys) != TG_OK)
        return TG_ERR;
    tg_config *c = w->c;
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const char *key = root->kids[i]->val;
        const node *v = root->kids[i + 1];
        int rc;
        if (strcmp(key, "rules") == 0) {
            rc = read_rules(w, v);
        } else if (strcmp(key, "fail_on") == 0) {
            rc = get_severity(w, v, "fail_on", &c->fail_on);
            c->has_fail_on = 1;
        } else if (strcmp(key, "unknown") == 0) {
            const char *s;
            rc = get_string(w, v, "unknown", &s);
            if (rc == TG_OK) {
                c->unknown = strcmp(s, "pass") == 0   ? 0
                             : strcmp(s, "warn") == 0 ? 1
                             : strcmp(s, "fail") == 0 ? 2
                                                      : -1;
                if (c->unknown < 0)
                    rc = BAD(w, v, "unknown: '%s' is not one of pass, warn, fail", s);
            }
        } else if (strcmp(key, "kinds") == 0) {
            rc = get_list(w, v, "kinds", 0, &c->kinds);
        } else if (strcmp(key, "settings") == 0) {
            rc = read_settings(w, v);
        } else if (strcmp(key, "policy_dirs") == 0) {
            rc = read_policy_dirs(w, v);
        } else if (strcmp(key, "include") == 0) {
            rc = get_list(w, v, "include", 1, &c->include);
        } else if (strcmp(key, "exclude") == 0) {
            rc = get_list(w, v, "exclude", 1, &c->exclude);
        } else {
            rc = read_suppressions(w, v);
        }
        if (rc != TG_OK)
            return rc;
    }
    return TG_OK;
}

/* ---- public ----------------------------------------------------------------------- */

int tg_config_parse(tg_config **out, const char *display, const char *base_dir, const char *bytes,
                    size_t len, tg_error *err)
{
    *out = NULL;
    loader ld = {.display = display, .err = err};
    if (!yaml_parser_initialize(&ld.p))
        tg_die_oom();
    yaml_parser_set_input_string(&ld.p, (const unsigned char *)bytes, len);
    node *root = NULL;
    tg_config *c = tg_xcalloc(1, sizeof *c);
    c->path = tg_xstrdup(display);
    c->unknown = -1;
    c->broadest_prefix = -1;
    int rc = load_root(&ld, &root);
    if (rc == TG_OK) {
        walker w = {display, base_dir, err, c};
        rc = read_config(&w, root);
    }
    yaml_parser_delete(&ld.p);
    for (size_t i = 0; i < ld.nall; i++) {
        free(ld.all[i]->val);
        free(ld.all[i]->kids);
        free(ld.all[i]);
    }
    free(ld.all);
    for (size_t i = 0; i < ld.nanchors; i++)
        free(ld.anchors[i].name);
    free(ld.anchors);
    if (rc != TG_OK) {
        tg_config_free(c);
        return rc;
    }
    *out = c;
    return TG_OK;
}

int tg_config_load(tg_config **out, const char *path, const char *display, tg_error *err)
{
    *out = NULL;
    if (!display)
        display = path;
    FILE *f = fopen(path, "rb");
    if (!f)
        return tg_error_set(err, display, 0, 0, "cannot read the configuration: %s",
                            strerror(errno));
    char *buf = tg_xmalloc(MAX_FILE_BYTES + 1);
    size_t n = fread(buf, 1, MAX_FILE_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > MAX_FILE_BYTES) {
        free(buf);
        return tg_error_set(err, display, 0, 0,
                            bad ? "cannot read the configuration"
                                : "the configuration is larger than 1 MB");
    }
    char *dir = tg_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    int rc = tg_config_parse(out, display, slash ? dir : NULL, buf, n, err);
    free(dir);
    free(buf);
    return rc;
}

static void list_free(tg_config_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
}

void tg_config_free(tg_config *c)
{
    if (!c)
        return;
    free(c->path);
    for (size_t i = 0; i < c->nrules; i++)
        free(c->rules[i].rule);
    free(c->rules);
    list_free(&c->kinds);
    list_free(&c->allowed_locations);
    list_free(&c->allowed_skus);
    list_free(&c->required_tags);
    list_free(&c->policy_dirs);
    list_free(&c->include);
    list_free(&c->exclude);
    for (size_t i = 0; i < c->nsupp; i++) {
        free(c->supp[i].rule);
        free(c->supp[i].address);
        free(c->supp[i].reason);
        free(c->supp[i].expires);
    }
    free(c->supp);
    free(c);
}

char *tg_config_find(const char *start)
{
    char *dir = realpath(start ? start : ".", NULL);
    if (!dir)
        return NULL;
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
    }
    for (;;) {
        size_t len = strlen(dir) + sizeof TG_CONFIG_NAME + 1;
        char *cand = tg_xmalloc(len);
        snprintf(cand, len, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, TG_CONFIG_NAME);
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
            free(dir);
            return cand;
        }
        free(cand);
        char *slash = strrchr(dir, '/');
        if (!slash || strcmp(dir, "/") == 0)
            break;
        *(slash == dir ? slash + 1 : slash) = '\0';
    }
    free(dir);
    return NULL;
}

int tg_config_match(const char *p, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*p == '*') {
            star = p++;
            resume = s;
        } else if (*p == '?' || (*p && *p == *s)) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++resume;
        } else {
            return 0;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

int tg_config_path_wanted(const tg_config *c, const char *display)
{
    if (!c)
        return 1;
    int in = c->include.n == 0;
    for (size_t i = 0; i < c->include.n && !in; i++)
        in = fnmatch(c->include.items[i], display, 0) == 0;
    for (size_t i = 0; i < c->exclude.n && in; i++)
        in = fnmatch(c->exclude.items[i], display, 0) != 0;
    return in;
}

static void add_note(tg_results *res, tg_model *m, const tg_config *c,
                     const tg_config_suppression *s, const char *what)
{
    tg_note *n = tg_results_add_note(res);
    n->file = tg_arena_strdup(m->arena, c->path);
    n->line = s->line;
    n->col = s->col;
    n->message = tg_arena_printf(m->arena, "suppression for %s %s %s", s->rule, s->address, what);
}

void tg_config_suppress(const tg_config *c, tg_model *m, tg_results *res,
                        const tg_rule *const *rules, const char *today)
{
    if (!c)
        return;
    for (size_t k = 0; k < c->nsupp; k++) {
        const tg_config_suppression *s = &c->supp[k];
        if (s->expires && strcmp(today, s->expires) > 0) {
            char what[64];
            snprintf(what, sizeof what, "expired on %s", s->expires);
            add_note(res, m, c, s, what);
            continue;
        }
        size_t matched = 0;
        for (size_t i = 0; i < res->n; i++) {
            tg_result *x = &res->items[i];
            if (strcmp(rules[x->rule]->id, s->rule) != 0 ||
                !tg_config_match(s->address, m->res[x->resource].address))
                continue;
            if (x->status == TG_ST_FAIL || x->status == TG_ST_UNKNOWN) {
                x->status = TG_ST_SUPPRESSED;
                x->message =
                    tg_arena_printf(m->arena, "%s (suppressed: %s)", x->message, s->reason);
                matched++;
            } else if (x->status == TG_ST_SUPPRESSED) {
                matched++; /* an earlier suppression got there first */
            }
        }
        if (!matched)
            add_note(res, m, c, s, "matches no finding");
    }
}

static const char starter[] =
    "# .transguard.yaml: configuration of transguard (see docs/configuration.md).\n"
    "# Found in the folder of the first path checked or above it; --config FILE names\n"
    "# another. Command-line options (--fail-on, --unknown, --rule, --skip-rule,\n"
    "# --policy-dir) win over this file.\n"
    "\n"
    "# Lowest severity that fails the run: critical, high, medium, low, info.\n"
    "fail_on: high\n"
    "\n"
    "# How unknown results count (values not known before deployment): pass, warn, fail.\n"
    "unknown: warn\n"
    "\n"
    "# Rules by id or name: turn them off or change their severity.\n"
    "rules: {}\n"
    "#  TG010:\n"
    "#    enabled: false\n"
    "#  network.public-access-disabled:\n"
    "#    severity: critical\n"
    "\n"
    "# Account kinds in scope (default: TextTranslation, CognitiveServices, AIServices).\n"
    "# kinds: [TextTranslation]\n"
    "\n"
    "# Rule settings.\n"
    "settings:\n"
    "  broadest_prefix: 24      # broadest CIDR prefix allowed in firewall rules\n"
    "  # allowed_locations: [westeurope, northeurope]\n"
    "  # allowed_skus: [S1]\n"
    "  # required_tags: [owner, cost-center]\n"
    "\n"
    "# More Lua policies, relative to this file.\n"
    "# policy_dirs: [policies]\n"
    "\n"
    "# Which files are checked (globs on the paths as printed).\n"
    "# include: ['infra/*']\n"
    "# exclude: ['*/test/*']\n"
    "\n"
    "# Findings accepted for a reason. address: * and ? are wildcards. A suppression\n"
    "# past its expiry date suppresses nothing, and one that matches nothing is reported.\n"
    "suppressions: []\n"
    "#  - rule: TG002\n"
    "#    address: Microsoft.CognitiveServices/accounts/tr-dev-*\n"
    "#    reason: development accounts, no customer data\n"
    "#    expires: 2030-12-31\n";

int tg_config_write_starter(const char *path, int force, tg_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            return tg_error_set(err, path, 0, 0, "already exists (use --force to overwrite it)");
        return tg_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
    }
    size_t len = sizeof starter - 1, done = 0;
    while (done < len) {
        ssize_t w = write(fd, starter + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return tg_error_set(err, path, 0, 0, "cannot write: %s", strerror(e));
        }
        done += (size_t)w;
    }
    if (close(fd) != 0)
        return tg_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
    return TG_OK;
}
