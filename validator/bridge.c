/* bridge.c — pushes model values and resources into Lua (see bridge.h). */
#include "bridge.h"
#include "error.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#define UNKNOWN_MT "tg.unknown"
#define NULL_MT "tg.null"
#define NULL_KEY "tg.null.value"
/* JSON objects and arrays carry a protected metatable naming their shape, so policies can
 * tell an empty object from an empty array (getmetatable(t) is "object" or "array"). */
#define OBJECT_MT "tg.object"
#define ARRAY_MT "tg.array"

static int unknown_index(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    if (k && strcmp(k, "reason") == 0) {
        lua_getiuservalue(L, 1, 1);
        return 1;
    }
    lua_pushnil(L);
    return 1;
}

static int unknown_tostring(lua_State *L)
{
    lua_getiuservalue(L, 1, 1);
    lua_pushfstring(L, "<unknown: %s>", lua_tostring(L, -1));
    return 1;
}

static int null_tostring(lua_State *L)
{
    lua_pushliteral(L, "null");
    return 1;
}

void tg_bridge_init(lua_State *L)
{
    luaL_newmetatable(L, UNKNOWN_MT);
    lua_pushcfunction(L, unknown_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, unknown_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "unknown");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    luaL_newmetatable(L, NULL_MT);
    lua_pushcfunction(L, null_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "null");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    lua_newuserdatauv(L, 0, 0);
    luaL_setmetatable(L, NULL_MT);
    lua_setfield(L, LUA_REGISTRYINDEX, NULL_KEY);

    luaL_newmetatable(L, OBJECT_MT);
    lua_pushliteral(L, "object");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_newmetatable(L, ARRAY_MT);
    lua_pushliteral(L, "array");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

static int host_is_unknown(lua_State *L)
{
    lua_pushboolean(L, luaL_testudata(L, 1, UNKNOWN_MT) != NULL);
    return 1;
}

static int host_reason(lua_State *L)
{
    if (!luaL_testudata(L, 1, UNKNOWN_MT)) {
        lua_pushnil(L);
        return 1;
    }
    lua_getiuservalue(L, 1, 1);
    return 1;
}

/* The readable form of an unknown made from an ARM expression, known parts filled in
 * ("/subscriptions/{subscription().subscriptionId}/providers/.../<guid>"), or nil. */
static int host_readable(lua_State *L)
{
    if (!luaL_testudata(L, 1, UNKNOWN_MT)) {
        lua_pushnil(L);
        return 1;
    }
    lua_getiuservalue(L, 1, 2);
    return 1;
}

void tg_bridge_push_host(lua_State *L)
{
    lua_createtable(L, 0, 4);
    lua_pushcfunction(L, host_readable);
    lua_setfield(L, -2, "readable");
    lua_getfield(L, LUA_REGISTRYINDEX, NULL_KEY);
    lua_setfield(L, -2, "null");
    lua_pushcfunction(L, host_is_unknown);
    lua_setfield(L, -2, "is_unknown");
    lua_pushcfunction(L, host_reason);
    lua_setfield(L, -2, "reason");
}

static void push_value(lua_State *L, const tg_value *v)
{
    luaL_checkstack(L, 4, "value nesting too deep");
    if (v->sensitive && v->kind != TG_V_UNKNOWN) {
        /* policies are untrusted code: a secret they never see is a secret they cannot print,
         * however they transform it. A rule that needs it says unknown. */
        lua_newuserdatauv(L, 0, 1);
        lua_pushliteral(
            L, "is marked sensitive in the plan, so transguard does not show it to policies");
        lua_setiuservalue(L, -2, 1);
        luaL_setmetatable(L, UNKNOWN_MT);
        return;
    }
    switch (v->kind) {
    case TG_V_NULL:
        lua_getfield(L, LUA_REGISTRYINDEX, NULL_KEY);
        break;
    case TG_V_BOOL:
        lua_pushboolean(L, v->u.boolean);
        break;
    case TG_V_NUMBER:
        /* integral values as Lua integers, so policies compare and print them as written */
        if (v->u.number == (double)(long long)v->u.number && v->u.number >= -9.0e15 &&
            v->u.number <= 9.0e15)
            lua_pushinteger(L, (lua_Integer)v->u.number);
        else
            lua_pushnumber(L, v->u.number);
        break;
    case TG_V_STRING:
        lua_pushlstring(L, v->u.str.s, v->u.str.len);
        break;
    case TG_V_ARRAY:
        lua_createtable(L, (int)(v->u.coll.n < 1u << 20 ? v->u.coll.n : 0), 0);
        for (size_t i = 0; i < v->u.coll.n; i++) {
            push_value(L, v->u.coll.items[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        luaL_setmetatable(L, ARRAY_MT);
        break;
    case TG_V_OBJECT:
        lua_createtable(L, 0, (int)(v->u.coll.n < 1u << 20 ? v->u.coll.n : 0));
        for (size_t i = 0; i < v->u.coll.n; i++) {
            push_value(L, v->u.coll.items[i]);
            lua_setfield(L, -2, v->u.coll.keys[i]);
        }
        luaL_setmetatable(L, OBJECT_MT);
        break;
    case TG_V_UNKNOWN:
        lua_newuserdatauv(L, 0, 2);
        lua_pushstring(L, v->u.reason ? v->u.reason : "is unknown");
        lua_setiuservalue(L, -2, 1);
        if (v->expr) {
            lua_pushstring(L, v->expr);
            lua_setiuservalue(L, -2, 2);
        }
        luaL_setmetatable(L, UNKNOWN_MT);
        break;
    }
}

void tg_bridge_links_build(tg_bridge_links *out, const tg_model *m)
{
    out->start = tg_xcalloc(m->nres + 1, sizeof *out->start);
    out->idx = tg_xcalloc(m->nlinks ? m->nlinks : 1, sizeof *out->idx);
    for (size_t k = 0; k < m->nlinks; k++)
        out->start[m->links[k].to + 1]++;
    for (size_t i = 0; i < m->nres; i++)
        out->start[i + 1] += out->start[i];
    size_t *fill = tg_xcalloc(m->nres ? m->nres : 1, sizeof *fill);
    for (size_t k = 0; k < m->nlinks; k++) {
        size_t to = m->links[k].to;
        out->idx[out->start[to] + fill[to]++] = k;
    }
    free(fill);
}

void tg_bridge_links_free(tg_bridge_links *l)
{
    free(l->start);
    free(l->idx);
    l->start = l->idx = NULL;
}

void tg_bridge_push_resource(lua_State *L, const tg_model *m, size_t i,
                             const tg_bridge_links *links)
{
    const tg_resource *r = &m->res[i];
    if (r->body && r->body->kind == TG_V_OBJECT)
        push_value(L, r->body);
    else
        lua_createtable(L, 0, 4);
    lua_pushstring(L, r->address);
    lua_setfield(L, -2, "address");
    lua_pushinteger(L, (lua_Integer)i);
    lua_setfield(L, -2, "_id");
    if (r->native) {
        push_value(L, r->native);
        lua_setfield(L, -2, "native");
    }
    if (!links)
        return;
    size_t from = links->start[i], to = links->start[i + 1];
    lua_createtable(L, (int)(to - from), 0);
    for (size_t k = from; k < to; k++) {
        const tg_link *l = &m->links[links->idx[k]];
        lua_createtable(L, 0, 6);
        lua_pushstring(L, l->relation);
        lua_setfield(L, -2, "relation");
        tg_bridge_push_resource(L, m, l->from, NULL);
        lua_setfield(L, -2, "resource");
        lua_pushstring(L, l->via ? l->via : "");
        lua_setfield(L, -2, "via");
        lua_pushboolean(L, l->decided);
        lua_setfield(L, -2, "decided");
        if (l->reason) {
            lua_pushstring(L, l->reason);
            lua_setfield(L, -2, "reason");
        }
        if (l->through != TG_LINK_DIRECT) {
            lua_pushinteger(L, (lua_Integer)l->through);
            lua_setfield(L, -2, "through");
        }
        lua_rawseti(L, -2, (lua_Integer)(k - from) + 1);
    }
    lua_setfield(L, -2, "links");
}
