/* tflink.c — links inside one Terraform plan (see tflink.h).
 *
 * A known id is compared with the accounts' known ids, ignoring case, through a hash. An
 * id unknown until apply (every new deployment) is followed through the `configuration`
 * section: the resource's expression for the attribute lists its references
 * ("azurerm_cognitive_account.tr.id", "azurerm_cognitive_account.tr", "var.x",
 * "module.cog.id"); each is resolved in the module the resource is in — a resource of
 * that module (any instance, unless the reference names one), a variable through the
 * parent's module block, an output through the child module's configuration — and so on
 * recursively, a bounded number of steps. Resources are only ever matched within the
 * module instance the references lead to: never by a bare type.name across modules.
 *
 * A reference that leads to one account instance and nothing else decides the link. One
 * that leads to several instances (count / for_each without a key), to something the
 * configuration does not describe (locals, root variables, dynamic blocks), or to no
 * configuration at all gives undecided links, whose reason names the attribute and why. */
#include "tflink.h"
#include "error.h"
#include "text.h"
#include "tfindex.h"
#include "tfmap.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)
#define MAX_RESOLVE_DEPTH 32         /* variables and outputs followed through modules */
#define MAX_REFS 64                  /* references of one expression considered */
#define MAX_CANDIDATES 64            /* resources one reference may lead to */
#define MAX_MODULE_SEGMENTS 64       /* module.a.module.b... in one address */
#define MAX_CONFIG_DEPTH 64          /* module_calls inside module_calls */
#define MAX_UNDECIDED_PER_ACCOUNT 16 /* as armlink.c: one is enough to make a rule unknown */
#define MAX_STEPS 4096               /* resolution steps for one attribute */
#define MAX_WILD_SCAN 4096           /* instances looked at for a reference into a looped module */

typedef struct tres {
    size_t res;
    const char *module, *config_addr, *key, *tf_type, *calls;
    size_t next_in_module;  /* next instance of the same config_addr in the same module */
    size_t count_in_module; /* instances of it in that module so far, this one included */
    size_t next_in_calls;   /* ... in any instance of the same module call path */
    size_t next_by_name;    /* next account without a known id with the same name */
} tres;

struct tg_tflink {
    tg_model *m;
    size_t file;
    const tg_value *config;
    tres *v;
    size_t n, cap;
    tg_tfindex by_module;   /* "<module>\n<config_addr>" → first tres */
    tg_tfindex by_instance; /* "<module>\n<config_addr>\n<key>" → tres */
    tg_tfindex by_name;     /* lower-case name of an account whose id is unknown → tres */
    tg_tfindex by_calls;    /* "<calls>\n<config_addr>" → first tres */
    tg_tfindex by_id;       /* lower-case known account id → tres */
    tg_tfindex cfg;         /* "<calls>" → config module; "<calls>\n<addr>" → config resource */
    const tg_value **cfgv;
    size_t ncfg, capcfg;
    size_t *undecided; /* per model resource: undecided links made to it */
    size_t *active;    /* accounts of this plan that still take undecided links */
    size_t nactive;
};

static const tg_value *get(const tg_value *o, const char *key)
{
    return o && o->kind == TG_V_OBJECT ? tg_value_get(o, key) : NULL;
}

/* ---- module addresses ----------------------------------------------------------------- */

/* Skips the bracket at p ("[0]", "[\"a.b\"]", "[*]"); returns the byte after it, or NULL. */
static const char *skip_key(const char *p)
{
    if (*p != '[')
        return NULL;
    p++;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (*p == '\\' && p[1])
                p++;
        if (*p != '"')
            return NULL;
        p++;
    } else {
        while (*p && *p != ']')
            p++;
    }
    return *p == ']' ? p + 1 : NULL;
}

static size_t ident_len(const char *p)
{
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
           (p[n] >= '0' && p[n] <= '9') || p[n] == '_' || p[n] == '-')
        n++;
    return n;
}

typedef struct segment {
    const char *name, *key; /* key: start of "[...]" or NULL */
    size_t name_len, key_len;
} segment;

/* "module.a[\"k\"].module.b" into its segments; -1 when malformed. */
static int split_module(const char *addr, segment *segs, size_t max)
{
    size_t n = 0;
    const char *p = addr;
    while (*p) {
        if (strncmp(p, "module.", 7) != 0 || n == max)
            return -1;
        p += 7;
        size_t il = ident_len(p);
        if (il == 0)
            return -1;
        segs[n].name = p;
        segs[n].name_len = il;
        p += il;
        segs[n].key = NULL;
        segs[n].key_len = 0;
        if (*p == '[') {
            const char *e = skip_key(p);
            if (!e)
                return -1;
            segs[n].key = p;
            segs[n].key_len = (size_t)(e - p);
            p = e;
        }
        n++;
        if (*p == '.')
            p++;
        else if (*p)
            return -1;
    }
    return (int)n;
}

const char *tg_tflink_call_path(tg_arena *a, const char *module)
{
    segment segs[MAX_MODULE_SEGMENTS];
    int n = module ? split_module(module, segs, MAX_MODULE_SEGMENTS) : -1;
    if (n < 0)
        return NULL;
    tg_sb b = {0};
    tg_sb_adds(&b, "");
    for (int i = 0; i < n; i++) {
        if (i)
            tg_sb_addc(&b, '.');
        tg_sb_add(&b, segs[i].name, segs[i].name_len);
    }
    const char *s = tg_arena_strdup(a, b.s);
    tg_sb_free(&b);
    return s;
}

/* Does module instance address `addr` match `pattern`, where a "[*]" key in the pattern
 * stands for any key (or none)? */
static int module_matches(const char *pattern, const char *addr)
{
    segment ps[MAX_MODULE_SEGMENTS], as[MAX_MODULE_SEGMENTS];
    int np = split_module(pattern, ps, MAX_MODULE_SEGMENTS);
    int na = split_module(addr, as, MAX_MODULE_SEGMENTS);
    if (np < 0 || np != na)
        return 0;
    for (int i = 0; i < np; i++) {
        if (ps[i].name_len != as[i].name_len || memcmp(ps[i].name, as[i].name, ps[i].name_len))
            return 0;
        if (ps[i].key && ps[i].key_len == 3 && memcmp(ps[i].key, "[*]", 3) == 0)
            continue;
        if (ps[i].key_len != as[i].key_len ||
            (ps[i].key_len && memcmp(ps[i].key, as[i].key, ps[i].key_len)))
            return 0;
    }
    return 1;
}

