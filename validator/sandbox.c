/* sandbox.c — one Lua 5.4 state for untrusted policy code.
 *
 * Why each piece exists:
 * - The allocator is the one place memory is counted, so the caps hold everywhere (parser,
 *   libraries, GC, lua_close); refusing a block is how Lua learns it is out of memory.
 * - A count hook spends the instruction budget; once it is spent the hook fires on every
 *   instruction, so no pcall/xpcall inside the policy can get past it.
 * - Running out of memory ends the call too: once an allocation really fails (refused again after
 *   Lua's emergency collection), the call is spent like the budget, and pcall/xpcall re-raise
 *   instead of catching. Otherwise a policy holding memory at the cap could catch "not enough
 *   memory" forever, each refusal costing a full collection that no instruction count sees.
 * - A C function runs to completion whatever the hook does, so every library function whose work
 *   is not bounded by the memory it allocates is wrapped: string.rep and the pattern functions are
 *   refused when too big, the table functions charge their loops to the budget, and bytes
 *   allocated during a call are charged too (so `s = s .. "x"` in a loop cannot go quadratic).
 * - Each policy gets its own copies of the globals and library tables; the one table every
 *   string shares (its metatable's __index) is locked away.
 * All state lives in struct tg_sandbox, reached through the allocator's ud: no globals, so
 * sandboxes may run in different threads. */
#include "sandbox.h"

#include <lauxlib.h>
#include <lualib.h>

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOOK_STEP 1000          /* instructions between two calls of the count hook */
#define ALLOC_BYTES_PER_STEP 64 /* bytes allocated in a call that cost one instruction */
#define PATTERN_MAX_STEPS 1e8   /* refuse a pattern call estimated to take more steps */
#define PATTERN_STEPS_PER_INSTRUCTION 100.0
#define ESTIMATE_MAX_WORK 5e7           /* past this, the estimator stops looking at the subject */
#define REP_MAX ((lua_Integer)16 << 20) /* string.rep: bytes, and repetitions */

struct tg_sandbox {
    lua_State *L;
    tg_sandbox_limits limits;
    size_t used;       /* live bytes of L */
    size_t cap;        /* the allocator refuses to go above this */
    int counting;      /* a tg_sandbox_call is running: the budget is armed */
    int exhausted;     /* the budget is spent: every instruction now raises */
    int out_of_memory; /* an allocation failed for good during this call: the call must end */
    int pending;       /* the last refusal, not yet known to be final: Lua retries the same
                          request (same three values) after an emergency collection */
    const void *pending_ptr;
    size_t pending_osize, pending_nsize;
    long remaining;   /* instructions left in this call */
    int hook_step;    /* instructions between two calls of the hook */
    size_t alloc_acc; /* bytes allocated in this call and not yet charged */
    double deadline;  /* now_seconds() past which the call is stopped */
    int timed_out;    /* the budget was spent by the clock, not by instructions */
};

/* Registry keys: only the addresses matter; nothing writes these. */
static const char budget_key = 'b';
static const char template_key = 't';

static const char budget_message[] = "instruction budget exceeded";
static const char memory_message[] = "memory limit exceeded";
static const char time_message[] = "time limit exceeded";

void tg_sandbox_default_limits(tg_sandbox_limits *out)
{
    out->memory_bytes = (size_t)256 << 20;
    out->call_memory_bytes = (size_t)64 << 20;
    out->instructions = 20000000L;
    out->seconds = 3.0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static tg_sandbox *sandbox_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- budget ---------------------------------------------------------------------------- */

static void count_hook(lua_State *L, lua_Debug *ar);

/* From here on the hook fires before every instruction. Only sets fields (lua_sethook is safe
 * anywhere, lua.c calls it from a signal handler), so the allocator may call it too. */
static void exhaust(tg_sandbox *sb)
{
    if (sb->exhausted || !sb->counting)
        return;
    sb->exhausted = 1;
    sb->remaining = 0;
    lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, 1);
}

/* Raises the message made at setup, so raising it allocates nothing. */
static int budget_error(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key);
    return lua_error(L);
}

/* Memory has run out for good in this call: it is spent, as if the budget were. */
static void memory_failed(tg_sandbox *sb)
{
    sb->pending = 0;
    sb->out_of_memory = 1;
    exhaust(sb);
}

/* Whether the call must end now, so that nothing may catch the error going by. A refusal still
 * pending here was final: Lua retries at once, before any error or other code can run. */
static int must_stop(tg_sandbox *sb)
{
    if (!sb->counting)
        return 0;
    if (sb->pending)
        memory_failed(sb);
    return sb->exhausted;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    tg_sandbox *sb = sandbox_of(L);
    if (!sb->exhausted) {
        sb->remaining -= sb->hook_step;
        if (sb->remaining > 0 && now_seconds() < sb->deadline)
            return;
        sb->timed_out = sb->remaining > 0;
        exhaust(sb);
    }
    budget_error(L);
}

