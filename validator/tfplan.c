/* tfplan.c — a Terraform plan (`terraform show -json PLANFILE`) into the model (see
 * tfplan.h). The plan format changes additively within a major version, so it is read by
 * structure, never by a list of known versions: any 0.x and 1.x is read, another major
 * is refused by name.
 *
 * Each resource instance is found in planned_values (root and child modules at every
 * depth) and joined, by its full address through a hash, with its resource_changes entry
 * for the actions and the after_unknown / after_sensitive masks; instances only in
 * resource_changes are read from change.after. The masks are laid over the values, so
 * an attribute unknown until apply is the model's unknown wherever it sits, and a
 * sensitive one carries the mark the engine scrubs. tfmap.c gives the ARM shape,
 * tflink.c the links, tfsource.c the .tf block. */
#include "tfplan.h"
#include "text.h"
#include "tfindex.h"
#include "tflink.h"
#include "tfmap.h"
#include "tfsource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_MODULE_DEPTH 64 /* child_modules inside child_modules */
#define MAX_VALUE_DEPTH 256 /* values below this depth are taken as they are */
#define SMALL_OBJECT 16     /* masks up to this size are searched, larger ones hashed */
#define UNKNOWN_REASON "is only known after apply (the plan marks it unknown)"

/* One resource instance: where it is in planned_values and in resource_changes. */
typedef struct inst {
    const tg_value *pv;     /* planned_values resource, or NULL */
    const char *pv_ptr;     /* its JSON pointer */
    const char *module;     /* module instance address of the planned_values module */
    const tg_value *change; /* resource_changes entry, or NULL */
    const char *ch_ptr;
} inst;

typedef struct reader {
    tg_model *m;
    size_t file;
    tg_error *err;
    int failed;
    inst *v;
    size_t n, cap;
    const tg_value *changes; /* the resource_changes array, or NULL */
    unsigned char *used;     /* per change: joined with a planned_values resource */
    tg_tfindex by_address;   /* address → change index */
    int scope;
} reader;

static void fail(reader *r, const tg_value *at, const char *msg)
{
    if (r->failed)
        return;
    r->failed = 1;
    tg_error_set(r->err, r->m->files[r->file].path, at ? (at->kline ? at->kline : at->line) : 0,
                 at ? (at->kline ? at->kcol : at->col) : 0, "%s", msg);
}

static const tg_value *get(const tg_value *o, const char *key)
{
    return o && o->kind == TG_V_OBJECT ? tg_value_get(o, key) : NULL;
}

static const char *str(const tg_value *o, const char *key)
{
    const tg_value *v = get(o, key);
    return v && v->kind == TG_V_STRING ? v->u.str.s : NULL;
}

static const char *ptr_index(tg_arena *a, const char *base, size_t i)
{
    return tg_arena_printf(a, "%s/%zu", base, i);
}

/* ---- format_version ---------------------------------------------------------------- */

/* "<major>.<minor>", both plain digits; *major set. */
static int version_form(const char *s, long *major)
{
    size_t a = strspn(s, "0123456789");
    if (a == 0 || a > 9 || s[a] != '.')
        return 0;
    size_t b = strspn(s + a + 1, "0123456789");
    if (b == 0 || s[a + 1 + b] != '\0')
        return 0;
    *major = strtol(s, NULL, 10);
    return 1;
}

static int check_version(reader *r, const tg_value *root)
{
    const tg_value *v = get(root, "format_version");
    if (!v) {
        fail(r, root, "the plan has no format_version, so it cannot be read");
        return TG_ERR;
    }
    char msg[600];
    if (v->kind != TG_V_STRING) {
        fail(r, v,
             "the plan's format_version is not a string \"<major>.<minor>\", so it cannot "
             "be read");
        return TG_ERR;
    }
    const char *s = v->u.str.s;
    long major;
    if (!version_form(s, &major)) {
        snprintf(msg, sizeof msg,
                 "format_version \"%.200s\" is not a version number of the form "
                 "\"<major>.<minor>\", so the plan cannot be read",
                 s);
        fail(r, v, msg);
        return TG_ERR;
    }
    if (major > 1) {
        snprintf(msg, sizeof msg,
                 "plan format_version \"%.200s\" is not supported: this version of transguard "
                 "reads plan formats 0.x and 1.x (Terraform 0.12 and later); a new major version "
                 "is incompatible by Terraform's own rule",
                 s);
        fail(r, v, msg);
        return TG_ERR;
    }
    return TG_OK;
}