/* ---- setup ------------------------------------------------------------------------- */

static void cfg_put(tg_tflink *k, const char *key, const tg_value *v)
{
    if (k->ncfg == k->capcfg) {
        k->capcfg = k->capcfg ? k->capcfg * 2 : 64;
        k->cfgv = tg_xrealloc(k->cfgv, k->capcfg * sizeof *k->cfgv);
    }
    k->cfgv[k->ncfg] = v;
    tg_tfindex_put(&k->cfg, key, k->ncfg++, NULL);
}

static const tg_value *cfg_get(const tg_tflink *k, const char *key)
{
    size_t i;
    return tg_tfindex_get(&k->cfg, key, &i) ? k->cfgv[i] : NULL;
}

static void index_config(tg_tflink *k, const tg_value *mod, const char *calls, int depth)
{
    tg_arena *a = k->m->arena;
    if (!mod || mod->kind != TG_V_OBJECT || depth > MAX_CONFIG_DEPTH)
        return;
    cfg_put(k, calls, mod);
    const tg_value *res = get(mod, "resources");
    for (size_t i = 0; res && res->kind == TG_V_ARRAY && i < res->u.coll.n; i++) {
        const tg_value *addr = get(res->u.coll.items[i], "address");
        if (addr && addr->kind == TG_V_STRING)
            cfg_put(k, tg_arena_printf(a, "%s\n%s", calls, addr->u.str.s), res->u.coll.items[i]);
    }
    const tg_value *calls_v = get(mod, "module_calls");
    for (size_t i = 0; calls_v && calls_v->kind == TG_V_OBJECT && i < calls_v->u.coll.n; i++) {
        const char *name = calls_v->u.coll.keys[i];
        const tg_value *call = calls_v->u.coll.items[i];
        if (ident_len(name) != strlen(name))
            continue;
        const char *sub = *calls ? tg_arena_printf(a, "%s.%s", calls, name) : name;
        /* the module block, its arguments and the child's outputs, each by name */
        cfg_put(k, tg_arena_printf(a, "%s\n@call", sub), call);
        const tg_value *args = get(call, "expressions");
        for (size_t j = 0; args && args->kind == TG_V_OBJECT && j < args->u.coll.n; j++)
            cfg_put(k, tg_arena_printf(a, "%s\n@var\n%s", sub, args->u.coll.keys[j]),
                    args->u.coll.items[j]);
        const tg_value *child = get(call, "module");
        const tg_value *outs = get(child, "outputs");
        for (size_t j = 0; outs && outs->kind == TG_V_OBJECT && j < outs->u.coll.n; j++)
            cfg_put(k, tg_arena_printf(a, "%s\n@out\n%s", sub, outs->u.coll.keys[j]),
                    get(outs->u.coll.items[j], "expression"));
        index_config(k, child, sub, depth + 1);
    }
}

tg_tflink *tg_tflink_new(tg_model *m, size_t file, const tg_value *configuration)
{
    tg_tflink *k = tg_xcalloc(1, sizeof *k);
    k->m = m;
    k->file = file;
    k->config = configuration && configuration->kind == TG_V_OBJECT ? configuration : NULL;
    if (k->config)
        index_config(k, get(k->config, "root_module"), "", 0);
    return k;
}

void tg_tflink_free(tg_tflink *k)
{
    if (!k)
        return;
    tg_tfindex_free(&k->by_module);
    tg_tfindex_free(&k->by_instance);
    tg_tfindex_free(&k->by_name);
    tg_tfindex_free(&k->by_calls);
    tg_tfindex_free(&k->by_id);
    tg_tfindex_free(&k->cfg);
    free(k->cfgv);
    free(k->v);
    free(k->undecided);
    free(k->active);
    free(k);
}

void tg_tflink_add(tg_tflink *k, size_t res, const char *module, const char *config_addr,
                   const char *key, const char *tf_type)
{
    tg_arena *a = k->m->arena;
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 64;
        k->v = tg_xrealloc(k->v, k->cap * sizeof *k->v);
    }
    const char *calls = tg_tflink_call_path(a, module);
    tres t = {res, module, config_addr, key, tf_type, calls, NONE, 1, NONE, NONE};
    size_t old;
    if (tg_tfindex_put(&k->by_module, tg_arena_printf(a, "%s\n%s", module, config_addr), k->n,
                       &old)) {
        t.next_in_module = old;
        t.count_in_module = k->v[old].count_in_module + 1;
    }
    tg_tfindex_put(&k->by_instance, tg_arena_printf(a, "%s\n%s\n%s", module, config_addr, key),
                   k->n, NULL);
    if (calls &&
        tg_tfindex_put(&k->by_calls, tg_arena_printf(a, "%s\n%s", calls, config_addr), k->n, &old))
        t.next_in_calls = old;
    k->v[k->n++] = t;
}

/* ---- resolving references ------------------------------------------------------------- */

typedef struct found {
    size_t c[MAX_CANDIDATES]; /* tres indices */
    size_t n;
    const char *why;       /* first reason a reference could not be followed */
    const char *ambiguous; /* first reference that named several instances */
    const char *each;      /* it comes from each.value / each.key: which element of the
                              for_each each instance gets is not recorded */
    size_t steps;
} found;

/* Where references are resolved: the module instance (a pattern when some module key
 * on the way is not known: "module.a[*]") and its module call path; and, for an
 * expression of a resource or module block with for_each, that for_each expression and
 * the instance key ("[\"a\"]") each.value and each.key stand for. */
typedef struct scope {
    const char *module, *calls;
    const tg_value *each;
    const char *each_key;
} scope;

static void add_candidate(found *f, size_t t)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->c[i] == t)
            return;
    if (f->n < MAX_CANDIDATES)
        f->c[f->n++] = t;
}

static void why(found *f, const char *reason)
{
    if (!f->why)
        f->why = reason;
}

static void resolve_refs(tg_tflink *k, scope s, const tg_value *expr, found *f, int depth);