/* Pays for C work out of the budget; raises when the budget cannot pay. */
static void charge(lua_State *L, double cost)
{
    tg_sandbox *sb = sandbox_of(L);
    if (!sb->counting)
        return;
    if (sb->exhausted || cost >= (double)sb->remaining) {
        exhaust(sb);
        budget_error(L);
    }
    sb->remaining -= (long)cost;
}

/* ---- memory ---------------------------------------------------------------------------- */

/* Lua answers a refused block with a full emergency collection and the same request again
 * (lmem.c tryagain): a refusal is final when the retry is refused too, or when something else
 * comes instead of the retry. The collection walks the whole heap, tens of milliseconds that no
 * instruction count sees, and a policy living at the cap can have one every few instructions;
 * so the clock is read at each refusal too, not only in the hook. */
static void refuse(tg_sandbox *sb, const void *ptr, size_t osize, size_t nsize)
{
    if (sb->pending) {
        memory_failed(sb);
        return;
    }
    sb->pending = 1;
    sb->pending_ptr = ptr;
    sb->pending_osize = osize;
    sb->pending_nsize = nsize;
    if (sb->counting && !sb->exhausted && now_seconds() >= sb->deadline) {
        sb->timed_out = 1;
        exhaust(sb);
    }
}

/* Whether this request repeats the pending refused one. */
static int is_retry(const tg_sandbox *sb, const void *ptr, size_t osize, size_t nsize)
{
    return sb->pending && ptr == sb->pending_ptr && osize == sb->pending_osize &&
           nsize == sb->pending_nsize;
}

/* A block was granted: if a refusal was pending, this was its retry (it recovered) or not (the
 * refusal was final). */
static void granted(tg_sandbox *sb, int retry)
{
    if (retry)
        sb->pending = 0;
    else if (sb->pending)
        memory_failed(sb);
}

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    tg_sandbox *sb = ud;
    size_t old = ptr ? osize : 0; /* with ptr == NULL, osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize <= old) {
        /* Lua assumes shrinking cannot fail; if realloc does, the old block still serves. */
        void *q = realloc(ptr, nsize);
        sb->used -= old - nsize;
        if (q)
            ptr = q;
        return ptr;
    }
    size_t grow = nsize - old;
    if (sb->used > sb->cap || grow > sb->cap - sb->used) {
        refuse(sb, ptr, osize, nsize);
        return NULL;
    }
    int retry = is_retry(sb, ptr, osize, nsize);
    void *q = realloc(ptr, nsize);
    if (!q) {
        refuse(sb, ptr, osize, nsize);
        return NULL;
    }
    granted(sb, retry);
    sb->used += grow;
    if (sb->counting && !sb->exhausted) {
        sb->alloc_acc += grow;
        if (sb->alloc_acc >= ALLOC_BYTES_PER_STEP) {
            sb->remaining -= (long)(sb->alloc_acc / ALLOC_BYTES_PER_STEP);
            sb->alloc_acc %= ALLOC_BYTES_PER_STEP;
            if (sb->remaining <= 0)
                exhaust(sb); /* cannot raise here; the next instruction will */
        }
    }
    return q;
}

/* Caps memory at (bytes now + call_memory_bytes) within memory_bytes. */
static void arm_memory(tg_sandbox *sb)
{
    size_t cap = sb->limits.memory_bytes;
    if (sb->limits.call_memory_bytes < cap - (sb->used < cap ? sb->used : cap))
        cap = sb->used + sb->limits.call_memory_bytes;
    sb->cap = cap;
    sb->pending = 0;
    sb->out_of_memory = 0;
}

static void disarm_memory(tg_sandbox *sb)
{
    sb->cap = sb->limits.memory_bytes;
}

/* ---- calling the stock functions we wrap ------------------------------------------------ */

/* Whether msg starts with Lua's "chunkid:line:" (a chunkid is at most LUA_IDSIZE long). */
static int has_position(const char *msg)
{
    for (const char *c = strchr(msg, ':'); c && c - msg < LUA_IDSIZE; c = strchr(c + 1, ':')) {
        const char *d = c + 1;
        if (!isdigit((unsigned char)*d))
            continue;
        while (isdigit((unsigned char)*d))
            d++;
        if (*d == ':')
            return 1;
    }
    return 0;
}

/* Calls upvalue 1 with this function's arguments. An error raised by that C function itself
 * would carry no position (its caller is this C function, not the policy), so the policy's
 * position is added, as it would be had the policy called the stock function directly. */