/* ---- finding the instances --------------------------------------------------------- */

static void add_inst(reader *r, inst x)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->v = tg_xrealloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = x;
}

static int deposed(const tg_value *change)
{
    const char *d = str(change, "deposed");
    return d && *d;
}

static void index_changes(reader *r, const tg_value *root)
{
    long ci = tg_value_find(root, "resource_changes");
    if (ci < 0)
        return;
    const tg_value *list = root->u.coll.items[ci];
    if (list->kind != TG_V_ARRAY) {
        if (list->kind != TG_V_NULL)
            fail(r, list, "resource_changes is not an array, so the changes cannot be read");
        return;
    }
    r->changes = list;
    r->used = tg_xcalloc(list->u.coll.n ? list->u.coll.n : 1, 1);
    for (size_t i = 0; i < list->u.coll.n; i++) {
        const char *addr = str(list->u.coll.items[i], "address");
        /* a deposed object is the old half of a replace, being destroyed: it never joins
         * the current instance of the same address */
        if (addr && !deposed(list->u.coll.items[i]) &&
            !tg_tfindex_get(&r->by_address, addr, &(size_t){0}))
            tg_tfindex_put(&r->by_address, addr, i, NULL);
    }
}

static void walk_module(reader *r, const tg_value *mod, const char *ptr, const char *module,
                        int depth)
{
    tg_arena *a = r->m->arena;
    if (!mod || mod->kind != TG_V_OBJECT)
        return;
    long ri = tg_value_find(mod, "resources");
    const tg_value *res = ri >= 0 ? mod->u.coll.items[ri] : NULL;
    if (res && res->kind == TG_V_ARRAY) {
        const char *rp = tg_model_pointer_join(r->m, ptr, mod->u.coll.keys[ri]);
        for (size_t i = 0; i < res->u.coll.n; i++) {
            const tg_value *x = res->u.coll.items[i];
            if (x->kind != TG_V_OBJECT)
                continue;
            inst in = {x, ptr_index(a, rp, i), module, NULL, NULL};
            const char *addr = str(x, "address");
            size_t c;
            if (addr && tg_tfindex_get(&r->by_address, addr, &c) && !r->used[c]) {
                in.change = r->changes->u.coll.items[c];
                in.ch_ptr = ptr_index(a, "/resource_changes", c);
                r->used[c] = 1;
            }
            add_inst(r, in);
        }
    }
    long ci = tg_value_find(mod, "child_modules");
    const tg_value *kids = ci >= 0 ? mod->u.coll.items[ci] : NULL;
    if (!kids || kids->kind != TG_V_ARRAY)
        return;
    if (depth >= MAX_MODULE_DEPTH) {
        fail(r, kids,
             "child modules are nested deeper than 64 levels; the deeper ones are not read");
        return;
    }
    const char *kp = tg_model_pointer_join(r->m, ptr, mod->u.coll.keys[ci]);
    for (size_t i = 0; i < kids->u.coll.n; i++) {
        const tg_value *k = kids->u.coll.items[i];
        const char *addr = str(k, "address");
        walk_module(r, k, ptr_index(a, kp, i), addr ? addr : module, depth + 1);
    }
}

/* ---- unknown and sensitive masks --------------------------------------------------- */

typedef struct merger {
    tg_model *m;
    const char *address;
    tg_sb path; /* attribute path of the value being merged, e.g. network_acls[0].ip_rules */
} merger;

static int is_true(const tg_value *v)
{
    return v && v->kind == TG_V_BOOL && v->u.boolean;
}

static int container(const tg_value *v)
{
    return v && (v->kind == TG_V_OBJECT || v->kind == TG_V_ARRAY);
}

static void mark_sensitive(tg_value *v, int depth)
{
    v->sensitive = 1;
    if (container(v) && depth < MAX_VALUE_DEPTH)
        for (size_t i = 0; i < v->u.coll.n; i++)
            mark_sensitive(v->u.coll.items[i], depth + 1);
}

static void copy_pos(tg_value *to, const tg_value *from)
{
    to->line = from->line;
    to->col = from->col;
    to->kline = from->kline;
    to->kcol = from->kcol;
}

/* Member lookup in a mask object by exact name (Terraform names are case-sensitive),
 * through idx when the object is large. */
typedef struct keyed {
    const tg_value *o;
    tg_tfindex idx;
} keyed;