static void resource_ref(tg_tflink *k, scope s, const char *ref, size_t addr_len, const char *key,
                         size_t key_len, found *f)
{
    tg_arena *a = k->m->arena;
    const char *addr = tg_arena_strndup(a, ref, addr_len);
    int wild = strstr(s.module, "[*]") != NULL;
    size_t t = NONE, matched = 0;
    if (!wild && key) { /* one instance, by its key */
        if (tg_tfindex_get(&k->by_instance,
                           tg_arena_printf(a, "%s\n%s\n%.*s", s.module, addr, (int)key_len, key),
                           &t)) {
            matched = 1;
            add_candidate(f, t);
        }
    } else if (!wild) { /* every instance: how many is known, a bounded few are kept */
        if (tg_tfindex_get(&k->by_module, tg_arena_printf(a, "%s\n%s", s.module, addr), &t))
            matched = k->v[t].count_in_module;
        for (size_t n = 0; t != NONE && n < MAX_CANDIDATES; n++, t = k->v[t].next_in_module)
            add_candidate(f, t);
    } else { /* in some instance of a looped module: matched by pattern, a bounded scan */
        tg_tfindex_get(&k->by_calls, tg_arena_printf(a, "%s\n%s", s.calls, addr), &t);
        for (size_t n = 0; t != NONE && n < MAX_WILD_SCAN; n++, t = k->v[t].next_in_calls) {
            const tres *x = &k->v[t];
            if (module_matches(s.module, x->module) &&
                (!key || (strlen(x->key) == key_len && memcmp(x->key, key, key_len) == 0))) {
                matched++;
                add_candidate(f, t);
            }
        }
    }
    const char *where = *s.module ? tg_arena_printf(a, " in %s", s.module) : "";
    if (matched == 0) {
        why(f, tg_arena_printf(a, "it refers to %.*s%s, which this plan does not create",
                               (int)(addr_len + key_len), ref, where));
    } else if (matched > 1 && !f->ambiguous) {
        f->ambiguous = tg_arena_printf(a,
                                       "it refers to %s%s, which has %zu instances (count or "
                                       "for_each), and the reference does not say which",
                                       addr, where, matched);
    }
}

/* var.NAME in scope s: the parent's module block sets it. */
static void variable_ref(tg_tflink *k, scope s, const char *name, size_t nl, found *f, int depth)
{
    tg_arena *a = k->m->arena;
    if (!*s.calls) {
        why(f, tg_arena_printf(a,
                               "it comes from the root module's variable var.%.*s, whose value "
                               "is set outside the configuration",
                               (int)nl, name));
        return;
    }
    segment segs[MAX_MODULE_SEGMENTS];
    int n = split_module(s.module, segs, MAX_MODULE_SEGMENTS);
    if (n <= 0)
        return;
    const segment *last = &segs[n - 1];
    scope up = {tg_arena_strndup(a, s.module, n == 1 ? 0 : (size_t)(last->name - 7 - 1 - s.module)),
                NULL, NULL, NULL};
    const char *dot = strrchr(s.calls, '.');
    up.calls = dot ? tg_arena_strndup(a, s.calls, (size_t)(dot - s.calls)) : "";
    /* the module block's arguments see its for_each, with this instance's key */
    up.each = get(cfg_get(k, tg_arena_printf(a, "%s\n@call", s.calls)), "for_each_expression");
    up.each_key = last->key ? tg_arena_strndup(a, last->key, last->key_len) : NULL;
    const char *call = tg_arena_strndup(a, last->name, last->name_len);
    const char *var = tg_arena_strndup(a, name, nl);
    const tg_value *expr = cfg_get(k, tg_arena_printf(a, "%s\n@var\n%s", s.calls, var));
    if (!expr) {
        why(f, tg_arena_printf(a,
                               "it comes from variable var.%s of module %s, which its module "
                               "block does not set (its default applies)",
                               var, call));
        return;
    }
    resolve_refs(k, up, expr, f, depth + 1);
}

/* module.NAME[KEY].OUT in scope s: the child module's output expression. */
static void output_ref(tg_tflink *k, scope s, const char *p, found *f, int depth)
{
    tg_arena *a = k->m->arena;
    size_t nl = ident_len(p);
    const char *call = tg_arena_strndup(a, p, nl);
    const char *q = p + nl, *key = NULL;
    size_t key_len = 0;
    if (*q == '[') {
        const char *e = skip_key(q);
        if (!e)
            return;
        key = q;
        key_len = (size_t)(e - q);
        q = e;
    }
    const char *calls = *s.calls ? tg_arena_printf(a, "%s.%s", s.calls, call) : call;
    const tg_value *block = cfg_get(k, tg_arena_printf(a, "%s\n@call", calls));
    if (!block) {
        why(f, tg_arena_printf(a,
                               "it refers to module.%s, which the configuration does not "
                               "describe",
                               call));
        return;
    }
    if (*q != '.' || ident_len(q + 1) == 0) {
        why(f,
            tg_arena_printf(a, "it refers to the whole module.%s, not one of its outputs", call));
        return;
    }
    const char *out = tg_arena_strndup(a, q + 1, ident_len(q + 1));
    const tg_value *expr = cfg_get(k, tg_arena_printf(a, "%s\n@out\n%s", calls, out));
    if (!expr) {
        why(f, tg_arena_printf(a,
                               "it refers to output %s of module.%s, which the configuration "
                               "does not describe",
                               out, call));
        return;
    }
    int looped = get(block, "count_expression") || get(block, "for_each_expression");
    const char *sep = *s.module ? "." : "";
    scope down = {NULL, NULL, NULL, NULL};
    if (key)
        down.module =
            tg_arena_printf(a, "%s%smodule.%s%.*s", s.module, sep, call, (int)key_len, key);
    else if (looped)
        down.module = tg_arena_printf(a, "%s%smodule.%s[*]", s.module, sep, call);
    else
        down.module = tg_arena_printf(a, "%s%smodule.%s", s.module, sep, call);
    down.calls = calls;
    resolve_refs(k, down, expr, f, depth + 1);
}

/* Is reference a a prefix of another reference in the list (Terraform lists
 * "x.tr[0].id", "x.tr[0]" and "x.tr" for one use)? The longest form says the most. */
static int implied(const char *a, const char *const *refs, size_t n)
{
    size_t al = strlen(a);
    for (size_t i = 0; i < n; i++)
        if (refs[i] != a && strncmp(refs[i], a, al) == 0 &&
            (refs[i][al] == '.' || refs[i][al] == '['))
            return 1;
    return 0;
}

/* The string references of expr that no other one implies, at most MAX_REFS; returns
 * how many. */