static int call_original(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcall(L, n, LUA_MULTRET, 0);
    if (status == LUA_OK)
        return lua_gettop(L);
    if (status != LUA_ERRMEM && !must_stop(sandbox_of(L)) && lua_type(L, -1) == LUA_TSTRING &&
        !has_position(lua_tostring(L, -1))) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/* Keeps the stock function reachable from the (policy-unreachable) global table, under its
 * own name: lauxlib names a function in "bad argument" messages by finding it there. */
static void wrap(lua_State *L, int lib, const char *name, lua_CFunction fn)
{
    lua_getfield(L, lib, name);
    lua_pushvalue(L, -1);
    lua_setglobal(L, name);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, lib, name);
}

/* ---- base functions --------------------------------------------------------------------- */

/* A finalizer would run at some later GC step — inside another policy's call, or in lua_close —
 * and Lua runs finalizers with hooks off (lgc.c GCTM sets allowhook = 0), so no budget could stop
 * one. Lua 5.4 marks an object for finalization only if its metatable has a __gc field at the
 * moment setmetatable is called (manual §2.5.3: a __gc added to the metatable later is ignored),
 * so checking here is enough. The check is raw, like Lua's own, and any non-nil value counts:
 * Lua marks the object even for __gc = false. */
static int sb_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: a __gc metamethod is not allowed in a policy");
        lua_pop(L, 1);
    }
    return call_original(L);
}

/* Lua calls a message handler from inside the hook when the hook raises (ldebug.c
 * luaG_errormsg), and there hooks are off: a handler looping there would never stop. So once
 * the call is spent, the policy's handler is skipped and the error passes unchanged. */
static int sb_message_handler(lua_State *L)
{
    if (must_stop(sandbox_of(L)))
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* lbaselib.c finishpcall, except that once the call is spent (budget, time or memory) the error
 * is raised again rather than caught: whatever the nesting, it reaches tg_sandbox_call. Raising
 * it again allocates nothing (lua_error keeps a memory error one). */
static int finish_protected(lua_State *L, int status, int extra)
{
    if (status == LUA_OK)
        return lua_gettop(L) - extra;
    if (must_stop(sandbox_of(L)))
        return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
}

/* lbaselib.c luaB_pcall, without the continuation (a policy has no coroutines to yield). */
static int sb_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    return finish_protected(L, lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0), 0);
}

/* lbaselib.c luaB_xpcall, with the policy's handler behind sb_message_handler. */
static int sb_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, sb_message_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    return finish_protected(L, lua_pcall(L, n - 2, LUA_MULTRET, 2), 2);
}

/* ---- string functions ------------------------------------------------------------------- */

/* string.rep("", 1e15) allocates nothing and loops 1e15 times, hence the count limit too. */
static int sb_str_rep(lua_State *L)
{
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
        double bytes = (double)l * (double)n + (double)lsep * (double)(n - 1);
        if (n > REP_MAX || bytes > (double)REP_MAX)
            return luaL_error(L, "string.rep: result too large (limit %I bytes and %I repetitions)",
                              (LUAI_UACINT)REP_MAX, (LUAI_UACINT)REP_MAX);
        charge(L, (double)n / ALLOC_BYTES_PER_STEP);
    }
    return call_original(L);
}

/* The class tests of lstrlib.c (match_class, matchbracketclass, singlematch, classend), so the
 * estimate sees the pattern exactly as the matcher will. */
static int class_match(int c, int cl)
{
    int res;
    switch (tolower(cl)) {
    case 'a':
        res = isalpha(c);
        break;
    case 'c':
        res = iscntrl(c);
        break;
    case 'd':
        res = isdigit(c);
        break;
    case 'g':
        res = isgraph(c);
        break;
    case 'l':
        res = islower(c);
        break;
    case 'p':
        res = ispunct(c);
        break;
    case 's':
        res = isspace(c);
        break;
    case 'u':
        res = isupper(c);
        break;
    case 'w':
        res = isalnum(c);
        break;
    case 'x':
        res = isxdigit(c);
        break;
    default:
        return cl == c;
    }
    return isupper(cl) ? !res : res;
}

static int bracket_match(int c, const char *p, const char *ec)
{
    int sig = 1;
    if (*(p + 1) == '^') {
        sig = 0;
        p++;
    }
    while (++p < ec) {
        if (*p == '%') {
            p++;
            if (class_match(c, (unsigned char)*p))
                return sig;
        } else if (*(p + 1) == '-' && p + 2 < ec) {
            p += 2;
            if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p)
                return sig;
        } else if ((unsigned char)*p == c) {
            return sig;
        }
    }
    return !sig;
}

static int single_match(int c, const char *p, const char *ep)
{
    switch (*p) {
    case '.':
        return 1;
    case '%':
        return class_match(c, (unsigned char)p[1]);
    case '[':
        return bracket_match(c, p, ep - 1);
    default:
        return (unsigned char)*p == c;
    }
}