static void keyed_init(keyed *k, const tg_value *o)
{
    k->o = o && o->kind == TG_V_OBJECT ? o : NULL;
    memset(&k->idx, 0, sizeof k->idx);
    if (k->o && k->o->u.coll.n > SMALL_OBJECT)
        for (size_t i = 0; i < k->o->u.coll.n; i++)
            tg_tfindex_put(&k->idx, k->o->u.coll.keys[i], i, NULL);
}

static const tg_value *keyed_get(const keyed *k, const char *key, size_t hint)
{
    if (!k->o)
        return NULL;
    if (hint < k->o->u.coll.n && strcmp(k->o->u.coll.keys[hint], key) == 0)
        return k->o->u.coll.items[hint];
    if (k->o->u.coll.n > SMALL_OBJECT) {
        size_t i;
        return tg_tfindex_get(&k->idx, key, &i) ? k->o->u.coll.items[i] : NULL;
    }
    for (size_t i = 0; i < k->o->u.coll.n; i++)
        if (strcmp(k->o->u.coll.keys[i], key) == 0)
            return k->o->u.coll.items[i];
    return NULL;
}

static void path_key(tg_sb *b, const char *key)
{
    int plain = *key != '\0';
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            plain = 0;
    if (plain) {
        if (b->len)
            tg_sb_addc(b, '.');
        tg_sb_adds(b, key);
        return;
    }
    tg_sb_addc(b, '[');
    tg_sb_addc(b, '"');
    for (const char *p = key; *p; p++) {
        if (*p == '"' || *p == '\\')
            tg_sb_addc(b, '\\');
        tg_sb_addc(b, *p);
    }
    tg_sb_adds(b, "\"]");
}

static tg_value *unknown_here(merger *g, const tg_value *v, const tg_value *mask)
{
    tg_value *u = tg_value_unknown(g->m->arena, UNKNOWN_REASON);
    u->expr = tg_arena_printf(g->m->arena, "{%s%s%s}", g->address,
                              g->path.len && g->path.s[0] != '[' ? "." : "",
                              g->path.len ? g->path.s : "");
    copy_pos(u, v && v->kind != TG_V_NULL ? v : mask);
    return u;
}

static tg_value *merge(merger *g, tg_value *v, const tg_value *unk, const tg_value *sens,
                       int depth);

static tg_value *merge_object(merger *g, tg_value *v, const tg_value *unk, const tg_value *sens,
                              int depth)
{
    tg_arena *a = g->m->arena;
    tg_value *o = tg_value_new(a, TG_V_OBJECT);
    copy_pos(o, v && v->kind == TG_V_OBJECT ? v : unk);
    keyed ku, ks, kv;
    keyed_init(&ku, unk);
    keyed_init(&ks, sens);
    keyed_init(&kv, v);
    size_t mark = g->path.len;
    size_t nv = kv.o ? kv.o->u.coll.n : 0;
    for (size_t i = 0; i < nv; i++) {
        const char *key = v->u.coll.keys[i];
        path_key(&g->path, key);
        tg_value *c =
            merge(g, v->u.coll.items[i], keyed_get(&ku, key, i), keyed_get(&ks, key, i), depth + 1);
        g->path.len = mark;
        g->path.s[mark] = '\0';
        tg_value_set(a, o, key, c);
    }
    /* attributes only the unknown mask names: absent from the values, unknown in truth */
    for (size_t i = 0; ku.o && i < ku.o->u.coll.n; i++) {
        const char *key = ku.o->u.coll.keys[i];
        if (keyed_get(&kv, key, i))
            continue;
        path_key(&g->path, key);
        tg_value *c = merge(g, NULL, ku.o->u.coll.items[i], keyed_get(&ks, key, i), depth + 1);
        g->path.len = mark;
        g->path.s[mark] = '\0';
        if (c)
            tg_value_set(a, o, key, c);
    }
    tg_tfindex_free(&ku.idx);
    tg_tfindex_free(&ks.idx);
    tg_tfindex_free(&kv.idx);
    if (o->u.coll.n == 0 && (!v || v->kind != TG_V_OBJECT))
        return v;
    return o;
}