static size_t ref_list(const tg_value *expr, const char **list)
{
    const tg_value *refs = get(expr, "references");
    size_t n = 0;
    for (size_t i = 0; refs && refs->kind == TG_V_ARRAY && i < refs->u.coll.n && n < MAX_REFS; i++)
        if (refs->u.coll.items[i]->kind == TG_V_STRING)
            list[n++] = refs->u.coll.items[i]->u.str.s;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!implied(list[i], list, n))
            list[kept++] = list[i];
    return kept;
}

/* Length of "TYPE.NAME" or "data.TYPE.NAME" at the start of ref, or 0. */
static size_t resource_addr_len(const char *ref)
{
    const char *p = ref;
    if (strncmp(p, "data.", 5) == 0)
        p += 5;
    size_t tl = ident_len(p);
    if (tl == 0 || p[tl] != '.' || ident_len(p + tl + 1) == 0)
        return 0;
    return (size_t)(p + tl + 1 + ident_len(p + tl + 1) - ref);
}

/* each.value / each.key in scope s: an element of the for_each. The plan records only
 * what the for_each expression refers to, not which element each instance gets, so its
 * references are candidates and nothing is decided — except for_each over a resource
 * with for_each itself (for_each = azurerm_x.y), whose each.value is the instance with
 * this instance's own key. */
static void each_ref(tg_tflink *k, scope s, const char *ref, found *f, int depth)
{
    tg_arena *a = k->m->arena;
    if (!s.each)
        return; /* each outside a for_each: Terraform refuses it */
    const char *list[MAX_REFS];
    size_t n = ref_list(s.each, list);
    int value = strncmp(ref, "each.value", 10) == 0 && (ref[10] == '\0' || ref[10] == '.');
    size_t al = n == 1 ? resource_addr_len(list[0]) : 0;
    if (value && al && list[0][al] == '\0' && s.each_key && !strstr(s.module, "[*]")) {
        size_t t;
        if (tg_tfindex_get(&k->by_instance,
                           tg_arena_printf(a, "%s\n%s\n%s", s.module, list[0], s.each_key), &t)) {
            add_candidate(f, t);
            return;
        }
    }
    scope inner = {s.module, s.calls, NULL, NULL};
    resolve_refs(k, inner, s.each, f, depth + 1);
    if (f->each)
        return;
    tg_sb names = {0};
    for (size_t i = 0; i < n && i < 8; i++)
        tg_sb_printf(&names, "%s%s", i ? ", " : "", list[i]);
    if (n > 8)
        tg_sb_adds(&names, ", ...");
    f->each = tg_arena_printf(a,
                              "it comes from %.*s of a for_each over %s, and the plan does not "
                              "record which element each instance gets",
                              (int)(5 + ident_len(ref + 5)), ref, n ? names.s : "values");
    tg_sb_free(&names);
}

static void resolve_ref(tg_tflink *k, scope s, const char *ref, found *f, int depth)
{
    tg_arena *a = k->m->arena;
    if (strncmp(ref, "var.", 4) == 0) {
        variable_ref(k, s, ref + 4, ident_len(ref + 4), f, depth);
    } else if (strncmp(ref, "local.", 6) == 0) {
        why(f, tg_arena_printf(a,
                               "it comes from local.%.*s, and the plan's configuration does not "
                               "record what locals refer to",
                               (int)ident_len(ref + 6), ref + 6));
    } else if (strncmp(ref, "module.", 7) == 0) {
        output_ref(k, s, ref + 7, f, depth);
    } else if (strncmp(ref, "each.", 5) == 0) {
        each_ref(k, s, ref, f, depth);
    } else if (strncmp(ref, "count.", 6) == 0 || strncmp(ref, "path.", 5) == 0 ||
               strncmp(ref, "terraform.", 10) == 0 || strncmp(ref, "self.", 5) == 0) {
        /* not a resource */
    } else {
        /* TYPE.NAME or data.TYPE.NAME, then an optional [KEY] and attributes */
        const char *p = ref;
        if (strncmp(p, "data.", 5) == 0)
            p += 5;
        size_t tl = ident_len(p);
        if (tl == 0 || p[tl] != '.' || ident_len(p + tl + 1) == 0)
            return;
        const char *end = p + tl + 1 + ident_len(p + tl + 1);
        const char *key = NULL;
        size_t key_len = 0;
        if (*end == '[') {
            const char *e = skip_key(end);
            if (e) {
                key = end;
                key_len = (size_t)(e - end);
            }
        }
        resource_ref(k, s, ref, (size_t)(end - ref), key, key_len, f);
    }
}

static void resolve_refs(tg_tflink *k, scope s, const tg_value *expr, found *f, int depth)
{
    tg_arena *a = k->m->arena;
    if (depth > MAX_RESOLVE_DEPTH || ++f->steps > MAX_STEPS) {
        why(f, "its references lead through more modules than transguard follows");
        return;
    }
    const tg_value *refs = get(expr, "references");
    if (!refs || refs->kind != TG_V_ARRAY || refs->u.coll.n == 0) {
        if (!get(expr, "constant_value"))
            why(f, "the plan's configuration records no references for it");
        return;
    }
    const char *list[MAX_REFS];
    size_t n = ref_list(expr, list);
    if (refs->u.coll.n > MAX_REFS)
        why(f, tg_arena_printf(a, "its expression has more than %d references", MAX_REFS));
    for (size_t i = 0; i < n; i++)
        resolve_ref(k, s, list[i], f, depth);
}

/* ---- making links ------------------------------------------------------------------- */

static int is_account(const tg_tflink *k, size_t t)
{
    const tg_resource *r = &k->m->res[k->v[t].res];
    return tg_model_is_type(r, TG_TFMAP_ACCOUNT) && !(r->flags & TG_RES_EXISTING);
}

static void add_link(tg_tflink *k, size_t from, size_t to, const char *relation, const char *via,
                     const char *reason)
{
    if (from == to)
        return;
    if (reason && k->undecided[to]++ >= MAX_UNDECIDED_PER_ACCOUNT)
        return;
    tg_model_link(k->m, from, to, relation, via, reason);
}

/* Undecided links to every account of the plan (each takes a bounded number, so this
 * stays linear however many resources cannot be resolved). */
static void link_all(tg_tflink *k, size_t from, const char *relation, const char *via,
                     const char *reason)
{
    for (size_t i = 0; i < k->nactive;) {
        size_t to = k->active[i];
        add_link(k, from, to, relation, via, reason);
        if (k->undecided[to] >= MAX_UNDECIDED_PER_ACCOUNT)
            k->active[i] = k->active[--k->nactive];
        else
            i++;
    }
}