/* Where the class at p ends; NULL where Lua raises "malformed pattern". */
static const char *class_end(const char *p, const char *pe)
{
    switch (*p++) {
    case '%':
        return p < pe ? p + 1 : NULL;
    case '[':
        if (p < pe && *p == '^')
            p++;
        do {
            if (p >= pe)
                return NULL;
            if (*p++ == '%' && p < pe)
                p++;
        } while (p >= pe || *p != ']');
        return p + 1;
    default:
        return p;
    }
}

/* The longest run of subject bytes the class [p, ep) matches: how far one repetition of it
 * can stretch, so how many lengths the matcher may try for it at one place. */
static size_t max_run(const unsigned char *s, size_t n, const char *p, const char *ep)
{
    if (*p == '.')
        return n;
    unsigned char in[256];
    for (int c = 0; c < 256; c++)
        in[c] = (unsigned char)single_match(c, p, ep);
    size_t best = 0, cur = 0;
    for (size_t i = 0; i < n; i++) {
        cur = in[s[i]] ? cur + 1 : 0;
        if (cur > best)
            best = cur;
    }
    return best;
}

/* One item of a pattern, as lstrlib.c's match() reads it. */
enum item_kind {
    ITEM_NEVER_FAILS, /* '(' and ')' */
    ITEM_CAN_FAIL,    /* a single class, '$' at the end, %f */
    ITEM_SCAN,        /* %b and back-references: may read up to n bytes, then pass or fail */
    ITEM_REPEAT,      /* a class with '*', '+', '-' or '?' */
};

struct item {
    const char *p, *class_end, *end;
    enum item_kind kind;
    char suffix;
};

/* Reads the item at p; 0 where Lua would raise (malformed pattern), which ends its matching. */
static int next_item(const char *p, const char *pe, struct item *it)
{
    it->p = p;
    it->suffix = 0;
    it->kind = ITEM_CAN_FAIL;
    if (*p == '(' || *p == ')') {
        it->kind = ITEM_NEVER_FAILS;
        it->end = p + (*p == '(' && p + 1 < pe && p[1] == ')' ? 2 : 1);
    } else if (*p == '$' && p + 1 == pe) {
        it->end = p + 1;
    } else if (*p == '%' && p + 1 < pe && p[1] == 'b') {
        if (pe - p < 4)
            return 0; /* "missing arguments to '%b'" */
        it->kind = ITEM_SCAN;
        it->end = p + 4;
    } else if (*p == '%' && p + 1 < pe && p[1] == 'f') {
        if (p + 2 >= pe || p[2] != '[' || !(it->end = class_end(p + 2, pe)))
            return 0; /* "missing '['" or "malformed pattern" */
    } else if (*p == '%' && p + 1 < pe && isdigit((unsigned char)p[1])) {
        it->kind = ITEM_SCAN;
        it->end = p + 2;
    } else {
        if (!(it->class_end = class_end(p, pe)))
            return 0;
        it->end = it->class_end;
        const char *ep = it->class_end;
        if (ep < pe && (*ep == '*' || *ep == '+' || *ep == '-' || *ep == '?')) {
            it->kind = ITEM_REPEAT;
            it->suffix = *ep;
            it->end = ep + 1;
        }
    }
    return 1;
}

/* Worst-case steps of Lua's backtracking matcher for pattern p on a subject of n bytes:
 *   starts * (paths * (1 + scans) + m) + tail
 * starts: places a match is tried (n + 1, or 1 when anchored by '^');
 * paths: product over the repetition items (x*, x+, x-: run + 1 lengths, x?: 2) — each choice
 *   of lengths is one path of the backtracking — where run is the longest stretch of the
 *   subject the class matches (the whole subject for '.'); this is at most the n^k of the
 *   textbook bound and far below it for classes such as %d on ordinary text;
 * scans: n for each %b and back-reference (%1), which may read up to n bytes on each path;
 * m: the pattern length, walked at each start even when nothing repeats;
 * tail: a repetition after which nothing can fail (only ')' and x*, x-, x? follow; x+ counts
 *   as x then x*) is never backtracked into: its first try succeeds. It adds no paths, and
 *   its stretching (up to n) happens only on successful paths, whose matches do not overlap,
 *   so n covers it. This keeps the split idiom s:gmatch("[^,]+") linear, as it really is.
 * Computed in floating point (no overflow), and abandoned as soon as it passes the bound. */
