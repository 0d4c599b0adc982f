/* engine.c — loads policies into the sandbox once per run and runs them over a model.
 * Every Lua call goes through tg_sandbox_call, so a policy that errors, loops or eats
 * memory costs one `error` result and nothing else. No C heap memory is held across
 * those calls: results are copied out of Lua only after a call has returned. */
#include "engine.h"
#include "bridge.h"
#include "dir.h"
#include "embedded.h"
#include "sandbox.h"
#include "text.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POLICY_BYTES (1024 * 1024)

typedef struct policy {
    tg_rule rule;
    int shipped;   /* built into the binary (may be replaced once, by a --policy-dir file) */
    int env_ref;   /* the policy's environment (registry reference) */
    int check_ref; /* its check function */
} policy;

struct tg_engine {
    tg_sandbox *sb;
    policy *pol;
    size_t npol, cappol;
    const char **kinds;
    size_t nkinds;
    int broadest_prefix;
    const char *const *lists[3]; /* allowed_locations, allowed_skus, required_tags */
    size_t nlists[3];
};

static const char *const list_names[3] = {"allowed_locations", "allowed_skus", "required_tags"};

static const char *const default_kinds[] = {"TextTranslation", "CognitiveServices", "AIServices"};

/* ---- loading ---------------------------------------------------------------------- */

typedef struct chunk {
    const char *name; /* display name, e.g. "lua/tg.lua" */
    const char *data;
    size_t len;
} chunk;