/* "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/n":
 * the resource group and name, or 0. */
static int account_id_parts(tg_arena *a, const char *id, const char **rg, const char **name)
{
    const char *prov = NULL;
    for (const char *p = id; (p = strchr(p, '/')) != NULL; p++)
        if (tg_text_istarts(p, "/providers/"))
            prov = p + strlen("/providers/");
    if (!prov || !tg_text_istarts(prov, TG_TFMAP_ACCOUNT "/"))
        return 0;
    const char *n = prov + strlen(TG_TFMAP_ACCOUNT "/");
    size_t nl = strcspn(n, "/");
    if (nl == 0 || (n[nl] == '/' && n[nl + 1] != '\0'))
        return 0;
    *name = tg_arena_strndup(a, n, nl);
    *rg = NULL;
    for (const char *p = id; (p = strchr(p, '/')) != NULL && p < prov; p++)
        if (tg_text_istarts(p, "/resourceGroups/")) {
            const char *g = p + strlen("/resourceGroups/");
            *rg = tg_arena_strndup(a, g, strcspn(g, "/"));
        }
    return 1;
}

static const char *native_str(const tg_tflink *k, size_t t, const char *key)
{
    const tg_value *v = get(k->m->res[k->v[t].res].native, key);
    return v && v->kind == TG_V_STRING ? v->u.str.s : NULL;
}

/* What an attribute's value names. */
typedef struct target {
    int decided; /* 1: to is the account */
    size_t to;   /* tres of the account when decided */
    size_t cand[MAX_CANDIDATES];
    size_t ncand;       /* accounts it may name (undecided) */
    int all;            /* it may name any account */
    const char *reason; /* for undecided */
    int none;           /* it names no account of this plan */
} target;

static void by_id(tg_tflink *k, const char *id, const char *attr, target *t)
{
    tg_arena *a = k->m->arena;
    char *low = tg_text_lower(tg_arena_strdup(a, id));
    size_t len = strlen(low);
    while (len > 1 && low[len - 1] == '/')
        low[--len] = '\0';
    size_t x;
    if (tg_tfindex_get(&k->by_id, low, &x)) {
        t->decided = 1;
        t->to = x;
        return;
    }
    const char *rg, *name;
    t->none = 1;
    if (!account_id_parts(a, id, &rg, &name))
        return;
    /* an account this plan creates has no id yet: the same name and group is most likely
     * it, but its subscription is not known */
    size_t i = NONE;
    tg_tfindex_get(&k->by_name, tg_text_lower(tg_arena_strdup(a, name)), &i);
    for (; i != NONE && t->ncand < MAX_CANDIDATES; i = k->v[i].next_by_name) {
        const char *g = native_str(k, i, "resource_group_name");
        if (!rg || (g && tg_text_ieq(g, rg)))
            t->cand[t->ncand++] = i;
    }
    if (t->ncand) {
        t->none = 0;
        t->reason =
            tg_arena_printf(a,
                            "%s names account %s%s%s, which this plan creates; it is this "
                            "account only if it is deployed to the subscription the id names",
                            attr, name, rg ? " in resource group " : "", rg ? rg : "");
    }
}

/* The configuration resource of tres t, or NULL. */
static const tg_value *config_of(tg_tflink *k, size_t t)
{
    if (!k->v[t].calls)
        return NULL;
    return cfg_get(k, tg_arena_printf(k->m->arena, "%s\n%s", k->v[t].calls, k->v[t].config_addr));
}

/* Resolves the unknown value of attribute attr of tres from, whose configuration
 * expression is expr. loose: any one account among the references decides (an azapi
 * body, whose references cover the whole body). */
static void by_config(tg_tflink *k, size_t from, const tg_value *expr, const tg_value *value,
                      const char *attr, int loose, target *t)
{
    tg_arena *a = k->m->arena;
    const tres *x = &k->v[from];
    found f;
    memset(&f, 0, sizeof f);
    if (!k->config)
        f.why = "the plan has no configuration section to tell what it refers to";
    else if (!x->calls)
        f.why = tg_arena_printf(a, "its module address %s cannot be read", x->module);
    else if (!expr)
        f.why = "the plan's configuration records no expression for it (a dynamic block?)";
    else
        resolve_refs(
            k, (scope){x->module, x->calls, get(config_of(k, from), "for_each_expression"), x->key},
            expr, &f, 0);
    size_t accounts = 0;
    for (size_t i = 0; i < f.n; i++)
        if (is_account(k, f.c[i]))
            t->cand[accounts++] = f.c[i];
    t->ncand = accounts;
    const char *unknown = value && value->kind == TG_V_UNKNOWN && value->u.reason
                              ? value->u.reason
                              : "is only known after apply";
    if (f.each && f.why)
        f.why = tg_arena_printf(a, "%s; %s", f.each, f.why);
    else if (f.each)
        f.ambiguous = f.each;
    if (accounts == 1 && !f.ambiguous && !f.each && (loose || (!f.why && f.n == 1))) {
        t->decided = 1;
        t->to = t->cand[0];
        return;
    }
    if (accounts > 0) {
        const char *because = f.ambiguous ? f.ambiguous : f.why;
        if (!because) {
            tg_sb names = {0};
            for (size_t i = 0; i < f.n; i++)
                tg_sb_printf(&names, "%s%s", i ? (i + 1 == f.n ? " or " : ", ") : "",
                             k->m->res[k->v[f.c[i]].res].address);
            because = tg_arena_printf(a, "it may refer to %s", names.s);
            tg_sb_free(&names);
        }
        t->reason = tg_arena_printf(a, "%s %s, and %s", attr, unknown, because);
        return;
    }
    if (f.why || f.ambiguous) {
        t->all = 1;
        t->reason = tg_arena_printf(a, "%s %s, and %s", attr, unknown, f.why ? f.why : f.ambiguous);
        return;
    }
    t->none = 1; /* it names resources of this plan that are not accounts */
}