static double pattern_cost(const unsigned char *s, size_t n, const char *p, size_t m, int anchors)
{
    const char *pe = p + m, *tail = p;
    double starts = (double)n + 1, paths = 1, scans = 0, rest = 0, work = 0, cost = 0;
    struct item it;
    if (anchors && p < pe && *p == '^') {
        starts = 1;
        p++;
    }
    /* where the part of the pattern that cannot fail begins */
    for (const char *q = p; q < pe; q = it.end) {
        if (!next_item(q, pe, &it)) {
            tail = pe;
            break;
        }
        if (it.kind == ITEM_CAN_FAIL || it.kind == ITEM_SCAN)
            tail = it.end;
        else if (it.kind == ITEM_REPEAT && it.suffix == '+')
            tail = it.p;
    }
    for (const char *q = p; q < pe && cost <= PATTERN_MAX_STEPS; q = it.end) {
        if (!next_item(q, pe, &it))
            break; /* Lua raises when it gets here; what came before is counted */
        if (it.kind == ITEM_SCAN) {
            scans += (double)n;
        } else if (it.kind == ITEM_REPEAT && it.p >= tail) {
            if (it.suffix == '*' || it.suffix == '+')
                rest = (double)n;
        } else if (it.kind == ITEM_REPEAT) {
            work += 256.0 * (double)(it.class_end - it.p) + (double)n;
            size_t run = work <= ESTIMATE_MAX_WORK ? max_run(s, n, it.p, it.class_end) : n;
            paths *= it.suffix == '?' ? (run > 0 ? 2.0 : 1.0) : (double)run + 1;
        }
        cost = starts * (paths * (1 + scans) + (double)m) + rest;
    }
    return starts * (paths * (1 + scans) + (double)m) + rest;
}

/* A pattern with none of these is searched by find as plain text (lstrlib.c nospecials). */
static int no_specials(const char *p, size_t m)
{
    for (size_t i = 0; i < m; i++)
        if (p[i] && strchr("^$*+?.([%-", p[i]))
            return 0;
    return 1;
}

/* Plain search (lstrlib.c lmemfind) compares m bytes at each place the first byte occurs. */
static double literal_cost(const char *s, size_t n, const char *p, size_t m)
{
    if (m == 0 || m > n)
        return 0;
    double hits = 0;
    const char *c = s, *last = s + (n - m);
    while (c <= last && (c = memchr(c, p[0], (size_t)(last - c) + 1)) != NULL) {
        hits++;
        c++;
    }
    return hits * (double)m + (double)n / 16;
}

/* gsub copies a string replacement once per match, even when it adds nothing ("%1" of an
 * empty capture); functions and tables run their own (bounded) code per match. */
static double replacement_cost(lua_State *L, size_t n)
{
    double matches = (double)n + 1;
    int isint = 0;
    lua_Integer max = lua_tointegerx(L, 4, &isint);
    if (isint && (double)max < matches)
        matches = max < 0 ? 0 : (double)max;
    size_t rl = 1;
    if (lua_type(L, 3) == LUA_TSTRING)
        lua_tolstring(L, 3, &rl);
    else if (lua_type(L, 3) == LUA_TNUMBER)
        rl = 64; /* the longest a number converts to is shorter */
    return matches * ((double)rl + 1);
}

enum pattern_fn { PAT_FIND, PAT_MATCH, PAT_GMATCH, PAT_GSUB };

static int pattern_call(lua_State *L, enum pattern_fn fn)
{
    size_t n, m;
    const char *s = luaL_checklstring(L, 1, &n);
    const char *p = luaL_checklstring(L, 2, &m);
    double cost;
    if (fn == PAT_FIND && (lua_toboolean(L, 4) || no_specials(p, m)))
        cost = literal_cost(s, n, p, m);
    else /* gmatch takes '^' as a plain character: it is never anchored */
        cost = pattern_cost((const unsigned char *)s, n, p, m, fn != PAT_GMATCH);
    if (fn == PAT_GSUB)
        cost += replacement_cost(L, n);
    if (!(cost <= PATTERN_MAX_STEPS))
        return luaL_error(L, "pattern too complex for a subject of %I bytes", (LUAI_UACINT)n);
    charge(L, cost / PATTERN_STEPS_PER_INSTRUCTION);
    return call_original(L);
}

static int sb_str_find(lua_State *L)
{
    return pattern_call(L, PAT_FIND);
}

static int sb_str_match(lua_State *L)
{
    return pattern_call(L, PAT_MATCH);
}

/* The estimate covers the whole subject, i.e. every later call of the iterator. */
static int sb_str_gmatch(lua_State *L)
{
    return pattern_call(L, PAT_GMATCH);
}

static int sb_str_gsub(lua_State *L)
{
    return pattern_call(L, PAT_GSUB);
}

/* ---- table functions ---------------------------------------------------------------------
 * The stock insert/remove/move/concat loop in C over a range taken from # (which __len sets to
 * anything) or from the arguments, and with no allocation when the values are nil or come from
 * a C __index (table.move({}, 1, 1e15, 2) loops for days). These are ltablib.c's with each
 * step paid from the budget. Deviation: the table argument must be a table (stock also takes
 * userdata with the right metamethods, which a policy cannot make). */

