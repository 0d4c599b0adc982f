/* tfsource.c — finds resource blocks in Terraform sources (see tfsource.h).
 *
 * Each module folder is listed and scanned once, on first use, and its top-level blocks
 * are kept in a hash ("azurerm_cognitive_account.tr", "data.x.y", "module.net"), so
 * placing every resource of a plan costs one pass over the sources. The scanner skips
 * what can hide a brace or a keyword — "strings" (with ${...} inside), # and // and
 * block comments, <<HEREDOCs — and reads `resource`/`data`/`module` headers whose labels
 * are quoted or, in old HCL, bare. Reading is bounded: file size, files per folder, and
 * module folders per plan. */
#include "tfsource.h"
#include "dir.h"
#include "error.h"
#include "paths.h"
#include "text.h"
#include "tfindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES ((size_t)16 * 1024 * 1024)
#define MAX_TOTAL_BYTES ((size_t)256 * 1024 * 1024) /* read per plan, all folders together */
#define MAX_FILES_PER_DIR 4096
#define MAX_MODULES 1024 /* module folders looked at per plan */
#define MAX_NESTING 64   /* ${...} inside strings inside ${...} */

typedef struct block {
    const char *file; /* display path */
    int line;
    const char *source; /* module blocks: their source, or NULL */
} block;

typedef struct module {
    char *dir;         /* fs path of its folder, or NULL when it is not local */
    const block *call; /* its module block in the parent, or NULL (root) */
    const block *near; /* where its resources point when dir is NULL */
    int scanned;
    tg_tfindex blocks; /* "<address>" → index into blocks */
    block *b;
    size_t nb, capb;
} module;

struct tg_tfsource {
    tg_arena *a; /* the cache's strings */
    tg_paths paths;
    char *root;
    tg_tfindex by_calls; /* call path → index into mods */
    size_t budget;       /* bytes that may still be read */
    module *mods;
    size_t nmods, capmods;
};

tg_tfsource *tg_tfsource_new(const char *root_dir)
{
    tg_tfsource *s = tg_xcalloc(1, sizeof *s);
    s->a = tg_arena_new();
    tg_paths_init(&s->paths);
    s->root = tg_xstrdup(root_dir);
    s->budget = MAX_TOTAL_BYTES;
    return s;
}

void tg_tfsource_free(tg_tfsource *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nmods; i++) {
        free(s->mods[i].dir);
        free(s->mods[i].b);
        tg_tfindex_free(&s->mods[i].blocks);
    }
    free(s->mods);
    tg_tfindex_free(&s->by_calls);
    tg_paths_free(&s->paths);
    free(s->root);
    tg_arena_free(s->a);
    free(s);
}

/* ---- the scanner -------------------------------------------------------------------- */

typedef struct scan {
    const char *t;
    size_t n, p;
    int line;
} scan;

static int ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

static void skip_interp(scan *s, int depth);

/* From the opening quote to after the closing one. A quoted string cannot span lines
 * outside ${...}, so a missing quote ends at the line end instead of eating the file. */
static void skip_string(scan *s, int depth)
{
    s->p++;
    while (s->p < s->n) {
        char c = s->t[s->p];
        if (c == '\\') {
            s->p += s->p + 1 < s->n && s->t[s->p + 1] != '\n' ? 2 : 1;
        } else if (c == '"') {
            s->p++;
            return;
        } else if (c == '\n') {
            return;
        } else if ((c == '$' || c == '%') && s->p + 1 < s->n && s->t[s->p + 1] == '{') {
            s->p += 2;
            skip_interp(s, depth + 1);
        } else {
            s->p++;
        }
    }
}

/* From just after "${" to after its closing brace. */
static void skip_interp(scan *s, int depth)
{
    int braces = 1;
    while (s->p < s->n && braces > 0) {
        char c = s->t[s->p];
        if (c == '"' && depth < MAX_NESTING) {
            skip_string(s, depth);
            continue;
        }
        if (c == '\n')
            s->line++;
        else if (c == '{')
            braces++;
        else if (c == '}')
            braces--;
        s->p++;
    }
}