static void link_value(tg_tflink *k, size_t from, const tg_value *value, const tg_value *expr,
                       const char *attr, const char *relation, const char *via, int loose)
{
    if (!value || value->kind == TG_V_NULL)
        return;
    target t;
    memset(&t, 0, sizeof t);
    if (value->kind == TG_V_STRING)
        by_id(k, value->u.str.s, attr, &t);
    else if (value->kind == TG_V_UNKNOWN)
        by_config(k, from, expr, value, attr, loose, &t);
    else
        return;
    size_t src = k->v[from].res;
    if (t.decided) {
        add_link(k, src, k->v[t.to].res, relation, via, NULL);
    } else if (t.ncand) {
        for (size_t i = 0; i < t.ncand; i++)
            add_link(k, src, k->v[t.cand[i]].res, relation, via, t.reason);
    } else if (t.all) {
        link_all(k, src, relation, via, t.reason);
    }
}

static const tg_value *expression(const tg_value *cres, const char *attr)
{
    return get(get(cres, "expressions"), attr);
}

/* A list of ids (a metric alert's scopes): each element is linked like a single id, an
 * unknown element through the references of the whole list's expression. */
static void link_list(tg_tflink *k, size_t from, const tg_value *list, const tg_value *expr,
                      const char *attr, const char *relation, const char *via)
{
    if (!list || list->kind == TG_V_NULL)
        return;
    if (list->kind != TG_V_ARRAY) {
        link_value(k, from, list, expr, attr, relation, via, 0);
        return;
    }
    for (size_t i = 0; i < list->u.coll.n; i++)
        link_value(k, from, list->u.coll.items[i], expr, attr, relation,
                   tg_arena_printf(k->m->arena, "%s[%zu]", via, i + 1), 0);
}

/* The expression of attribute attr of nested block `block` number i (falling back to the
 * first block: one block in the configuration may expand to several). */
static const tg_value *block_expression(const tg_value *cres, const char *block, size_t i,
                                        const char *attr)
{
    const tg_value *b = expression(cres, block);
    if (!b || b->kind != TG_V_ARRAY || b->u.coll.n == 0)
        return NULL;
    return get(b->u.coll.items[i < b->u.coll.n ? i : 0], attr);
}

/* The resource of type `type` that attribute value names (a known id, versionless_id or
 * versioned id; or, unknown, the one resource of that type its configuration expression
 * references), or NONE. */
static size_t find_of_type(tg_tflink *k, size_t from, const tg_value *value, const tg_value *expr,
                           const char *type)
{
    if (!value)
        return NONE;
    if (value->kind == TG_V_STRING) {
        for (size_t i = 0; i < k->n; i++) {
            if (strcmp(k->v[i].tf_type, type) != 0)
                continue;
            const char *id = native_str(k, i, "id"), *vl = native_str(k, i, "versionless_id");
            if ((id && tg_text_ieq(id, value->u.str.s)) ||
                (vl && tg_text_ieq(vl, value->u.str.s)) ||
                (vl && tg_text_istarts(value->u.str.s, vl) && value->u.str.s[strlen(vl)] == '/'))
                return i;
        }
        return NONE;
    }
    if (value->kind != TG_V_UNKNOWN || !k->config || !k->v[from].calls || !expr)
        return NONE;
    const tres *x = &k->v[from];
    found f;
    memset(&f, 0, sizeof f);
    resolve_refs(
        k, (scope){x->module, x->calls, get(config_of(k, from), "for_each_expression"), x->key},
        expr, &f, 0);
    size_t hit = NONE, hits = 0;
    for (size_t i = 0; i < f.n; i++)
        if (strcmp(k->v[f.c[i]].tf_type, type) == 0) {
            hit = f.c[i];
            hits++;
        }
    return hits == 1 && !f.ambiguous && !f.each ? hit : NONE;
}

/* The account's customer_managed_key.key_vault_key_id names an azurerm_key_vault_key
 * (relation "key"), whose key_vault_id names an azurerm_key_vault (relation "key-vault"):
 * both are linked to the account. */
static void link_key_vault(tg_tflink *k, size_t acc)
{
    const tg_value *cmk = get(k->m->res[k->v[acc].res].native, "customer_managed_key");
    if (cmk && cmk->kind == TG_V_ARRAY)
        cmk = cmk->u.coll.n ? cmk->u.coll.items[0] : NULL;
    const tg_value *kid = get(cmk, "key_vault_key_id");
    size_t key = find_of_type(
        k, acc, kid,
        block_expression(config_of(k, acc), "customer_managed_key", 0, "key_vault_key_id"),
        "azurerm_key_vault_key");
    if (key == NONE)
        return;
    add_link(k, k->v[key].res, k->v[acc].res, "key", "properties.key_vault_key_id", NULL);
    size_t vault = find_of_type(k, key, get(k->m->res[k->v[key].res].native, "key_vault_id"),
                                expression(config_of(k, key), "key_vault_id"), "azurerm_key_vault");
    if (vault != NONE)
        add_link(k, k->v[vault].res, k->v[acc].res, "key-vault", "properties.id", NULL);
}

static void link_endpoint(tg_tflink *k, size_t t, const tg_value *native, const tg_value *cres)
{
    tg_arena *a = k->m->arena;
    const tg_value *psc = get(native, "private_service_connection");
    if (psc && psc->kind == TG_V_UNKNOWN) {
        link_value(k, t, psc,
                   block_expression(cres, "private_service_connection", 0,
                                    "private_connection_resource_id"),
                   "private_service_connection", "private-endpoint",
                   "properties.privateLinkServiceConnections", 0);
        return;
    }
    for (size_t i = 0; psc && psc->kind == TG_V_ARRAY && i < psc->u.coll.n; i++) {
        const tg_value *c = psc->u.coll.items[i];
        const tg_value *id = c->kind == TG_V_UNKNOWN ? c : get(c, "private_connection_resource_id");
        const char *via = tg_tfmap_endpoint_via(a, native, i);
        if (!via)
            continue;
        link_value(k, t, id,
                   block_expression(cres, "private_service_connection", i,
                                    "private_connection_resource_id"),
                   "private_service_connection.private_connection_resource_id", "private-endpoint",
                   via, 0);
    }
}