/* What one element step costs, in instructions (measured: an instruction ~4 ns, a plain
 * lookup-and-store step ~20-40 ns, a step through a C __index up to ~300 ns — such a
 * metamethod runs without the hook). */
#define PLAIN_STEP 4.0
#define META_STEP 32.0

static double step_cost(lua_State *L, int idx)
{
    if (!lua_getmetatable(L, idx))
        return PLAIN_STEP;
    lua_pop(L, 1);
    return META_STEP;
}

static int sb_tinsert(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer e = (lua_Integer)((lua_Unsigned)luaL_len(L, 1) + 1u); /* first empty slot */
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        double cost = step_cost(L, 1);
        for (lua_Integer i = e; i > pos; i--) {
            charge(L, cost);
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int sb_tremove(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    lua_geti(L, 1, pos);
    double cost = step_cost(L, 1);
    for (; pos < size; pos++) {
        charge(L, cost);
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

static int sb_tmove(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, tt, LUA_TTABLE);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        double cost = step_cost(L, 1) > PLAIN_STEP ? META_STEP : step_cost(L, tt);
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < n; i++) {
                charge(L, cost);
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (lua_Integer i = n - 1; i >= 0; i--) {
                charge(L, cost);
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

static void concat_field(lua_State *L, luaL_Buffer *b, lua_Integer i, double cost)
{
    charge(L, cost);
    lua_geti(L, 1, i);
    if (!lua_isstring(L, -1))
        luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
    luaL_addvalue(b);
}

static int sb_tconcat(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer last = luaL_len(L, 1);
    size_t lsep;
    const char *sep = luaL_optlstring(L, 2, "", &lsep);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    last = luaL_optinteger(L, 4, last);
    double cost = step_cost(L, 1);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (; i < last; i++) {
        concat_field(L, &b, i, cost);
        luaL_addlstring(&b, sep, lsep);
    }
    if (i == last)
        concat_field(L, &b, i, cost);
    luaL_pushresult(&b);
    return 1;
}

/* Bounded by the stack already (at most ~1M results); paid for so a loop cannot repeat it. */
static int sb_tunpack(lua_State *L)
{
    lua_Integer i = luaL_optinteger(L, 2, 1);
    lua_Integer e = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    if (i > e)
        return 0;
    lua_Unsigned n = (lua_Unsigned)e - (lua_Unsigned)i;
    if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n)))
        return luaL_error(L, "too many results to unpack");
    charge(L, (double)n * step_cost(L, 1));
    for (; i < e; i++)
        lua_geti(L, 1, i);
    lua_geti(L, 1, e);
    return (int)n;
}

/* Every step of the stock sort compares, so paying per comparison bounds the whole sort
 * (n comes from __len and may be up to 2^31) without copying its code. Upvalues: the policy's
 * comparator (or nil), the cost of one step. */
static int sb_sort_compare(lua_State *L)
{
    charge(L, lua_tonumber(L, lua_upvalueindex(2)));
    if (lua_isnil(L, lua_upvalueindex(1))) {
        lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

static int sb_tsort(lua_State *L)
{
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    lua_pushnumber(L, lua_type(L, 1) == LUA_TTABLE ? step_cost(L, 1) : META_STEP);
    lua_pushcclosure(L, sb_sort_compare, 2);
    lua_replace(L, 2);
    return call_original(L);
}

/* ---- setup ------------------------------------------------------------------------------ */

/* Allow-list of base functions (so load, loadfile, dofile, print, collectgarbage, rawset, warn
 * and require stay out); setmetatable, pcall and xpcall are added as the wrappers above. */
static const char *const base_names[] = {
    "assert", "error",  "getmetatable", "ipairs", "next",     "pairs",    "rawequal", "rawget",
    "rawlen", "select", "tonumber",     "type",   "tostring", "_VERSION", NULL,
};

static int setup_state(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL},
    };
    for (const luaL_Reg *lib = libs; lib->name; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_pushstring(L, budget_message);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &budget_key);

    /* 1: the string table, which every string indexes through its metatable. Its functions
     * are made safe in place, so ("x"):rep(...) gets the wrapped rep too. */
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, 1, "dump");
    wrap(L, 1, "rep", sb_str_rep);
    wrap(L, 1, "find", sb_str_find);
    wrap(L, 1, "match", sb_str_match);
    wrap(L, 1, "gmatch", sb_str_gmatch);
    wrap(L, 1, "gsub", sb_str_gsub);
    /* With __metatable set, getmetatable("") gives false: the metatable, and through its
     * __index this table, cannot be reached, so no policy can change ("x"):find for others. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_getglobal(L, LUA_TABLIBNAME); /* 2 */
    wrap(L, 2, "sort", sb_tsort);
    static const luaL_Reg table_fns[] = {
        {"insert", sb_tinsert}, {"remove", sb_tremove}, {"move", sb_tmove},
        {"concat", sb_tconcat}, {"unpack", sb_tunpack}, {NULL, NULL},
    };
    luaL_setfuncs(L, table_fns, 0);

    /* math.random is removed rather than seeded: its state is shared by every env, so one
     * policy's draws would change another's, and results would depend on policy order. */
    lua_getglobal(L, LUA_MATHLIBNAME); /* 3 */
    lua_pushnil(L);
    lua_setfield(L, 3, "random");
    lua_pushnil(L);
    lua_setfield(L, 3, "randomseed");

    lua_createtable(L, 0, 24); /* 4: what tg_sandbox_push_env copies */
    for (const char *const *name = base_names; *name; name++) {
        lua_getglobal(L, *name);
        lua_setfield(L, 4, *name);
    }
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, sb_setmetatable, 1);
    lua_setfield(L, 4, "setmetatable");
    /* pcall and xpcall replace the stock ones in the global table too, where lauxlib finds
     * their names for "bad argument" messages (pcall(pcall) names the inner one). */
    lua_pushcfunction(L, sb_pcall);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "pcall");
    lua_setfield(L, 4, "pcall");
    lua_pushcfunction(L, sb_xpcall);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "xpcall");
    lua_setfield(L, 4, "xpcall");
    lua_pushvalue(L, 1);
    lua_setfield(L, 4, LUA_STRLIBNAME);
    lua_pushvalue(L, 2);
    lua_setfield(L, 4, LUA_TABLIBNAME);
    lua_pushvalue(L, 3);
    lua_setfield(L, 4, LUA_MATHLIBNAME);
    lua_getglobal(L, LUA_UTF8LIBNAME);
    lua_setfield(L, 4, LUA_UTF8LIBNAME);
    lua_pushvalue(L, 4);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &template_key);
    return 0;
}