static char *field_string(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    lua_rawget(L, t);
    char *s = lua_type(L, -1) == LUA_TSTRING ? tg_xstrdup(lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    return s;
}

static void rule_free(tg_rule *r)
{
    free(r->id);
    free(r->name);
    free(r->title);
    free(r->rationale);
    free(r->remediation);
    free(r->arm_snippet);
    free(r->terraform_snippet);
    free(r->azure_policy);
    free(r->mcsb);
    free(r->source);
}

static char *or_empty(char *s)
{
    return s ? s : tg_xstrdup("");
}

/* Reads the metadata table at the top of the stack into r; pops it. */
static int read_meta(lua_State *L, const char *name, tg_rule *r, int *check_ref, tg_error *err)
{
    int t = lua_gettop(L);
    if (!lua_istable(L, t)) {
        lua_settop(L, t - 1);
        return tg_error_set(err, name, 0, 0,
                            "policy must return a table with id, name, severity, title and check");
    }
    memset(r, 0, sizeof *r);
    r->id = field_string(L, t, "id");
    r->name = field_string(L, t, "name");
    r->title = field_string(L, t, "title");
    char *sev = field_string(L, t, "severity");
    r->rationale = or_empty(field_string(L, t, "rationale"));
    r->remediation = or_empty(field_string(L, t, "remediation"));
    r->arm_snippet = or_empty(field_string(L, t, "arm_snippet"));
    r->terraform_snippet = or_empty(field_string(L, t, "terraform_snippet"));
    r->azure_policy = or_empty(field_string(L, t, "azure_policy"));
    r->mcsb = or_empty(field_string(L, t, "mcsb"));
    r->source = tg_xstrdup(name);
    r->enabled = 1;
    lua_pushliteral(L, "check");
    lua_rawget(L, t);
    int is_fn = lua_isfunction(L, -1);
    const char *missing = !r->id      ? "id"
                          : !r->name  ? "name"
                          : !r->title ? "title"
                          : !sev      ? "severity"
                          : !is_fn    ? "check"
                                      : NULL;
    int bad_sev = sev && tg_severity_parse(sev, &r->severity) != 0;
    int bad_id = 0;
    for (const char *p = r->id ? r->id : ""; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            bad_id = 1;
    if (missing || bad_sev || bad_id) {
        if (missing)
            tg_error_set(err, name, 0, 0, "policy has no %s%s", missing,
                         strcmp(missing, "check") == 0 ? " function" : " string");
        else if (bad_sev)
            tg_error_set(err, name, 0, 0,
                         "policy severity '%s' is not one of critical, high, medium, low, info",
                         sev);
        else
            tg_error_set(err, name, 0, 0,
                         "policy id '%s' may hold only letters, digits, '-', '_' and '.'", r->id);
        free(sev);
        rule_free(r);
        lua_settop(L, t - 1);
        return TG_ERR;
    }
    free(sev);
    *check_ref = luaL_ref(L, LUA_REGISTRYINDEX); /* pops check */
    lua_settop(L, t - 1);
    return TG_OK;
}

static int is_helper(const char *path)
{
    return strncmp(path, "lua/", 4) == 0;
}

/* Builds a policy: fresh env, __host, the helpers (tg.lua first), then the policy. */
static int load_policy(tg_engine *e, const chunk *helpers, size_t nhelpers, const chunk *c,
                       int is_shipped, tg_error *err)
{
    lua_State *L = tg_sandbox_lua(e->sb);
    int top = lua_gettop(L);
    tg_sandbox_push_env(e->sb);
    int env = lua_gettop(L);
    tg_bridge_push_host(L);
    lua_setfield(L, env, "__host");
    char msg[1024];
    for (size_t i = 0; i < nhelpers + 1; i++) {
        const chunk *k = i < nhelpers ? &helpers[i] : c;
        if (tg_sandbox_load(e->sb, env, k->name, k->data, k->len, err) != TG_OK) {
            lua_settop(L, top);
            return TG_ERR;
        }
        if (tg_sandbox_call(e->sb, 0, 1, msg, sizeof msg) != LUA_OK) {
            lua_settop(L, top);
            return tg_error_set(err, k->name, 0, 0, "%s", msg);
        }
        if (i < nhelpers)
            lua_pop(L, 1);
    }
    policy p;
    if (read_meta(L, c->name, &p.rule, &p.check_ref, err) != TG_OK) {
        lua_settop(L, top);
        return TG_ERR;
    }
    lua_pushvalue(L, env);
    p.env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_settop(L, top);

    p.shipped = is_shipped;
    for (size_t i = 0; i < e->npol; i++) {
        int same_id = strcmp(e->pol[i].rule.id, p.rule.id) == 0;
        if (!(same_id && e->pol[i].shipped) &&
            (same_id || tg_text_ieq(e->pol[i].rule.name, p.rule.name))) {
            /* two user policies claiming one id (or name) would make the verdict depend
             * on load order: a passing rule could quietly stand in for a failing one */
            tg_error_set(err, c->name, 0, 0, "policy %s %s is already defined by %s",
                         same_id ? "id" : "name", same_id ? p.rule.id : p.rule.name,
                         e->pol[i].rule.source);
            luaL_unref(L, LUA_REGISTRYINDEX, p.env_ref);
            luaL_unref(L, LUA_REGISTRYINDEX, p.check_ref);
            rule_free(&p.rule);
            return TG_ERR;
        }
    }
    for (size_t i = 0; i < e->npol; i++) {
        if (strcmp(e->pol[i].rule.id, p.rule.id) ==
            0) { /* a --policy-dir file replaces a shipped rule */
            luaL_unref(L, LUA_REGISTRYINDEX, e->pol[i].env_ref);
            luaL_unref(L, LUA_REGISTRYINDEX, e->pol[i].check_ref);
            rule_free(&e->pol[i].rule);
            e->pol[i] = p;
            return TG_OK;
        }
    }
    if (e->npol == e->cappol) {
        e->cappol = e->cappol ? e->cappol * 2 : 32;
        e->pol = tg_xrealloc(e->pol, e->cappol * sizeof *e->pol);
    }
    e->pol[e->npol++] = p;
    return TG_OK;
}

static int load_dir(tg_engine *e, const chunk *helpers, size_t nhelpers, const char *dir,
                    tg_error *err)
{
    char **names;
    size_t n;
    if (tg_dir_list(dir, &names, &n) != 0)
        return tg_error_set(err, dir, 0, 0, "cannot open policy folder: %s", strerror(errno));
    int rc = TG_OK;
    for (size_t i = 0; i < n && rc == TG_OK; i++) {
        if (!tg_text_iends(names[i], ".lua"))
            continue;
        tg_sb path = {0};
        tg_sb_printf(&path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path.s, "rb");
        if (!f) {
            rc = tg_error_set(err, path.s, 0, 0, "cannot read policy: %s", strerror(errno));
        } else {
            char *buf = tg_xmalloc(MAX_POLICY_BYTES + 1);
            size_t len = fread(buf, 1, MAX_POLICY_BYTES + 1, f);
            fclose(f);
            if (len > MAX_POLICY_BYTES) {
                rc = tg_error_set(err, path.s, 0, 0, "policy file is larger than 1 MiB");
            } else {
                chunk c = {path.s, buf, len};
                rc = load_policy(e, helpers, nhelpers, &c, 0, err);
            }
            free(buf);
        }
        tg_sb_free(&path);
    }
    tg_dir_names_free(names, n);
    return rc;
}

static int cmp_policy(const void *a, const void *b)
{
    return strcmp(((const policy *)a)->rule.id, ((const policy *)b)->rule.id);
}

int tg_engine_new(tg_engine **out, const tg_engine_opts *opts, tg_error *err)
{
    *out = NULL;
    tg_engine *e = tg_xcalloc(1, sizeof *e);
    tg_sandbox_limits lim;
    tg_sandbox_default_limits(&lim);
    if (tg_sandbox_new(&e->sb, &lim, err) != TG_OK) {
        free(e);
        return TG_ERR;
    }
    tg_bridge_init(tg_sandbox_lua(e->sb));
    if (opts && opts->kinds && opts->nkinds) {
        e->kinds = (const char **)opts->kinds;
        e->nkinds = opts->nkinds;
    } else {
        e->kinds = (const char **)default_kinds;
        e->nkinds = sizeof default_kinds / sizeof default_kinds[0];
    }
    e->broadest_prefix =
        opts && (opts->broadest_prefix || opts->broadest_prefix_set) ? opts->broadest_prefix : 24;
    if (opts) {
        e->lists[0] = opts->allowed_locations;
        e->nlists[0] = opts->nallowed_locations;
        e->lists[1] = opts->allowed_skus;
        e->nlists[1] = opts->nallowed_skus;
        e->lists[2] = opts->required_tags;
        e->nlists[2] = opts->nrequired_tags;
    }

    /* helpers: lua/tg.lua first, then the others in name order (embedgen sorted them) */
    chunk helpers[64];
    size_t nh = 0;
    for (size_t i = 0; i < tg_embedded_count && nh < 64; i++) {
        const tg_embedded_file *f = &tg_embedded_files[i];
        if (is_helper(f->path) && strcmp(f->path, "lua/tg.lua") == 0)
            helpers[nh++] = (chunk){f->path, f->data, f->len};
    }
    for (size_t i = 0; i < tg_embedded_count && nh < 64; i++) {
        const tg_embedded_file *f = &tg_embedded_files[i];
        if (is_helper(f->path) && strcmp(f->path, "lua/tg.lua") != 0)
            helpers[nh++] = (chunk){f->path, f->data, f->len};
    }
    int rc = TG_OK;
    for (size_t i = 0; i < tg_embedded_count && rc == TG_OK; i++) {
        const tg_embedded_file *f = &tg_embedded_files[i];
        if (!is_helper(f->path)) {
            chunk c = {f->path, f->data, f->len};
            rc = load_policy(e, helpers, nh, &c, 1, err);
        }
    }
    for (size_t i = 0; opts && i < opts->npolicy_dirs && rc == TG_OK; i++)
        rc = load_dir(e, helpers, nh, opts->policy_dirs[i], err);
    if (rc != TG_OK) {
        tg_engine_free(e);
        return TG_ERR;
    }
    qsort(e->pol, e->npol, sizeof *e->pol, cmp_policy);
    *out = e;
    return TG_OK;
}

void tg_engine_free(tg_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->npol; i++)
        rule_free(&e->pol[i].rule);
    free(e->pol);
    tg_sandbox_free(e->sb);
    free(e);
}

size_t tg_engine_rule_count(const tg_engine *e)
{
    return e->npol;
}

tg_rule *tg_engine_rule(tg_engine *e, size_t i)
{
    return i < e->npol ? &e->pol[i].rule : NULL;
}

/* ---- checking --------------------------------------------------------------------- */

typedef struct call_args {
    const tg_model *m;
    size_t res;
    const tg_bridge_links *links;
    const tg_engine *e;
} call_args;

/* Runs as a protected call: pushes (check, account, ctx). */
static int push_call(lua_State *L)
{
    call_args *a = lua_touserdata(L, 1);
    int check_ref = (int)lua_tointeger(L, 2);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
    tg_bridge_push_resource(L, a->m, a->res, a->links);
    lua_createtable(L, 0, 2);
    lua_createtable(L, (int)a->e->nkinds, 0);
    for (size_t i = 0; i < a->e->nkinds; i++) {
        lua_pushstring(L, a->e->kinds[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "kinds");
    lua_createtable(L, 0, 4);
    lua_pushinteger(L, a->e->broadest_prefix);
    lua_setfield(L, -2, "broadest_prefix");
    for (int l = 0; l < 3; l++) {
        if (!a->e->lists[l])
            continue;
        lua_createtable(L, (int)a->e->nlists[l], 0);
        for (size_t i = 0; i < a->e->nlists[l]; i++) {
            lua_pushstring(L, a->e->lists[l][i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_setfield(L, -2, list_names[l]);
    }
    lua_setfield(L, -2, "settings");
    return 3;
}

/* Is resource r a Translator account in scope? *why explains a scope that depends on
 * an unknown kind. */
static int in_scope(const tg_engine *e, tg_model *m, const tg_resource *r, const char **why)
{
    *why = NULL;
    if (!tg_model_is_type(r, "Microsoft.CognitiveServices/accounts") ||
        (r->flags & (TG_RES_EXISTING | TG_RES_NOT_DEPLOYED)))
        return 0;
    const tg_value *kind = tg_value_get(r->body, "kind");
    if (kind && kind->kind == TG_V_STRING) {
        for (size_t i = 0; i < e->nkinds; i++)
            if (tg_text_ieq(kind->u.str.s, e->kinds[i]))
                return 1;
        tg_sb kinds = {0};
        for (size_t i = 0; i < e->nkinds; i++)
            tg_sb_printf(&kinds, "%s%s", i ? ", " : "", e->kinds[i]);
        tg_model_add_unchecked(
            m, r->file, r->address,
            tg_arena_printf(m->arena, "its kind '%s' is not one of the kinds in scope (%s)",
                            kind->sensitive ? "(sensitive)" : kind->u.str.s,
                            kinds.s ? kinds.s : ""),
            r->line, r->col);
        tg_sb_free(&kinds);
        return 0;
    }
    if (kind && kind->kind == TG_V_UNKNOWN)
        *why = tg_arena_printf(m->arena, "in scope only if it is a Translator kind: its kind %s",
                               kind->u.reason);
    else
        *why = "in scope only if it is a Translator kind: it declares no kind";
    return 1;
}

static const char *raw_string(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    lua_rawget(L, t);
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1); /* the string stays alive: it is referenced by table t */
    return s;
}

/* Locates x; returns the value the path led to (or NULL). */
static const tg_value *set_location(tg_model *m, tg_result *x, size_t res, const char *path)
{
    const tg_value *at = NULL;
    x->pointer = tg_model_locate(m, &m->res[res], path, &at, &x->line, &x->col);
    x->file = m->res[res].file;
    return at;
}

/* Turns the value a check returned (top of stack) into x; pops it. */
static void read_result(lua_State *L, tg_model *m, size_t account, tg_result *x)
{
    int t = lua_gettop(L);
    tg_arena *a = m->arena;
    if (!lua_istable(L, t)) {
        x->status = TG_ST_ERROR;
        x->message = tg_arena_printf(
            a,
            "policy returned a %s instead of a result (use tg.pass, tg.fail, tg.unknown or tg.na)",
            luaL_typename(L, t));
        set_location(m, x, account, NULL);
        lua_settop(L, t - 1);
        return;
    }
    const char *status = raw_string(L, t, "status");
    const char *message = raw_string(L, t, "message");
    const char *path = raw_string(L, t, "path");
    lua_pushliteral(L, "resource");
    lua_rawget(L, t);
    size_t res = account;
    if (lua_isinteger(L, -1)) {
        lua_Integer id = lua_tointeger(L, -1);
        if (id >= 0 && (size_t)id < m->nres)
            res = (size_t)id;
    }
    lua_pop(L, 1);
    static const struct {
        const char *name;
        tg_status st;
    } map[] = {
        {"fail", TG_ST_FAIL}, {"pass", TG_ST_PASS}, {"unknown", TG_ST_UNKNOWN}, {"n/a", TG_ST_NA}};
    int found = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0] && status; i++)
        if (strcmp(status, map[i].name) == 0) {
            x->status = map[i].st;
            found = 1;
        }
    if (!found) {
        x->status = TG_ST_ERROR;
        x->message =
            tg_arena_printf(a, "policy returned status '%s' (expected fail, pass, unknown or n/a)",
                            status ? status : "(none)");
        set_location(m, x, account, NULL);
    } else if (!message || !*message) {
        x->status = TG_ST_ERROR;
        x->message = tg_arena_strdup(a, "policy returned a result without a message");
        set_location(m, x, account, NULL);
    } else {
        x->message = tg_arena_strdup(a, message);
        const tg_value *at = set_location(m, x, res, path);
        /* undecided because an expression could not be evaluated: that is an error in the
         * template, reported as such at the expression */
        if (x->status == TG_ST_UNKNOWN && at && at->kind == TG_V_UNKNOWN && at->failed)
            x->status = TG_ST_ERROR;
    }
    lua_settop(L, t - 1);
}

/* Replaces in msg every sensitive string of v (and below) with "(sensitive value)". */
static const char *scrub_value(tg_arena *a, const tg_value *v, const char *msg, int depth)
{
    if (!v || depth > 64)
        return msg;
    if (v->kind == TG_V_STRING && v->sensitive && v->u.str.len >= 1) {
        const char *hit;
        while ((hit = strstr(msg, v->u.str.s)) != NULL)
            msg = tg_arena_printf(a, "%.*s(sensitive value)%s", (int)(hit - msg), msg,
                                  hit + v->u.str.len);
    } else if (v->kind == TG_V_ARRAY || v->kind == TG_V_OBJECT) {
        for (size_t i = 0; i < v->u.coll.n; i++)
            msg = scrub_value(a, v->u.coll.items[i], msg, depth + 1);
    }
    return msg;
}

/* A message may quote values of the account or of resources linked to it: none of their
 * secrets may reach the output. */
static const char *scrub(tg_model *m, const tg_bridge_links *links, size_t account, const char *msg)
{
    if (!m->has_sensitive)
        return msg;
    msg = scrub_value(m->arena, m->res[account].body, msg, 0);
    msg = scrub_value(m->arena, m->res[account].native, msg, 0);
    for (size_t k = links->start[account]; k < links->start[account + 1]; k++) {
        const tg_resource *r = &m->res[m->links[links->idx[k]].from];
        msg = scrub_value(m->arena, r->body, msg, 0);
        msg = scrub_value(m->arena, r->native, msg, 0);
    }
    return msg;
}

int tg_engine_check(tg_engine *e, tg_model *m, tg_results *out)
{
    lua_State *L = tg_sandbox_lua(e->sb);
    tg_bridge_links links;
    tg_bridge_links_build(&links, m);
    char msg[1024];
    for (size_t i = 0; i < m->nres; i++) {
        const char *why;
        if (!in_scope(e, m, &m->res[i], &why))
            continue;
        const char *note = m->res[i].note;
        for (size_t p = 0; p < e->npol; p++) {
            if (!e->pol[p].rule.enabled)
                continue;
            call_args args = {m, i, &links, e};
            tg_result *x = tg_results_add(out);
            x->rule = p;
            x->resource = i;
            /* build the arguments under protection, then call check with the budget */
            lua_pushcfunction(L, push_call);
            lua_pushlightuserdata(L, &args);
            lua_pushinteger(L, e->pol[p].check_ref);
            int st = tg_sandbox_call(e->sb, 2, 3, msg, sizeof msg);
            if (st == LUA_OK)
                st = tg_sandbox_call(e->sb, 2, 1, msg, sizeof msg);
            if (st != LUA_OK) {
                x->status = TG_ST_ERROR;
                x->message = tg_arena_printf(m->arena, "policy failed: %s", msg);
                set_location(m, x, i, NULL);
            } else {
                read_result(L, m, i, x);
            }
            x->message = scrub(m, &links, i, x->message);
            if (why)
                x->message = tg_arena_printf(m->arena, "%s (%s)", x->message, why);
            if (note)
                x->message = tg_arena_printf(m->arena, "%s (%s)", x->message, note);
        }
    }
    tg_bridge_links_free(&links);
    return TG_OK;
}