static tg_value *merge_array(merger *g, tg_value *v, const tg_value *unk, const tg_value *sens,
                             int depth)
{
    tg_arena *a = g->m->arena;
    tg_value *o = tg_value_new(a, TG_V_ARRAY);
    copy_pos(o, v && v->kind == TG_V_ARRAY ? v : unk);
    size_t nv = v && v->kind == TG_V_ARRAY ? v->u.coll.n : 0;
    size_t nu = unk && unk->kind == TG_V_ARRAY ? unk->u.coll.n : 0;
    size_t ns = sens && sens->kind == TG_V_ARRAY ? sens->u.coll.n : 0;
    size_t n = nv > nu ? nv : nu;
    size_t mark = g->path.len;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        tg_sb_printf(&g->path, "[%zu]", i);
        tg_value *vi = i < nv ? v->u.coll.items[i] : NULL;
        tg_value *c = merge(g, vi, i < nu ? unk->u.coll.items[i] : NULL,
                            i < ns ? sens->u.coll.items[i] : NULL, depth + 1);
        g->path.len = mark;
        g->path.s[mark] = '\0';
        if (!c) { /* keep the indices of the elements after it */
            c = tg_value_new(a, TG_V_NULL);
            copy_pos(c, unk->u.coll.items[i]);
        } else if (!vi) {
            any = 1;
        }
        tg_value_append(a, o, c);
    }
    if (nv == 0 && !any && (!v || v->kind != TG_V_ARRAY))
        return v;
    return o;
}

/* The union of two sensitive masks (after_sensitive and planned_values'
 * sensitive_values): a value either marks is sensitive. Shares what it can. */
static const tg_value *mask_union(tg_arena *a, const tg_value *x, const tg_value *y, int depth)
{
    if (!container(x) && !is_true(x))
        return y ? y : x;
    if (!container(y) && !is_true(y))
        return x;
    if (is_true(x) || is_true(y))
        return is_true(x) ? x : y;
    if (x->kind != y->kind || depth >= MAX_VALUE_DEPTH)
        return x; /* masks of different shapes: the values decide which one applies */
    tg_value *o = tg_value_new(a, x->kind);
    copy_pos(o, x);
    if (x->kind == TG_V_ARRAY) {
        size_t n = x->u.coll.n > y->u.coll.n ? x->u.coll.n : y->u.coll.n;
        for (size_t i = 0; i < n; i++)
            tg_value_append(a, o,
                            (tg_value *)mask_union(a, i < x->u.coll.n ? x->u.coll.items[i] : NULL,
                                                   i < y->u.coll.n ? y->u.coll.items[i] : NULL,
                                                   depth + 1));
        return o;
    }
    keyed kx, ky;
    keyed_init(&kx, x);
    keyed_init(&ky, y);
    for (size_t i = 0; i < x->u.coll.n; i++)
        tg_value_set(a, o, x->u.coll.keys[i],
                     (tg_value *)mask_union(a, x->u.coll.items[i],
                                            keyed_get(&ky, x->u.coll.keys[i], i), depth + 1));
    for (size_t i = 0; i < y->u.coll.n; i++)
        if (!keyed_get(&kx, y->u.coll.keys[i], i))
            tg_value_set(a, o, y->u.coll.keys[i], y->u.coll.items[i]);
    tg_tfindex_free(&kx.idx);
    tg_tfindex_free(&ky.idx);
    return o;
}

/* v with the unknown leaves of unk made unknown and the sensitive leaves of sens marked.
 * Returns v itself when no mask reaches into it; NULL only when v is NULL and nothing
 * under the masks is unknown. */
static tg_value *merge(merger *g, tg_value *v, const tg_value *unk, const tg_value *sens, int depth)
{
    tg_value *out = v;
    if (is_true(unk)) {
        out = unknown_here(g, v, unk);
    } else if (depth < MAX_VALUE_DEPTH && (container(unk) || container(sens))) {
        tg_vkind shape = v && container(v) ? v->kind : unk && container(unk) ? unk->kind : 0;
        if (shape == TG_V_OBJECT && (!unk || unk->kind != TG_V_ARRAY))
            out = merge_object(g, v, unk, sens, depth);
        else if (shape == TG_V_ARRAY && (!unk || unk->kind != TG_V_OBJECT))
            out = merge_array(g, v, unk, sens, depth);
    }
    if (out && is_true(sens)) {
        mark_sensitive(out, 0);
        g->m->has_sensitive = 1;
    }
    return out;
}

/* ---- one instance into the model ---------------------------------------------------- */

typedef enum { ACT_CHECK, ACT_DELETE, ACT_FORGET } action;

