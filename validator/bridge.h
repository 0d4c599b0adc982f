/* bridge.h — part of the engine: how model values appear in Lua. Known values become
 * plain Lua values, JSON null a sentinel, unknowns a userdata only the host can make
 * (so policies cannot mistake one for data), and each resource a fresh table.
 * Only engine files include this (and lua.h). */
#ifndef TG_BRIDGE_H
#define TG_BRIDGE_H

#include "model.h"

#include <lua.h>

/* Registers the metatables and the null sentinel in L's registry. Call once per state. */
void tg_bridge_init(lua_State *L);

/* Pushes the __host table the helpers capture: {null, is_unknown, reason}. */
void tg_bridge_push_host(lua_State *L);

/* Inbound links of every resource, computed once per model. */
typedef struct tg_bridge_links {
    size_t *start; /* links of resource i: idx[start[i] .. start[i+1]) */
    size_t *idx;   /* indices into m->links */
} tg_bridge_links;

void tg_bridge_links_build(tg_bridge_links *out, const tg_model *m);
void tg_bridge_links_free(tg_bridge_links *l);

/* Pushes resource i as a table (its body's members, address, _id and, when links is
 * not NULL, links). May raise a Lua error (memory): call it under a protected call. */
void tg_bridge_push_resource(lua_State *L, const tg_model *m, size_t i,
                             const tg_bridge_links *links);

#endif
