/* model.c — storage for the resource list and links, and path resolution for locating
 * findings in the original file. */
#include "model.h"
#include "error.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tg_model *tg_model_new(void)
{
    tg_model *m = tg_xcalloc(1, sizeof *m);
    m->arena = tg_arena_new();
    return m;
}

void tg_model_free(tg_model *m)
{
    if (!m)
        return;
    tg_arena_free(m->arena);
    free(m->res);
    free(m->links);
    free(m->files);
    free(m->unchecked);
    free(m->file_index);
    free(m);
}

#define GROW(ptr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? (cap)*2 : 16;                                                          \
            (ptr) = tg_xrealloc((ptr), (cap) * sizeof *(ptr));                                     \
        }                                                                                          \
        memset(&(ptr)[(n)], 0, sizeof *(ptr));                                                     \
    } while (0)

tg_resource *tg_model_add_resource(tg_model *m)
{
    GROW(m->res, m->nres, m->capres);
    return &m->res[m->nres++];
}

tg_link *tg_model_add_link(tg_model *m)
{
    GROW(m->links, m->nlinks, m->caplinks);
    return &m->links[m->nlinks++];
}

void tg_model_add_unchecked(tg_model *m, int file, const char *address, const char *reason,
                            int line, int col)
{
    GROW(m->unchecked, m->nunchecked, m->capunchecked);
    m->unchecked[m->nunchecked++] = (tg_unchecked){file, address, reason, line, col};
}

static size_t path_hash(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void index_put(size_t *slots, size_t cap, const char *path, size_t file)
{
    size_t i = path_hash(path) & (cap - 1);
    while (slots[i])
        i = (i + 1) & (cap - 1);
    slots[i] = file + 1;
}

long tg_model_find_file(const tg_model *m, const char *path)
{
    if (!m->file_index_cap)
        return -1;
    for (size_t i = path_hash(path) & (m->file_index_cap - 1); m->file_index[i];
         i = (i + 1) & (m->file_index_cap - 1))
        if (strcmp(m->files[m->file_index[i] - 1].path, path) == 0)
            return (long)(m->file_index[i] - 1);
    return -1;
}

size_t tg_model_add_file(tg_model *m, const char *path, const char *format)
{
    GROW(m->files, m->nfiles, m->capfiles);
    tg_model_file *f = &m->files[m->nfiles];
    f->path = tg_arena_strdup(m->arena, path);
    f->format = format;
    if ((m->nfiles + 1) * 2 > m->file_index_cap) { /* keep the table at most half full */
        size_t cap = m->file_index_cap ? m->file_index_cap * 2 : 64;
        size_t *slots = tg_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < m->nfiles; i++)
            index_put(slots, cap, m->files[i].path, i);
        free(m->file_index);
        m->file_index = slots;
        m->file_index_cap = cap;
    }
    index_put(m->file_index, m->file_index_cap, f->path, m->nfiles);
    return m->nfiles++;
}

int tg_model_is_type(const tg_resource *r, const char *type)
{
    return r->type && tg_text_ieq(r->type, type);
}

/* JSON pointer escaping: ~ → ~0, / → ~1 */
static void pointer_add(tg_sb *b, const char *key)
{
    tg_sb_addc(b, '/');
    for (const char *p = key; *p; p++) {
        if (*p == '~')
            tg_sb_adds(b, "~0");
        else if (*p == '/')
            tg_sb_adds(b, "~1");
        else
            tg_sb_addc(b, *p);
    }
}

void tg_model_link(tg_model *m, size_t from, size_t to, const char *relation, const char *via,
                   const char *reason)
{
    tg_link *l = tg_model_add_link(m);
    l->from = from;
    l->to = to;
    l->relation = relation;
    l->via = via;
    l->decided = reason == NULL;
    l->through = TG_LINK_DIRECT;
    l->reason = reason;
}

const char *tg_model_pointer_join(tg_model *m, const char *base, const char *key)
{
    tg_sb b = {0};
    tg_sb_adds(&b, base);
    pointer_add(&b, key);
    const char *r = tg_arena_strdup(m->arena, b.s);
    tg_sb_free(&b);
    return r;
}

const char *tg_model_locate(tg_model *m, const tg_resource *r, const char *path,
                            const tg_value **at, int *line, int *col)
{
    tg_sb ptr = {0};
    tg_sb_adds(&ptr, r->pointer ? r->pointer : "");
    *line = r->line;
    *col = r->col;
    const tg_value *v = r->body;
    const char *p = path ? path : "";
    char key[512];
    while (*p && v) {
        const tg_value *next = NULL;
        if (*p == '[') {
            char *end;
            long idx = strtol(p + 1, &end, 10);
            if (*end != ']' || v->kind != TG_V_ARRAY || idx < 1 || (size_t)idx > v->u.coll.n)
                break;
            next = v->u.coll.items[idx - 1];
            char num[32];
            snprintf(num, sizeof num, "%ld", idx - 1);
            pointer_add(&ptr, num);
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            if (n == 0 || n >= sizeof key) {
                p += n ? n : 1;
                continue;
            }
            memcpy(key, p, n);
            key[n] = '\0';
            long i = tg_value_find(v, key);
            if (i < 0)
                break;
            next = v->u.coll.items[i];
            pointer_add(&ptr, v->u.coll.keys[i]);
            p += n;
        }
        if (*p == '.')
            p++;
        v = next;
        if (v->kline > 0) {
            *line = v->kline;
            *col = v->kcol;
        } else if (v->line > 0) {
            *line = v->line;
            *col = v->col;
        }
    }
    /* a mapped body (a plan's resource in the ARM shape) has no such path in the file: the
     * pointer names the resource, while line and column still come from the value */
    const char *out = r->native ? tg_arena_strdup(m->arena, r->pointer ? r->pointer : "")
                                : tg_arena_strdup(m->arena, ptr.s ? ptr.s : "");
    tg_sb_free(&ptr);
    if (at)
        *at = v;
    return out;
}