static action actions_of(const tg_value *change)
{
    const tg_value *acts = get(change, "actions");
    if (!acts || acts->kind != TG_V_ARRAY || acts->u.coll.n != 1)
        return ACT_CHECK;
    const tg_value *x = acts->u.coll.items[0];
    if (x->kind != TG_V_STRING)
        return ACT_CHECK;
    if (strcmp(x->u.str.s, "delete") == 0)
        return ACT_DELETE;
    if (strcmp(x->u.str.s, "forget") == 0)
        return ACT_FORGET;
    return ACT_CHECK;
}

/* Does deleting a resource of this type (with these values, for azapi) delete an account? */
static int account_type(tg_arena *a, const char *type, const tg_value *values)
{
    if (strcmp(type, "azurerm_cognitive_account") == 0)
        return 1;
    if (strcmp(type, "azapi_resource") == 0) { /* deleting an azapi_update_resource keeps
                                                  the account */
        const char *t = tg_tfmap_azapi_type(a, values);
        return t && tg_text_ieq(t, TG_TFMAP_ACCOUNT);
    }
    return 0;
}

/* The instance key as written at the end of the address: "[0]", "[\"a.b\"]" or "". */
static const char *key_of(tg_arena *a, const char *address, const char *module,
                          const char *config_addr)
{
    size_t ml = strlen(module), cl = strlen(config_addr);
    const char *p = address;
    if (ml) {
        if (strncmp(p, module, ml) != 0 || p[ml] != '.')
            return "";
        p += ml + 1;
    }
    if (strncmp(p, config_addr, cl) != 0 || (p[cl] != '\0' && p[cl] != '['))
        return "";
    return tg_arena_strdup(a, p + cl);
}

/* The module address in a resource's own address: everything before its type, when it
 * starts with "module.". */
static const char *module_of(tg_arena *a, const char *address, const char *config_addr)
{
    if (strncmp(address, "module.", 7) != 0)
        return "";
    size_t cl = strlen(config_addr);
    for (const char *p = address; (p = strstr(p, config_addr)) != NULL; p++)
        if (p > address && p[-1] == '.' && (p[cl] == '\0' || p[cl] == '['))
            return tg_arena_strndup(a, address, (size_t)(p - address - 1));
    return "";
}

typedef struct context {
    tg_tflink *link;
    tg_tfsource *src;
} context;

static void add_one(reader *r, context *cx, const inst *x)
{
    tg_model *m = r->m;
    tg_arena *a = m->arena;
    const tg_value *decl = x->pv ? x->pv : x->change;
    const char *ptr = x->pv ? x->pv_ptr : x->ch_ptr;
    const char *type = str(decl, "type");
    const char *name = str(decl, "name");
    const char *mode = str(decl, "mode");
    if (!type || !name) {
        fail(r, decl, "a resource in the plan has no type or name, so it cannot be read");
        return;
    }
    int data = mode && strcmp(mode, "data") == 0;
    const char *config_addr = data ? tg_arena_printf(a, "data.%s.%s", type, name)
                                   : tg_arena_printf(a, "%s.%s", type, name);
    const char *address = str(decl, "address");
    const char *module = x->pv ? x->module : str(x->change, "module_address");
    if (!module)
        module = address ? module_of(a, address, config_addr) : "";
    if (!address)
        address = *module ? tg_arena_printf(a, "%s.%s", module, config_addr) : config_addr;

    const tg_value *change = get(x->change, "change");
    const tg_value *values = x->pv ? get(x->pv, "values") : NULL;
    if (!values || values->kind == TG_V_NULL)
        values = get(change, "after");
    action act = x->change ? actions_of(change) : ACT_CHECK;
    if (act != ACT_CHECK) {
        const tg_value *was = values && values->kind != TG_V_NULL ? values : get(change, "before");
        if (account_type(a, type, was))
            tg_model_add_unchecked(m, (int)r->file, address,
                                   act == ACT_DELETE
                                       ? "it is being deleted by this plan"
                                       : "this plan removes it from Terraform's state (forget) "
                                         "without changing it",
                                   decl->line, decl->col);
        return;
    }

    const char *note = NULL;
    if (!values || values->kind != TG_V_OBJECT) {
        note = "the plan gives no values for it, so it is read as if it set none";
        values = NULL;
    }
    merger g = {m, address, {0}};
    /* either mask may be missing (format 0.1 has neither); a value is sensitive when
     * either marks it */
    const tg_value *sens =
        mask_union(a, get(change, "after_sensitive"), get(x->pv, "sensitive_values"), 0);
    tg_value *native = merge(&g, (tg_value *)values, get(change, "after_unknown"), sens, 0);
    tg_sb_free(&g.path);
    if (!native || native->kind != TG_V_OBJECT) {
        if (native && native->kind == TG_V_UNKNOWN)
            note = "the plan marks all its values unknown until apply";
        native = tg_value_new(a, TG_V_OBJECT);
        copy_pos(native, decl);
    }

    tg_tfmap_out mo = {0};
    tg_tfmap_resource(a, type, address, native, values ? values : decl, &mo);
    size_t idx = m->nres;
    tg_resource *res = tg_model_add_resource(m);
    res->address = tg_arena_strdup(a, address);
    res->type = mo.type;
    res->name = mo.name;
    res->body = mo.body;
    res->native = native;
    res->file = (int)r->file;
    res->line = decl->line;
    res->col = decl->col;
    res->pointer = ptr;
    res->note = note;
    res->flags = TG_RES_FROM_PLAN | (data ? TG_RES_EXISTING : 0);
    res->scope = r->scope;
    const char *rg = str(native, "resource_group_name");
    res->resource_group = rg;
    if (data) {
        if (tg_model_is_type(res, TG_TFMAP_ACCOUNT))
            tg_model_add_unchecked(m, (int)r->file, res->address,
                                   "it is a data source: read by this plan, not deployed by it",
                                   decl->line, decl->col);
    } else {
        m->files[r->file].resources++;
    }
    const char *key = key_of(a, res->address, module, config_addr);
    tg_tflink_add(cx->link, idx, module, config_addr, key, type);
    const char *calls = tg_tflink_call_path(a, module);
    const char *file = NULL;
    int line = 0;
    if (cx->src && calls && tg_tfsource_find(cx->src, a, calls, config_addr, &file, &line)) {
        m->res[idx].source_file = file;
        m->res[idx].source_line = line;
    }
}