int tg_sandbox_new(tg_sandbox **out, const tg_sandbox_limits *limits, tg_error *err)
{
    *out = NULL;
    tg_sandbox *sb = tg_xcalloc(1, sizeof *sb);
    if (limits)
        sb->limits = *limits;
    else
        tg_sandbox_default_limits(&sb->limits);
    sb->cap = sb->limits.memory_bytes;
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        free(sb);
        return tg_error_set(err, NULL, 0, 0, "cannot create the Lua state: %s", memory_message);
    }
    lua_pushcfunction(sb->L, setup_state);
    if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
        tg_error_set(err, NULL, 0, 0, "cannot set up the Lua state: %s",
                     lua_type(sb->L, -1) == LUA_TSTRING ? lua_tostring(sb->L, -1) : "?");
        tg_sandbox_free(sb);
        return TG_ERR;
    }
    *out = sb;
    return TG_OK;
}

/* The memory cap stays armed through lua_close (the allocator always applies it). No policy
 * code can run there: __gc is refused, and Lua runs finalizers with hooks off anyway. */
void tg_sandbox_free(tg_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    free(sb);
}

lua_State *tg_sandbox_lua(tg_sandbox *sb)
{
    return sb->L;
}

/* ---- environments, loading, calling ----------------------------------------------------- */

static int build_env(lua_State *L)
{
    lua_createtable(L, 0, 24); /* 1 */
    lua_rawgetp(L, LUA_REGISTRYINDEX, &template_key);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        if (lua_type(L, -1) == LUA_TTABLE) { /* a library: the env's own shallow copy */
            lua_newtable(L);
            lua_pushnil(L);
            while (lua_next(L, -3)) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, -4);
            }
            lua_replace(L, -2);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, 1);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, 1);
    lua_setfield(L, 1, LUA_GNAME);
    return 1;
}

/* Built in protected mode: out of memory must not reach Lua's panic (abort). Then nil is
 * pushed instead, and tg_sandbox_load refuses it. */
void tg_sandbox_push_env(tg_sandbox *sb)
{
    lua_State *L = sb->L;
    lua_pushcfunction(L, build_env);
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
}

/* Lua's syntax messages read "CHUNKID:LINE: text", where CHUNKID is name or, when name is
 * long, "..." and its tail. Sets *line and returns text; returns msg when the shape differs. */