/* An azapi private endpoint: the ids in its (ARM-shaped) body. */
static void link_azapi_endpoint(tg_tflink *k, size_t t, const tg_value *body, const tg_value *cres)
{
    tg_arena *a = k->m->arena;
    const tg_value *expr = expression(cres, "body");
    long pi = tg_value_find(body, "properties");
    if (pi < 0)
        return;
    const tg_value *props = body->u.coll.items[pi];
    if (props->kind == TG_V_UNKNOWN) {
        link_value(k, t, props, expr, "body", "private-endpoint", body->u.coll.keys[pi], 1);
        return;
    }
    static const char *const lists[] = {"privateLinkServiceConnections",
                                        "manualPrivateLinkServiceConnections"};
    for (size_t l = 0; l < 2; l++) {
        long li = tg_value_find(props, lists[l]);
        if (li < 0)
            continue;
        const tg_value *list = props->u.coll.items[li];
        const char *base =
            tg_arena_printf(a, "%s.%s", body->u.coll.keys[pi], props->u.coll.keys[li]);
        if (list->kind == TG_V_UNKNOWN) {
            link_value(k, t, list, expr, tg_arena_printf(a, "body %s", base), "private-endpoint",
                       base, 1);
            continue;
        }
        for (size_t i = 0; list->kind == TG_V_ARRAY && i < list->u.coll.n; i++) {
            const tg_value *conn = list->u.coll.items[i];
            long cpi = tg_value_find(conn, "properties");
            if (cpi < 0)
                continue;
            const tg_value *cp = conn->u.coll.items[cpi];
            long ii = tg_value_find(cp, "privateLinkServiceId");
            if (ii < 0)
                continue;
            const char *via = tg_arena_printf(a, "%s[%zu].%s.%s", base, i + 1,
                                              conn->u.coll.keys[cpi], cp->u.coll.keys[ii]);
            link_value(k, t, cp->u.coll.items[ii], expr, tg_arena_printf(a, "body %s", via),
                       "private-endpoint", via, 1);
        }
    }
}

/* base with update's members laid over it (objects merged, anything else replaced);
 * neither is changed. */
static tg_value *overlay(tg_arena *a, const tg_value *base, const tg_value *update, int depth)
{
    if (!base || base->kind != TG_V_OBJECT || update->kind != TG_V_OBJECT || depth > 32)
        return (tg_value *)update;
    tg_value *o = tg_value_new(a, TG_V_OBJECT);
    *o = *base;
    o->u.coll.n = 0;
    o->u.coll.items = NULL;
    o->u.coll.keys = NULL;
    tg_tfindex names = {0}; /* lower-case member name → index: ARM names ignore case */
    for (size_t i = 0; i < base->u.coll.n; i++) {
        tg_tfindex_put(&names, tg_text_lower(tg_arena_strdup(a, base->u.coll.keys[i])), i, NULL);
        tg_value_set(a, o, base->u.coll.keys[i], base->u.coll.items[i]);
    }
    for (size_t i = 0; i < update->u.coll.n; i++) {
        const char *key = update->u.coll.keys[i];
        if (depth == 0 && (tg_text_ieq(key, "type") || tg_text_ieq(key, "apiVersion") ||
                           tg_text_ieq(key, "name")))
            continue;
        size_t at;
        if (tg_tfindex_get(&names, tg_text_lower(tg_arena_strdup(a, key)), &at))
            o->u.coll.items[at] =
                overlay(a, o->u.coll.items[at], update->u.coll.items[i], depth + 1);
        else
            tg_value_set(a, o, key, update->u.coll.items[i]);
    }
    tg_tfindex_free(&names);
    return o;
}

/* A copy of an update's body with every value it sets unknown for `reason` (objects
 * kept, so only the members it names change): what an update whose target is not known
 * may do to an account. */
static tg_value *maybe_set(tg_arena *a, const tg_value *v, const char *reason, int depth)
{
    if (v->kind == TG_V_OBJECT && depth < 32) {
        tg_value *o = tg_value_new(a, TG_V_OBJECT);
        *o = *v;
        o->u.coll.n = 0;
        o->u.coll.items = NULL;
        o->u.coll.keys = NULL;
        for (size_t i = 0; i < v->u.coll.n; i++)
            tg_value_set(a, o, v->u.coll.keys[i],
                         maybe_set(a, v->u.coll.items[i], reason, depth + 1));
        return o;
    }
    tg_value *u = tg_value_unknown(a, reason);
    u->line = v->line;
    u->col = v->col;
    u->kline = v->kline;
    u->kcol = v->kcol;
    u->sensitive = v->sensitive;
    return u;
}

/* Accounts of this plan (not other updates) named `name`, as candidates of t. */
static void by_account_name(tg_tflink *k, const char *name, target *t)
{
    for (size_t i = 0; i < k->n && t->ncand < MAX_CANDIDATES; i++) {
        const char *n = native_str(k, i, "name");
        if (is_account(k, i) && strcmp(k->v[i].tf_type, "azapi_update_resource") != 0 && n &&
            tg_text_ieq(n, name))
            t->cand[t->ncand++] = i;
    }
    if (t->ncand)
        t->reason = tg_arena_printf(k->m->arena,
                                    "its parent_id is only known after apply, and this plan has "
                                    "an account named %s",
                                    name);
    else
        t->none = 1;
}

/* Which account azapi_update_resource t updates: by resource_id, else by parent_id and
 * name (which make the id, as azapi does), else through the configuration. */
static void update_target(tg_tflink *k, size_t t, target *tg)
{
    tg_arena *a = k->m->arena;
    const tg_value *native = k->m->res[k->v[t].res].native;
    const tg_value *id = get(native, "resource_id");
    const tg_value *parent = get(native, "parent_id"), *name = get(native, "name");
    const tg_value *cres = config_of(k, t);
    int named = name && name->kind == TG_V_STRING;
    if (id && id->kind == TG_V_STRING) {
        by_id(k, id->u.str.s, "resource_id", tg);
    } else if (named && parent && parent->kind == TG_V_STRING) {
        by_id(k,
              tg_arena_printf(a, "%s/providers/%s/%s", parent->u.str.s, TG_TFMAP_ACCOUNT,
                              name->u.str.s),
              "parent_id and name", tg);
    } else if (id && id->kind == TG_V_UNKNOWN && expression(cres, "resource_id")) {
        by_config(k, t, expression(cres, "resource_id"), id, "resource_id", 0, tg);
    } else if (name && name->kind == TG_V_UNKNOWN) {
        by_config(k, t, expression(cres, "name"), name, "name", 0, tg);
    } else if (named) {
        by_account_name(k, name->u.str.s, tg);
    } else if (id && id->kind == TG_V_UNKNOWN) {
        by_config(k, t, NULL, id, "resource_id", 0, tg);
    } else {
        tg->all = 1;
        tg->reason = "it has no resource_id, nor a parent_id and name, naming the account";
    }
}