/* Terraform outputs, as resources of the pseudo type terraform_output: no rule judges
 * them today, but their values (and whether they are sensitive) are part of the model. */
static void add_outputs(reader *r, const tg_value *root)
{
    tg_model *m = r->m;
    tg_arena *a = m->arena;
    long oi = tg_value_find(root, "output_changes");
    if (oi < 0 || root->u.coll.items[oi]->kind != TG_V_OBJECT)
        return;
    const tg_value *outs = root->u.coll.items[oi];
    const char *op = tg_model_pointer_join(m, "", root->u.coll.keys[oi]);
    for (size_t i = 0; i < outs->u.coll.n; i++) {
        const tg_value *c = outs->u.coll.items[i];
        if (c->kind != TG_V_OBJECT || actions_of(c) != ACT_CHECK)
            continue;
        const char *name = outs->u.coll.keys[i];
        const char *address = tg_arena_printf(a, "output.%s", name);
        merger g = {m, address, {0}};
        tg_value *after = (tg_value *)get(c, "after");
        tg_value *v = merge(&g, after, get(c, "after_unknown"), get(c, "after_sensitive"), 0);
        tg_sb_free(&g.path);
        tg_value *body = tg_value_new(a, TG_V_OBJECT), *props = tg_value_new(a, TG_V_OBJECT);
        copy_pos(body, c);
        copy_pos(props, c);
        tg_value_set(a, body, "type", tg_value_string(a, "terraform_output", 16));
        tg_value_set(a, body, "name", tg_value_string(a, name, strlen(name)));
        if (v)
            tg_value_set(a, props, "value", v);
        tg_value *sens = tg_value_new(a, TG_V_BOOL);
        sens->u.boolean = is_true(get(c, "after_sensitive"));
        tg_value_set(a, props, "sensitive", sens);
        tg_value_set(a, body, "properties", props);
        tg_resource *res = tg_model_add_resource(m);
        res->address = address;
        res->type = "terraform_output";
        res->name = tg_arena_strdup(a, name);
        res->body = body;
        res->native = v;
        res->file = (int)r->file;
        res->line = c->kline ? c->kline : c->line;
        res->col = c->kline ? c->kcol : c->col;
        res->pointer = tg_model_pointer_join(m, op, name);
        res->flags = TG_RES_FROM_PLAN;
        res->scope = r->scope;
    }
}