static void skip_line(scan *s)
{
    while (s->p < s->n && s->t[s->p] != '\n')
        s->p++;
}

static void skip_block_comment(scan *s)
{
    s->p += 2;
    while (s->p < s->n && !(s->t[s->p] == '*' && s->p + 1 < s->n && s->t[s->p + 1] == '/')) {
        if (s->t[s->p] == '\n')
            s->line++;
        s->p++;
    }
    s->p = s->p + 2 < s->n ? s->p + 2 : s->n;
}

/* At "<<": a heredoc "<<EOF" / "<<-EOF" runs to the line holding only EOF. Returns 0
 * (nothing skipped) when it is not one. */
static int skip_heredoc(scan *s)
{
    size_t q = s->p + 2;
    if (q < s->n && s->t[q] == '-')
        q++;
    size_t id = q;
    while (q < s->n && ident_char(s->t[q]))
        q++;
    size_t idl = q - id;
    while (q < s->n && (s->t[q] == ' ' || s->t[q] == '\t' || s->t[q] == '\r'))
        q++;
    if (idl == 0 || q >= s->n || s->t[q] != '\n')
        return 0;
    s->p = q;
    while (s->p < s->n) {
        s->p++; /* past the '\n' */
        s->line++;
        size_t b = s->p;
        while (b < s->n && (s->t[b] == ' ' || s->t[b] == '\t'))
            b++;
        size_t e = b;
        while (e < s->n && s->t[e] != '\n')
            e++;
        size_t end = e;
        while (end > b && (s->t[end - 1] == '\r' || s->t[end - 1] == ' ' || s->t[end - 1] == '\t'))
            end--;
        s->p = e;
        if (end - b == idl && memcmp(s->t + b, s->t + id, idl) == 0)
            return 1;
    }
    return 1;
}

static void skip_blanks(scan *s)
{
    while (s->p < s->n && (s->t[s->p] == ' ' || s->t[s->p] == '\t' || s->t[s->p] == '\r'))
        s->p++;
}

/* A label: "quoted" (without escapes, as labels are written) or a bare identifier. */
static const char *label(scan *s, tg_arena *a)
{
    skip_blanks(s);
    if (s->p < s->n && s->t[s->p] == '"') {
        size_t b = s->p + 1, e = b;
        while (e < s->n && s->t[e] != '"' && s->t[e] != '\n' && s->t[e] != '\\')
            e++;
        if (e >= s->n || s->t[e] != '"')
            return NULL;
        s->p = e + 1;
        return tg_arena_strndup(a, s->t + b, e - b);
    }
    size_t b = s->p;
    while (s->p < s->n && ident_char(s->t[s->p]))
        s->p++;
    return s->p > b ? tg_arena_strndup(a, s->t + b, s->p - b) : NULL;
}

static void add_block(module *m, tg_arena *a, const char *key, const char *file, int line)
{
    if (tg_tfindex_get(&m->blocks, key, &(size_t){0}))
        return; /* the first declaration wins (Terraform refuses duplicates anyway) */
    if (m->nb == m->capb) {
        m->capb = m->capb ? m->capb * 2 : 32;
        m->b = tg_xrealloc(m->b, m->capb * sizeof *m->b);
    }
    m->b[m->nb] = (block){file, line, NULL};
    tg_tfindex_put(&m->blocks, tg_arena_strdup(a, key), m->nb++, NULL);
}