/* An account t may update gets what the update's body sets as unknowns. */
static void maybe_update(tg_tflink *k, size_t acc, const tg_value *update, const char *reason)
{
    tg_resource *r = &k->m->res[k->v[acc].res];
    r->body = overlay(k->m->arena, r->body, maybe_set(k->m->arena, update, reason, 0), 0);
}

/* An azapi_update_resource of an account changes that account: its body is laid over
 * the account's, and the update itself is not checked as an account of its own. When
 * which account it updates cannot be told, every account it may update (those its
 * references name, else every account of the plan) takes what its body sets as unknown,
 * so the rules reading those properties cannot pass on values it may change. */
static void apply_update(tg_tflink *k, size_t t)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    tg_resource *r = &m->res[k->v[t].res];
    r->flags |= TG_RES_EXISTING;
    target tg;
    memset(&tg, 0, sizeof tg);
    update_target(k, t, &tg);
    if (tg.decided) {
        tg_resource *acc = &m->res[k->v[tg.to].res];
        acc->body = overlay(a, acc->body, r->body, 0);
        tg_model_add_unchecked(m, r->file, r->address,
                               tg_arena_printf(a,
                                               "it updates %s: its changes are checked as part "
                                               "of that account",
                                               acc->address),
                               r->line, r->col);
        return;
    }
    if (!tg.ncand && !tg.all) {
        tg_model_add_unchecked(
            m, r->file, r->address,
            tg_arena_printf(a,
                            "it updates an account this plan does not deploy (%s): its changes "
                            "are not checked",
                            tg.reason ? tg.reason : "it names no account of this plan"),
            r->line, r->col);
        return;
    }
    const char *why = tg.reason ? tg.reason : "it names no account of this plan";
    const char *reason = tg_arena_printf(
        a, "may be changed by %s, whose target cannot be identified (%s)", r->address, why);
    size_t updated = 0;
    if (tg.ncand) {
        for (size_t i = 0; i < tg.ncand; i++)
            maybe_update(k, tg.cand[i], r->body, reason);
        updated = tg.ncand;
    } else {
        for (size_t i = 0; i < k->n; i++)
            if (i != t && is_account(k, i) &&
                strcmp(k->v[i].tf_type, "azapi_update_resource") != 0) {
                maybe_update(k, i, r->body, reason);
                updated++;
            }
    }
    tg_model_add_unchecked(m, r->file, r->address,
                           tg_arena_printf(a,
                                           "it updates an account that cannot be identified in "
                                           "this plan (%s): what its body sets is unknown for "
                                           "the %zu account%s it may update",
                                           why, updated, updated == 1 ? "" : "s"),
                           r->line, r->col);
}

void tg_tflink_run(tg_tflink *k)
{
    tg_model *m = k->m;
    tg_arena *a = m->arena;
    k->undecided = tg_xcalloc(m->nres ? m->nres : 1, sizeof *k->undecided);
    k->active = tg_xcalloc(k->n ? k->n : 1, sizeof *k->active);
    for (size_t i = 0; i < k->n; i++) {
        if (!is_account(k, i) || strcmp(k->v[i].tf_type, "azapi_update_resource") == 0)
            continue;
        const char *id = native_str(k, i, "id");
        const char *parent = native_str(k, i, "parent_id"), *name = native_str(k, i, "name");
        if (!id && parent && name && strcmp(k->v[i].tf_type, "azapi_resource") == 0)
            /* azapi: the parent and name make the id before Azure gives it */
            id = tg_arena_printf(a, "%s/providers/%s/%s", parent, TG_TFMAP_ACCOUNT, name);
        if (id && *id) {
            char *low = tg_text_lower(tg_arena_strdup(a, id));
            size_t len = strlen(low);
            while (len > 1 && low[len - 1] == '/')
                low[--len] = '\0';
            tg_tfindex_put(&k->by_id, low, i, NULL);
        } else if (name) {
            size_t old;
            if (tg_tfindex_put(&k->by_name, tg_text_lower(tg_arena_strdup(a, name)), i, &old))
                k->v[i].next_by_name = old;
        }
        k->active[k->nactive++] = k->v[i].res;
    }
    for (size_t i = 0; i < k->n; i++)
        if (is_account(k, i) && strcmp(k->v[i].tf_type, "azapi_update_resource") != 0)
            link_key_vault(k, i);
    /* updates first, so that links see the accounts as they will be */
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->v[i].tf_type, "azapi_update_resource") == 0 && is_account(k, i))
            apply_update(k, i);
    for (size_t i = 0; i < k->n; i++) {
        const tres *x = &k->v[i];
        const tg_resource *r = &m->res[x->res];
        if (r->flags & TG_RES_EXISTING)
            continue; /* data sources are targets, never sources of links */
        const tg_value *native = r->native;
        const char *tf = x->tf_type;
        if (strcmp(tf, "azurerm_private_endpoint") == 0) {
            link_endpoint(k, i, native, config_of(k, i));
        } else if (strcmp(tf, "azurerm_monitor_diagnostic_setting") == 0) {
            link_value(k, i, get(native, "target_resource_id"),
                       expression(config_of(k, i), "target_resource_id"), "target_resource_id",
                       "diagnostic-setting", "scope", 0);
        } else if (strcmp(tf, "azurerm_cognitive_account_customer_managed_key") == 0) {
            link_value(k, i, get(native, "cognitive_account_id"),
                       expression(config_of(k, i), "cognitive_account_id"), "cognitive_account_id",
                       "customer-managed-key", "properties.cognitiveAccountId", 0);
        } else if (strcmp(tf, "azurerm_monitor_metric_alert") == 0) {
            link_list(k, i, get(native, "scopes"), expression(config_of(k, i), "scopes"), "scopes",
                      "metric-alert", "properties.scopes");
        } else if (strcmp(tf, "azurerm_role_assignment") == 0) {
            link_value(k, i, get(native, "scope"), expression(config_of(k, i), "scope"), "scope",
                       "role-assignment", "properties.scope", 0);
        } else if (strcmp(tf, "azapi_resource") == 0 && tg_model_is_type(r, TG_TFMAP_DIAGNOSTIC)) {
            link_value(k, i, get(native, "parent_id"), expression(config_of(k, i), "parent_id"),
                       "parent_id", "diagnostic-setting", "scope", 0);
        } else if (strcmp(tf, "azapi_resource") == 0 && tg_model_is_type(r, TG_TFMAP_ENDPOINT)) {
            link_azapi_endpoint(k, i, r->body, config_of(k, i));
        }
    }
}