/* Changes Terraform deferred to a later plan (1.9+): an account among them is not in this
 * plan's values, and is said to be unchecked rather than left out without a word. */
static void add_deferred(reader *r, const tg_value *root)
{
    const tg_value *list = get(root, "deferred_changes");
    for (size_t i = 0; list && list->kind == TG_V_ARRAY && i < list->u.coll.n; i++) {
        const tg_value *d = list->u.coll.items[i];
        const tg_value *rc = get(d, "resource_change");
        const char *type = str(rc, "type"), *address = str(rc, "address");
        const char *why = str(d, "reason");
        const tg_value *change = get(rc, "change");
        const tg_value *values = get(change, "after");
        if (!type || !address ||
            !account_type(r->m->arena, type,
                          values && values->kind != TG_V_NULL ? values : get(change, "before")))
            continue;
        tg_model_add_unchecked(r->m, (int)r->file, tg_arena_strdup(r->m->arena, address),
                               tg_arena_printf(r->m->arena,
                                               "Terraform deferred it to a later plan (%s), so "
                                               "this plan does not hold its values",
                                               why ? why : "no reason given"),
                               rc->line, rc->col);
    }
}

static char *plan_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return tg_xstrdup(".");
    if (slash == path)
        return tg_xstrdup("/");
    return tg_xstrndup(path, (size_t)(slash - path));
}

int tg_tfplan_load(tg_model *m, size_t file, const tg_value *root, const tg_tfplan_inputs *in,
                   tg_error *err)
{
    reader r = {m, file, err, 0, NULL, 0, 0, NULL, NULL, {0}, ++m->nscopes};
    if (!root || root->kind != TG_V_OBJECT) {
        fail(&r, root, "a Terraform plan is a JSON object");
        return TG_ERR;
    }
    if (check_version(&r, root) != TG_OK)
        return TG_ERR;
    index_changes(&r, root);
    long pi = tg_value_find(root, "planned_values");
    if (pi >= 0) {
        const tg_value *pv = root->u.coll.items[pi];
        long mi = tg_value_find(pv, "root_module");
        if (mi >= 0)
            walk_module(&r, pv->u.coll.items[mi],
                        tg_model_pointer_join(m,
                                              tg_model_pointer_join(m, "", root->u.coll.keys[pi]),
                                              pv->u.coll.keys[mi]),
                        "", 0);
    }
    for (size_t i = 0; r.changes && i < r.changes->u.coll.n; i++) {
        const tg_value *c = r.changes->u.coll.items[i];
        if (!r.used[i] && c->kind == TG_V_OBJECT && !deposed(c))
            add_inst(&r, (inst){NULL, NULL, NULL, c, ptr_index(m->arena, "/resource_changes", i)});
    }

    context cx = {tg_tflink_new(m, file, get(root, "configuration")), NULL};
    const char *dir = in ? in->source_root : NULL;
    char *folder = NULL;
    if (!dir && in && in->plan_fs_path)
        dir = folder = plan_folder(in->plan_fs_path);
    const char *src_missing = NULL;
    struct stat st;
    if (in && in->source_root && (stat(in->source_root, &st) != 0 || !S_ISDIR(st.st_mode)))
        src_missing = tg_arena_printf(m->arena,
                                      "--source-root \"%s\" is not a folder that exists, so the "
                                      "plan's resources are not placed in their .tf files",
                                      in->source_root);
    else if (dir)
        cx.src = tg_tfsource_new(dir);
    for (size_t i = 0; i < r.n; i++)
        add_one(&r, &cx, &r.v[i]);
    tg_tflink_run(cx.link);
    add_outputs(&r, root);
    add_deferred(&r, root);
    const tg_value *errored = get(root, "errored");
    const tg_value *complete = get(root, "complete");
    if (is_true(errored))
        fail(&r, errored,
             "Terraform reported errors while making this plan: it may leave resources out");
    else if (!m->files[file].note && complete && complete->kind == TG_V_BOOL &&
             !complete->u.boolean)
        m->files[file].note = "the plan is incomplete (complete: false): what Terraform "
                              "deferred to a later plan is not in it, so it is not checked";
    if (src_missing)
        fail(&r, NULL, src_missing);

    tg_tflink_free(cx.link);
    tg_tfsource_free(cx.src);
    free(folder);
    free(r.v);
    free(r.used);
    tg_tfindex_free(&r.by_address);
    return r.failed ? TG_ERR : TG_OK;
}