/* `source = "..."` at the start of a line inside a module block. */
static const char *source_attr(scan *s, tg_arena *a)
{
    skip_blanks(s);
    if (s->p >= s->n || s->t[s->p] != '=' || (s->p + 1 < s->n && s->t[s->p + 1] == '='))
        return NULL;
    s->p++;
    skip_blanks(s);
    if (s->p >= s->n || s->t[s->p] != '"')
        return NULL;
    size_t b = s->p + 1, e = b;
    while (e < s->n && s->t[e] != '"' && s->t[e] != '\n' && s->t[e] != '\\' && s->t[e] != '$')
        e++;
    if (e >= s->n || s->t[e] != '"')
        return NULL;
    s->p = e + 1;
    return tg_arena_strndup(a, s->t + b, e - b);
}

static void scan_file(module *m, tg_arena *a, const char *file, const char *text, size_t len)
{
    scan s = {text, len, 0, 1};
    int depth = 0;
    long in_module = -1; /* block index of the module block being read, at depth 1 */
    int line_start = 1;
    while (s.p < s.n) {
        char c = s.t[s.p];
        if (c == '\n') {
            s.line++;
            s.p++;
            line_start = 1;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            s.p++;
            continue;
        }
        int at_start = line_start;
        line_start = 0;
        if (c == '#' || (c == '/' && s.p + 1 < s.n && s.t[s.p + 1] == '/')) {
            skip_line(&s);
        } else if (c == '/' && s.p + 1 < s.n && s.t[s.p + 1] == '*') {
            skip_block_comment(&s);
        } else if (c == '"') {
            skip_string(&s, 0);
        } else if (c == '<' && s.p + 1 < s.n && s.t[s.p + 1] == '<') {
            if (!skip_heredoc(&s))
                s.p += 2;
        } else if (c == '{' || c == '[' || c == '(') {
            depth++;
            s.p++;
        } else if (c == '}' || c == ']' || c == ')') {
            if (depth > 0)
                depth--;
            if (depth == 0)
                in_module = -1;
            s.p++;
        } else if (ident_char(c)) {
            size_t b = s.p;
            while (s.p < s.n && ident_char(s.t[s.p]))
                s.p++;
            size_t wl = s.p - b;
            const char *w = s.t + b;
            int line = s.line;
            if (depth == 0 && at_start &&
                ((wl == 8 && memcmp(w, "resource", 8) == 0) ||
                 (wl == 4 && memcmp(w, "data", 4) == 0))) {
                const char *type = label(&s, a), *name = type ? label(&s, a) : NULL;
                skip_blanks(&s);
                if (name && s.p < s.n && s.t[s.p] == '{') {
                    char key[1200];
                    snprintf(key, sizeof key, "%s%s.%s", wl == 4 ? "data." : "", type, name);
                    add_block(m, a, key, file, line);
                }
            } else if (depth == 0 && at_start && wl == 6 && memcmp(w, "module", 6) == 0) {
                const char *name = label(&s, a);
                skip_blanks(&s);
                if (name && s.p < s.n && s.t[s.p] == '{') {
                    char key[600];
                    snprintf(key, sizeof key, "module.%s", name);
                    size_t before = m->nb;
                    add_block(m, a, key, file, line);
                    in_module = m->nb > before ? (long)before : -1;
                }
            } else if (depth == 1 && at_start && in_module >= 0 && wl == 6 &&
                       memcmp(w, "source", 6) == 0) {
                const char *src = source_attr(&s, a);
                if (src && !m->b[in_module].source)
                    m->b[in_module].source = src;
            }
        } else {
            s.p++;
        }
    }
}

static char *read_small(const char *path, size_t *len, size_t *budget)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_FILE_BYTES ||
        (size_t)st.st_size > *budget) {
        fclose(f);
        return NULL;
    }
    *budget -= (size_t)st.st_size;
    char *buf = tg_xmalloc((size_t)st.st_size + 1);
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void scan_dir(tg_tfsource *s, module *m)
{
    m->scanned = 1;
    char **names;
    size_t n;
    if (!m->dir || tg_dir_list(m->dir, &names, &n) != 0)
        return;
    size_t files = 0;
    for (size_t i = 0; i < n && files < MAX_FILES_PER_DIR; i++) {
        if (!tg_text_iends(names[i], ".tf"))
            continue;
        files++;
        char *path = tg_arena_printf(s->a, "%s/%s", m->dir, names[i]);
        size_t len = 0;
        char *text = read_small(path, &len, &s->budget);
        if (!text)
            continue;
        char *display = tg_paths_display(&s->paths, path);
        scan_file(m, s->a, tg_arena_strdup(s->a, display), text, len);
        free(display);
        free(text);
    }
    tg_dir_names_free(names, n);
}