static const char *split_position(const char *msg, const char *name, int *line)
{
    size_t nl = strlen(name);
    const char *rest = NULL;
    *line = 0;
    if (strncmp(msg, name, nl) == 0 && msg[nl] == ':') {
        rest = msg + nl + 1;
    } else if (strncmp(msg, "...", 3) == 0) {
        for (const char *c = strchr(msg + 3, ':'); c && !rest; c = strchr(c + 1, ':')) {
            size_t tl = (size_t)(c - (msg + 3));
            if (tl <= nl && strncmp(msg + 3, name + nl - tl, tl) == 0 &&
                isdigit((unsigned char)c[1]))
                rest = c + 1;
        }
    }
    if (!rest || !isdigit((unsigned char)*rest))
        return msg;
    char *end;
    long v = strtol(rest, &end, 10);
    if (*end != ':' || v <= 0 || v > 0x7fffffffL)
        return msg;
    *line = (int)v;
    return end[1] == ' ' ? end + 2 : end + 1;
}

int tg_sandbox_load(tg_sandbox *sb, int env_index, const char *name, const char *src, size_t len,
                    tg_error *err)
{
    lua_State *L = sb->L;
    env_index = lua_absindex(L, env_index);
    if (!lua_istable(L, env_index))
        return tg_error_set(err, name, 0, 0, "no environment for the policy (%s)", memory_message);
    if (!lua_checkstack(L, 2))
        return tg_error_set(err, name, 0, 0, "Lua stack: %s", memory_message);
    /* "@name": Lua then reports positions as "name:LINE:" (the tail of name when long). */
    size_t nl = strlen(name);
    char *chunkname = tg_xmalloc(nl + 2);
    chunkname[0] = '@';
    memcpy(chunkname + 1, name, nl + 1);
    arm_memory(sb); /* the parser's memory counts like a call's */
    int status = luaL_loadbufferx(L, src, len, chunkname, "t");
    disarm_memory(sb);
    free(chunkname);
    if (status != LUA_OK) {
        int line = 0;
        const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
        if (status == LUA_ERRMEM)
            tg_error_set(err, name, 0, 0, "%s", memory_message);
        else
            tg_error_set(err, name, 0, 0, "%s", split_position(msg, name, &line));
        if (err)
            err->line = line;
        lua_pop(L, 1);
        return TG_ERR;
    }
    lua_pushvalue(L, env_index);
    if (!lua_setupvalue(L, -2, 1)) /* a main chunk's only upvalue is _ENV */
        lua_pop(L, 1);
    return TG_OK;
}

/* Copies s into msg on one line. */
static void put_message(char *msg, size_t msglen, const char *s)
{
    if (!msg || msglen == 0)
        return;
    size_t i = 0;
    for (; s[i] && i + 1 < msglen; i++)
        msg[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
    msg[i] = '\0';
}

/* No message handler: the message is built here, after the call, from the error object as
 * it is — a string kept as Lua made it ("name:line: text"), anything else named by its type.
 * Nothing of the policy runs (no __tostring) and nothing is allocated to report it. */
int tg_sandbox_call(tg_sandbox *sb, int nargs, int nresults, char *msg, size_t msglen)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs - 1;
    put_message(msg, msglen, "");

    arm_memory(sb);
    sb->exhausted = 0;
    sb->alloc_acc = 0;
    sb->remaining = sb->limits.instructions;
    sb->timed_out = 0;
    sb->deadline = now_seconds() + (sb->limits.seconds > 0 ? sb->limits.seconds : 3.0);
    sb->counting = 1;
    if (sb->remaining <= 0) {
        exhaust(sb);
    } else {
        sb->hook_step = sb->remaining < HOOK_STEP ? (int)sb->remaining : HOOK_STEP;
        lua_sethook(L, count_hook, LUA_MASKCOUNT, sb->hook_step);
    }

    int status = lua_pcall(L, nargs, nresults, 0);

    must_stop(sb); /* settles a refusal still pending (may set the hook: cleared next) */
    lua_sethook(L, NULL, 0, 0);
    int exhausted = sb->exhausted, out_of_memory = sb->out_of_memory;
    sb->counting = 0;
    sb->exhausted = 0;
    disarm_memory(sb);

    if (status == LUA_OK && !exhausted)
        return LUA_OK;
    if (status == LUA_OK) { /* spent inside the last C call, with no instruction after it */
        lua_settop(L, base);
        if (out_of_memory) {
            put_message(msg, msglen, memory_message);
            return LUA_ERRMEM;
        }
        put_message(msg, msglen, sb->timed_out ? time_message : budget_message);
        return LUA_ERRRUN;
    }
    int type = lua_type(L, -1);
    const char *text = type == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (status == LUA_ERRMEM || out_of_memory) {
        status = LUA_ERRMEM;
        put_message(msg, msglen, memory_message);
    } else if (exhausted) {
        status = LUA_ERRRUN;
        put_message(msg, msglen, sb->timed_out ? time_message : budget_message);
    } else if (text) {
        put_message(msg, msglen, text);
    } else if (msg && msglen) {
        snprintf(msg, msglen, "(error object is a %s value)", lua_typename(L, type));
    }
    lua_pop(L, 1);
    return status;
}
