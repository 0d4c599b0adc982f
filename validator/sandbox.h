/* sandbox.h — one Lua 5.4 state that can run untrusted policy code: allow-listed
 * libraries only, text chunks only, a memory cap through the allocator, an
 * instruction budget through a count hook that pcall inside the policy cannot
 * swallow, and bounded string/pattern work (a hook cannot stop a long C call).
 *
 * Part of the engine: only engine files include this (and lua.h).
 * Ownership: tg_sandbox_new gives the caller a sandbox to free with tg_sandbox_free. */
#ifndef TG_SANDBOX_H
#define TG_SANDBOX_H

#include "error.h"

#include <lua.h>
#include <stddef.h>

typedef struct tg_sandbox_limits {
    size_t memory_bytes;      /* cap on the whole state's live memory */
    size_t call_memory_bytes; /* cap on growth during one tg_sandbox_call */
    long instructions;        /* VM instructions allowed per tg_sandbox_call */
    double seconds;           /* wall-clock time allowed per tg_sandbox_call: the backstop for
                                 single instructions that are slow (comparing two huge strings,
                                 long __index chains), which the instruction count cannot see */
} tg_sandbox_limits;

/* Defaults: 256 MiB state, 64 MiB per call, 20 million instructions and 3 seconds per call. */
void tg_sandbox_default_limits(tg_sandbox_limits *out);

typedef struct tg_sandbox tg_sandbox;

int tg_sandbox_new(tg_sandbox **out, const tg_sandbox_limits *limits, tg_error *err);
void tg_sandbox_free(tg_sandbox *sb); /* accepts NULL */
lua_State *tg_sandbox_lua(tg_sandbox *sb);

/* Pushes a fresh environment table for one policy: its own copies of the allowed
 * globals and libraries (base minus load/loadfile/dofile/print/collectgarbage/rawset/
 * warn; string without dump; table; math without random/randomseed, whose state would be
 * shared between policies; utf8), so that one policy
 * changing string.find or a global changes nothing for another. _G in it is itself. */
void tg_sandbox_push_env(tg_sandbox *sb);

/* Compiles src (text only: binary chunks are refused) and sets the table at stack
 * index env_index as its _ENV. On success pushes the function; on failure pushes
 * nothing and sets err (file = name, line from Lua's message when it has one). */
int tg_sandbox_load(tg_sandbox *sb, int env_index, const char *name, const char *src, size_t len,
                    tg_error *err);

/* Like lua_pcall(L, nargs, nresults, traceback handler) with the instruction budget and
 * the per-call memory cap armed for this call only. On failure pops the function and
 * arguments, pushes nothing, and writes a one-line message (no traceback noise beyond the
 * first line of the policy location) into msg: "instruction budget exceeded",
 * "memory limit exceeded", or the policy's error text. Returns the Lua status. */
int tg_sandbox_call(tg_sandbox *sb, int nargs, int nresults, char *msg, size_t msglen);

#endif