/* The folder of a module whose block sits in `parent`, when its source is a local path. */
static char *local_dir(const module *parent, const char *source)
{
    if (!parent->dir || !source ||
        !(strncmp(source, "./", 2) == 0 || strncmp(source, "../", 3) == 0 ||
          strcmp(source, ".") == 0 || strcmp(source, "..") == 0))
        return NULL;
    size_t n = strlen(source);
    while (n > 1 && source[n - 1] == '/')
        n--;
    tg_sb dir = {0};
    tg_sb_printf(&dir, "%s/%.*s", parent->dir, (int)n, source);
    return tg_sb_take(&dir);
}

static module *module_for(tg_tfsource *s, const char *calls, int depth)
{
    size_t i;
    if (tg_tfindex_get(&s->by_calls, calls, &i))
        return i == (size_t)-1 ? NULL : &s->mods[i];
    if (depth > 64 || s->nmods >= MAX_MODULES)
        return NULL;
    const char *key = tg_arena_strdup(s->a, calls);
    module fresh;
    memset(&fresh, 0, sizeof fresh);
    if (*calls) {
        const char *dot = strrchr(calls, '.');
        char *up = tg_arena_strndup(s->a, calls, dot ? (size_t)(dot - calls) : 0);
        module *parent = module_for(s, up, depth + 1);
        if (!parent) {
            tg_tfindex_put(&s->by_calls, key, (size_t)-1, NULL);
            return NULL;
        }
        if (!parent->scanned)
            scan_dir(s, parent);
        size_t bi;
        const char *bkey = tg_arena_printf(s->a, "module.%s", dot ? dot + 1 : calls);
        if (!tg_tfindex_get(&parent->blocks, bkey, &bi)) {
            if (parent->near) { /* inside a remote module: its block stands for all */
                fresh.near = parent->near;
            } else {
                tg_tfindex_put(&s->by_calls, key, (size_t)-1, NULL);
                return NULL;
            }
        } else {
            fresh.call = &parent->b[bi];
            fresh.dir = local_dir(parent, parent->b[bi].source);
            if (!fresh.dir)
                fresh.near = parent->near ? parent->near : fresh.call;
        }
        /* block pointers stay valid: a parent's block list is complete once scanned */
    } else {
        fresh.dir = tg_xstrdup(s->root);
    }
    if (s->nmods == s->capmods) {
        /* modules are referred to by index in by_calls, and by pointer only within one
         * call: grow freely */
        s->capmods = s->capmods ? s->capmods * 2 : 16;
        s->mods = tg_xrealloc(s->mods, s->capmods * sizeof *s->mods);
    }
    s->mods[s->nmods] = fresh;
    tg_tfindex_put(&s->by_calls, key, s->nmods, NULL);
    return &s->mods[s->nmods++];
}

int tg_tfsource_find(tg_tfsource *s, tg_arena *a, const char *call_path, const char *config_addr,
                     const char **file, int *line)
{
    if (!s || !call_path)
        return 0;
    module *m = module_for(s, call_path, 0);
    if (!m)
        return 0;
    const block *b = m->near;
    if (m->dir) {
        if (!m->scanned)
            scan_dir(s, m);
        size_t i;
        b = tg_tfindex_get(&m->blocks, config_addr, &i) ? &m->b[i] : NULL;
    }
    if (!b)
        return 0;
    *file = tg_arena_strdup(a, b->file);
    *line = b->line;
    return 1;
}
