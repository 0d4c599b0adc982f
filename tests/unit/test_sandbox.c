/* test_sandbox.c — the policy sandbox. Hostile policies are data: the .lua files of tests/hostile,
 * one attack per file, whose header says what it attempts ("-- attempts:"), what must come of it
 * ("-- expect: <text in the message>", alternatives separated by " | ", or "ok") and, when the
 * defaults below do not fit, "-- limits: instructions=N call_memory=N memory=N". Each runs in
 * its own sandbox and fresh env; afterwards that sandbox must still run a normal chunk. The
 * other tests check the contract of sandbox.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sandbox.h"

#include <lauxlib.h>
#include <lualib.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TG_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TG_TEST_ASAN 1
#endif

/* How much slower than native this run is: under valgrind or AddressSanitizer the clock would
 * stop, at 0.5 s, chunks that the budget or the memory cap must stop (and whose message says
 * which). The time backstop is still tested: slow_string_compare.lua ends by it either way. */
static double slowdown(void)
{
#ifdef RUNNING_ON_VALGRIND
    if (RUNNING_ON_VALGRIND)
        return 40.0;
#endif
#ifdef TG_TEST_ASAN
    return 10.0;
#else
    return 1.0;
#endif
}

/* Limits for hostile chunks: small enough to finish fast, big enough for the stack-overflow
 * case to hit Lua's stack limit before the memory cap. */
static tg_sandbox_limits hostile_limits(void)
{
    tg_sandbox_limits l;
    tg_sandbox_default_limits(&l);
    l.memory_bytes = (size_t)64 << 20;
    l.call_memory_bytes = (size_t)32 << 20;
    l.instructions = 10000000L;
    /* the time backstop: tests/hostile/slow_string_compare.lua needs it */
    l.seconds = 0.5 * slowdown();
    return l;
}

static tg_sandbox *new_sandbox(const tg_sandbox_limits *limits)
{
    tg_sandbox *sb = NULL;
    tg_error err;
    if (tg_sandbox_new(&sb, limits, &err) != TG_OK)
        fail_msg("tg_sandbox_new: %s", err.message);
    return sb;
}

/* Loads src with the env at env_index (absolute) as _ENV and calls it. Checks the stack:
 * nresults values on success, nothing left over on failure. */
static int run_in(tg_sandbox *sb, int env_index, const char *name, const char *src, size_t len,
                  int nresults, char *msg, size_t msglen)
{
    lua_State *L = tg_sandbox_lua(sb);
    int top = lua_gettop(L);
    tg_error err;
    if (tg_sandbox_load(sb, env_index, name, src, len, &err) != TG_OK)
        fail_msg("%s: load failed at line %d: %s", name, err.line, err.message);
    assert_int_equal(lua_gettop(L), top + 1);
    int status = tg_sandbox_call(sb, 0, nresults, msg, msglen);
    assert_int_equal(lua_gettop(L), top + (status == LUA_OK ? nresults : 0));
    return status;
}

/* The same in a fresh env, which is gone afterwards. */
static int run(tg_sandbox *sb, const char *name, const char *src, int nresults, char *msg,
               size_t msglen)
{
    lua_State *L = tg_sandbox_lua(sb);
    tg_sandbox_push_env(sb);
    int env = lua_gettop(L);
    int status = run_in(sb, env, name, src, strlen(src), nresults, msg, msglen);
    lua_remove(L, env);
    return status;
}

static void expect_ok(tg_sandbox *sb, const char *src)
{
    char msg[512];
    if (run(sb, "check.lua", src, 0, msg, sizeof msg) != LUA_OK)
        fail_msg("chunk failed: %s", msg);
}

static void expect_error(tg_sandbox *sb, const char *src, const char *want)
{
    char msg[512];
    int status = run(sb, "errpos.lua", src, 0, msg, sizeof msg);
    if (status == LUA_OK)
        fail_msg("chunk succeeded; wanted an error with \"%s\":\n%s", want, src);
    if (!strstr(msg, want))
        fail_msg("message \"%s\" lacks \"%s\"", msg, want);
}

static const char normal_src[] =
    "local t = {}\n"
    "for i = 1, 100 do t[#t + 1] = i end\n"
    "local sum = 0\n"
    "for _, v in ipairs(t) do sum = sum + v end\n"
    "local a, b, c, d, bits = ('10.0.0.0/24'):match('^(%d+)%.(%d+)%.(%d+)%.(%d+)/(%d+)$')\n"
    "return {sum = sum, bits = tonumber(bits), first = a}\n";

/* A normal chunk returning a table, checked field by field. */
static void check_normal_chunk(tg_sandbox *sb)
{
    lua_State *L = tg_sandbox_lua(sb);
    char msg[512];
    if (run(sb, "normal.lua", normal_src, 1, msg, sizeof msg) != LUA_OK)
        fail_msg("normal chunk failed: %s", msg);
    assert_int_equal(lua_type(L, -1), LUA_TTABLE);
    lua_getfield(L, -1, "sum");
    assert_int_equal(lua_tointeger(L, -1), 5050);
    lua_getfield(L, -2, "bits");
    assert_int_equal(lua_tointeger(L, -1), 24);
    lua_getfield(L, -3, "first");
    assert_string_equal(lua_tostring(L, -1), "10");
    lua_pop(L, 4);
    assert_int_equal(lua_gettop(L), 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = tg_xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = tg_xrealloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The value of header line "-- key: value" (copied into out), or 0. */
static int header(const char *src, const char *key, char *out, size_t outlen)
{
    char tag[64];
    snprintf(tag, sizeof tag, "-- %s: ", key);
    for (const char *line = src; line && strncmp(line, "--", 2) == 0;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, tag, strlen(tag)) == 0) {
            const char *v = line + strlen(tag);
            size_t n = strcspn(v, "\n");
            snprintf(out, outlen, "%.*s", (int)(n < outlen ? n : outlen - 1), v);
            return 1;
        }
    }
    return 0;
}

/* ---- hostile chunks ------------------------------------------------------------------- */

struct hostile {
    char path[1024];
    char name[256];
};

static const char *hostile_dir(char *buf, size_t len)
{
    const char *env = getenv("TG_HOSTILE_DIR");
    if (env)
        return env;
    /* this file is tests/unit/test_sandbox.c: the chunks are in tests/hostile */
    const char *self = __FILE__, *cut = strstr(self, "unit/test_sandbox.c");
    snprintf(buf, len, "%.*shostile", cut ? (int)(cut - self) : 0, self);
    return buf;
}

static void run_hostile(void **state)
{
    const struct hostile *h = *state;
    size_t len = 0;
    char *src = slurp(h->path, &len);
    if (!src)
        fail_msg("cannot read %s", h->path);
    char want[512], lim[512], what[512];
    if (!header(src, "attempts", what, sizeof what))
        fail_msg("%s: no \"-- attempts:\" line", h->name);
    if (!header(src, "expect", want, sizeof want))
        fail_msg("%s: no \"-- expect:\" line", h->name);
    tg_sandbox_limits limits = hostile_limits();
    if (header(src, "limits", lim, sizeof lim)) {
        for (char *tok = strtok(lim, " "); tok; tok = strtok(NULL, " ")) {
            unsigned long long v =
                strtoull(strchr(tok, '=') ? strchr(tok, '=') + 1 : "0", NULL, 10);
            if (strncmp(tok, "instructions=", 13) == 0)
                limits.instructions = (long)v;
            else if (strncmp(tok, "call_memory=", 12) == 0)
                limits.call_memory_bytes = (size_t)v;
            else if (strncmp(tok, "memory=", 7) == 0)
                limits.memory_bytes = (size_t)v;
            else
                fail_msg("%s: unknown limit %s", h->name, tok);
        }
    }
    tg_sandbox *sb = new_sandbox(&limits);
    lua_State *L = tg_sandbox_lua(sb);
    char msg[1024];
    tg_sandbox_push_env(sb);
    int status = run_in(sb, 1, h->name, src, len, 0, msg, sizeof msg);
    lua_pop(L, 1);
    free(src);
    if (strcmp(want, "ok") == 0) {
        if (status != LUA_OK)
            fail_msg("%s: wanted success, got status %d: %s", h->name, status, msg);
    } else {
        if (status == LUA_OK)
            fail_msg("%s: wanted an error with \"%s\", but it succeeded", h->name, want);
        int found = 0;
        for (char *alt = want; alt && !found;) {
            char *bar = strstr(alt, " | ");
            if (bar)
                *bar = '\0';
            found = strstr(msg, alt) != NULL;
            alt = bar ? bar + 3 : NULL;
        }
        if (!found)
            fail_msg("%s: message \"%s\" lacks \"%s\"", h->name, msg, want);
    }
    assert_int_equal(lua_gettop(L), 0);
    check_normal_chunk(sb);
    tg_sandbox_free(sb);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct hostile *)a)->name, ((const struct hostile *)b)->name);
}

/* Every *.lua in the hostile directory, sorted. */
static size_t list_hostile(struct hostile **out)
{
    char buf[1024];
    const char *dir = hostile_dir(buf, sizeof buf);
    DIR *d = opendir(dir);
    size_t n = 0, cap = 64;
    struct hostile *list = tg_xmalloc(cap * sizeof *list);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 4, ".lua") != 0)
            continue;
        if (n == cap)
            list = tg_xrealloc(list, (cap *= 2) * sizeof *list);
        if ((size_t)snprintf(list[n].path, sizeof list[n].path, "%s/%s", dir, e->d_name) >=
                sizeof list[n].path ||
            (size_t)snprintf(list[n].name, sizeof list[n].name, "%s", e->d_name) >=
                sizeof list[n].name)
            continue; /* a name too long for the test: leaving it out fails files_present */
        n++;
    }
    if (d)
        closedir(d);
    qsort(list, n, sizeof *list, by_name);
    *out = list;
    return n;
}

static void test_hostile_files_present(void **state)
{
    struct hostile *list;
    size_t n = list_hostile(&list);
    free(list);
    if (n < 50)
        fail_msg("found %zu hostile chunks (tests/hostile, or TG_HOSTILE_DIR); expected 50+", n);
}

/* ---- the contract ------------------------------------------------------------------------ */

static void test_default_limits(void **state)
{
    tg_sandbox_limits l;
    tg_sandbox_default_limits(&l);
    assert_int_equal(l.memory_bytes, (size_t)256 << 20);
    assert_int_equal(l.call_memory_bytes, (size_t)64 << 20);
    assert_int_equal(l.instructions, 20000000L);
    assert_true(l.seconds == 3.0);
    tg_sandbox_free(NULL);
}

static void test_new_with_defaults_runs_normal_chunk(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    check_normal_chunk(sb);
    check_normal_chunk(sb);
    tg_sandbox_free(sb);
}

static void test_new_refuses_tiny_memory(void **state)
{
    tg_sandbox_limits l = hostile_limits();
    l.memory_bytes = 4096;
    tg_sandbox *sb = (tg_sandbox *)&l; /* must be overwritten with NULL */
    tg_error err;
    assert_int_equal(tg_sandbox_new(&sb, &l, &err), TG_ERR);
    assert_null(sb);
    assert_non_null(strstr(err.message, "memory limit exceeded"));
}

static void test_cidr_and_string_functions(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_ok(sb, "local p = '^(%d+)%.(%d+)%.(%d+)%.(%d+)/(%d+)$'\n"
                  "local a, b, c, d, n = ('10.0.0.0/24'):match(p)\n"
                  "assert(a == '10' and b == '0' and c == '0' and d == '0' and n == '24')\n"
                  "a, b, c, d, n = string.match('192.168.1.254/32', p)\n"
                  "assert(a == '192' and d == '254' and n == '32')\n"
                  "assert(string.match('10.0.0/24', p) == nil)\n"
                  "assert(select(2, ('a,b,,c'):gsub(',', ';')) == 3)\n"
                  "assert(('hello world'):gsub('o', {o = '0'}) == 'hell0 w0rld')\n"
                  "assert(('abc'):gsub('%w', function(c) return c:upper() end) == 'ABC')\n"
                  "local parts = {}\n"
                  "for w in ('a b  c'):gmatch('%S+') do parts[#parts + 1] = w end\n"
                  "assert(#parts == 3 and parts[3] == 'c')\n"
                  "assert(('a.b'):find('.', 1, true) == 2)\n"
                  "assert(('a.b'):find('%.') == 2)\n"
                  "assert(('x'):rep(3, '-') == 'x-x-x' and string.rep('ab', 0) == '')\n"
                  "assert(string.format('%5.1f|%s|%d', 3.14159, 's', 7) == '  3.1|s|7')\n"
                  "assert(('f(a(b)c)d'):match('%b()') == '(a(b)c)')\n"
                  "assert(('THE (quick) fox'):find('%f[%a]%a+%f[%A]') == 1)\n"
                  "assert(('hello'):byte(1) == 104 and utf8.char(72, 228) == 'H\\u{E4}')\n"
                  "assert(utf8.len('H\\u{E4}') == 2)\n"
                  "local long = ('word '):rep(20000)\n"
                  "assert(select(2, long:gsub('%s+', ' ')) == 20000)\n"
                  "assert(long:find('word', 50000, true) == 50001)\n"
                  "assert(long:match('^(%a+)') == 'word')\n"
                  "local csv = ('x'):rep(200000)\n"
                  "local parts = 0\n"
                  "for part in csv:gmatch('[^,]+') do parts = parts + 1 end\n"
                  "assert(parts == 1)\n"
                  "assert(#(csv .. ',y'):match('^([^,]*)') == 200000)\n"
                  "assert(select(2, csv:gsub('%S+', 'w')) == 1)\n"
                  "assert(#(' ' .. csv .. ' '):match('^%s*(.-)%s*$') == 200000)\n");
    tg_sandbox_free(sb);
}

/* Errors raised inside a wrapped stock function still carry the policy's position. */
static void test_error_positions_through_wrappers(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_error(sb, "\nreturn ('x'):find('[a')", "errpos.lua:2: malformed pattern (missing ']')");
    expect_error(sb, "return string.rep()", "errpos.lua:1: bad argument #1 to 'rep'");
    expect_error(sb, "return ('x'):gsub('x', '%2')", "errpos.lua:1: invalid capture index %2");
    expect_error(sb, "table.sort({3, 1, 'x'})", "errpos.lua:1: attempt to compare");
    expect_error(sb, "table.insert({}, 1, 2, 3)", "wrong number of arguments to 'insert'");
    expect_error(sb, "table.insert({}, 5, 1)",
                 "bad argument #2 to 'insert' (position out of bounds)");
    expect_error(sb, "return table.concat({1, {}, 3})",
                 "invalid value (at index 2) in table for 'concat'");
    expect_error(sb, "return table.concat('abc')",
                 "bad argument #1 to 'concat' (table expected, got string)");
    expect_error(sb, "setmetatable(setmetatable({}, {__metatable = 1}), {})",
                 "errpos.lua:1: cannot change a protected metatable");
    expect_error(sb, "xpcall(print)", "bad argument #2 to 'xpcall'");
    expect_error(sb, "pcall()", "bad argument #1 to 'pcall' (value expected)");
    tg_sandbox_free(sb);
}

static void test_table_functions(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_ok(sb, "local t = {1, 2, 3}\n"
                  "table.insert(t, 4); table.insert(t, 1, 0)\n"
                  "assert(table.concat(t, ',') == '0,1,2,3,4')\n"
                  "assert(table.remove(t) == 4 and table.remove(t, 1) == 0)\n"
                  "assert(table.concat(t, ',') == '1,2,3')\n"
                  "assert(table.concat(table.move(t, 1, 3, 2), ',') == '1,1,2,3')\n"
                  "local d = table.move({1, 2, 3}, 1, 3, 1, {})\n"
                  "assert(#d == 3 and d[3] == 3)\n"
                  "assert(select('#', table.unpack({1, 2, 3})) == 3)\n"
                  "assert(table.unpack({1, 2, 3}, 2, 3) == 2)\n"
                  "assert(select('#', table.unpack({}, 1, 0)) == 0)\n"
                  "local s = {5, 2, 8, 1}\n"
                  "table.sort(s); assert(table.concat(s, ',') == '1,2,5,8')\n"
                  "table.sort(s, function(a, b) return a > b end)\n"
                  "assert(table.concat(s, ',') == '8,5,2,1')\n"
                  "local big = {}\n"
                  "for i = 1, 20000 do big[i] = (i * 7919) % 20011 end\n"
                  "table.sort(big)\n"
                  "for i = 2, #big do assert(big[i - 1] <= big[i]) end\n"
                  "assert(table.concat({}, ',') == '')\n"
                  "assert(table.concat({1, 2, 3}, ', ', 2, 3) == '2, 3')\n"
                  "assert(table.remove({}) == nil)\n"
                  "local p = setmetatable({}, {__index = function(_, i) return i * 10 end,\n"
                  "                            __len = function() return 3 end})\n"
                  "assert(table.concat(p, ',') == '10,20,30')\n"
                  "assert(select(3, table.unpack(p)) == 30)\n");
    tg_sandbox_free(sb);
}

static void test_globals_allow_list(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_ok(sb, "for _, n in ipairs({'io', 'os', 'require', 'debug', 'package', 'load',\n"
                  "    'loadfile', 'dofile', 'collectgarbage', 'rawset', 'print', 'warn',\n"
                  "    'coroutine', 'loadstring', 'unpack', 'module', 'setfenv', 'newproxy'}) do\n"
                  "  assert(_G[n] == nil, n .. ' must be absent')\n"
                  "end\n"
                  "assert(string.dump == nil and ('').dump == nil)\n"
                  "assert(math.random == nil and math.randomseed == nil)\n"
                  "for _, n in ipairs({'assert', 'error', 'getmetatable', 'ipairs', 'next',\n"
                  "    'pairs', 'pcall', 'rawequal', 'rawget', 'rawlen', 'select',\n"
                  "    'setmetatable', 'tonumber', 'tostring', 'type', 'xpcall'}) do\n"
                  "  assert(type(_G[n]) == 'function', n .. ' must be present')\n"
                  "end\n"
                  "assert(_G == _ENV and _G._G == _G and _VERSION == 'Lua 5.4')\n"
                  "assert(math.floor(2.5) == 2 and math.maxinteger and utf8.charpattern)\n"
                  "assert(string.find == ('').find and string.rep == ('').rep)\n");
    tg_sandbox_free(sb);
}

/* Policy A changes its string table, string.find, a global and more; policy B, and string
 * methods everywhere, see none of it. */
static void test_env_isolation(void **state)
{
    char buf[1024], path[1100], msg[512];
    if ((size_t)snprintf(path, sizeof path, "%s/tamper_env.lua", hostile_dir(buf, sizeof buf)) >=
        sizeof path)
        fail_msg("hostile directory path too long");
    size_t len = 0;
    char *tamper = slurp(path, &len);
    if (!tamper)
        fail_msg("cannot read %s", path);
    tg_sandbox *sb = new_sandbox(NULL);
    lua_State *L = tg_sandbox_lua(sb);

    tg_sandbox_push_env(sb); /* 1: A */
    tg_sandbox_push_env(sb); /* 2: B */
    if (run_in(sb, 1, "tamper_env.lua", tamper, len, 0, msg, sizeof msg) != LUA_OK)
        fail_msg("tamper_env.lua: %s", msg);
    free(tamper);

    static const char in_a[] =
        "assert(rawget(string, 'find') == nil and X == 'from A' and string.injected)\n"
        "assert(('abc'):find('c') == 3 and ('abc'):upper() == 'ABC')\n"
        "assert(table.insert == nil and math.pi == 3)\n";
    if (run_in(sb, 1, "a.lua", in_a, strlen(in_a), 0, msg, sizeof msg) != LUA_OK)
        fail_msg("env A: %s", msg);

    static const char in_b[] = "assert(type(string.find) == 'function', 'string.find')\n"
                               "assert(string.find('abc', 'b') == 2)\n"
                               "assert(string.upper('a') == 'A' and ('a'):upper() == 'A')\n"
                               "assert(string.injected == nil and X == nil, 'leak from A')\n"
                               "assert(getmetatable(string) == nil)\n"
                               "assert(type(table.insert) == 'function' and math.pi > 3.14)\n"
                               "assert(string.find == ('').find)\n";
    if (run_in(sb, 2, "b.lua", in_b, strlen(in_b), 0, msg, sizeof msg) != LUA_OK)
        fail_msg("env B: %s", msg);
    lua_pop(L, 2);

    tg_sandbox_push_env(sb); /* a fresh env made after the tampering */
    if (run_in(sb, 1, "c.lua", in_b, strlen(in_b), 0, msg, sizeof msg) != LUA_OK)
        fail_msg("env C: %s", msg);
    lua_pop(L, 1);
    tg_sandbox_free(sb);
}

static void test_string_metatable_locked(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_ok(sb, "assert(getmetatable('') == false and getmetatable('abc') == false)\n"
                  "assert(not pcall(setmetatable, '', {}))\n"
                  "assert(not pcall(function() ('x').find = nil end))\n"
                  "string = {}\n"
                  "assert(('abc'):upper() == 'ABC' and ('abc'):find('b') == 2)\n");
    expect_ok(sb, "assert(string.upper('x') == 'X')\n");
    tg_sandbox_free(sb);
}

static void test_setmetatable(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_ok(sb, "local t = setmetatable({}, {__index = {a = 1}})\n"
                  "assert(t.a == 1)\n"
                  "local ok, e = pcall(setmetatable, {}, {__gc = type})\n"
                  "assert(not ok and e:find('__gc'))\n"
                  "assert(setmetatable(t, nil) == t and getmetatable(t) == nil)\n"
                  "do local c <close> = setmetatable({}, {__close = function() end}) end\n");
    tg_sandbox_free(sb);
}

static void test_binary_chunk_refused(void **state)
{
    lua_State *P = luaL_newstate();
    luaL_openlibs(P);
    assert_int_equal(luaL_dostring(P, "return string.dump(function() return 42 end)"), LUA_OK);
    size_t len = 0;
    const char *bin = lua_tolstring(P, -1, &len);
    assert_true(len > 4 && bin[0] == '\x1b');

    tg_sandbox *sb = new_sandbox(NULL);
    lua_State *L = tg_sandbox_lua(sb);
    tg_error err;
    tg_sandbox_push_env(sb);
    assert_int_equal(tg_sandbox_load(sb, -1, "binary.lua", bin, len, &err), TG_ERR);
    assert_string_equal(err.file, "binary.lua");
    if (!strstr(err.message, "attempt to load a binary chunk"))
        fail_msg("unexpected message: %s", err.message);
    assert_int_equal(lua_gettop(L), 1); /* the env only */
    lua_pop(L, 1);
    check_normal_chunk(sb);
    tg_sandbox_free(sb);
    lua_close(P);
}

static void test_syntax_error_line(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    lua_State *L = tg_sandbox_lua(sb);
    static const char src[] = "local a = 1\n\nlocal b = = 2\n";
    char longname[400];
    memset(longname, 'd', 300);
    strcpy(longname + 300, "/deep/policy.lua");
    const char *names[] = {"policies/syntax.lua", "c:/odd:7:/name.lua", longname};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        tg_error err;
        tg_sandbox_push_env(sb);
        assert_int_equal(tg_sandbox_load(sb, -1, names[i], src, strlen(src), &err), TG_ERR);
        assert_string_equal(err.file, names[i]);
        assert_int_equal(err.line, 3);
        if (strncmp(err.message, "unexpected symbol near '='", 26) != 0)
            fail_msg("%s: message \"%s\"", names[i], err.message);
        lua_pop(L, 1);
    }
    assert_int_equal(lua_gettop(L), 0);
    tg_sandbox_free(sb);
}

static void test_load_needs_env_table(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    lua_State *L = tg_sandbox_lua(sb);
    tg_error err;
    lua_pushnil(L);
    assert_int_equal(tg_sandbox_load(sb, -1, "x.lua", "return 1", 8, &err), TG_ERR);
    assert_string_equal(err.file, "x.lua");
    assert_int_equal(lua_gettop(L), 1);
    lua_pop(L, 1);
    tg_sandbox_free(sb);
}

/* Out of memory while building an env must not reach Lua's panic: nil is pushed, and loading
 * with it fails cleanly. */
static void test_push_env_out_of_memory(void **state)
{
    tg_sandbox_limits l = hostile_limits();
    l.memory_bytes = (size_t)1 << 20;
    tg_sandbox *sb = new_sandbox(&l);
    lua_State *L = tg_sandbox_lua(sb);
    int got_nil = 0;
    for (int i = 0; i < 100000 && !got_nil; i++) {
        if (!lua_checkstack(L, 2))
            fail_msg("stack could not grow before an env failed (%d envs)", i);
        tg_sandbox_push_env(sb);
        got_nil = lua_isnil(L, -1);
    }
    assert_true(got_nil);
    tg_error err;
    assert_int_equal(tg_sandbox_load(sb, -1, "x.lua", "return 1", 8, &err), TG_ERR);
    assert_non_null(strstr(err.message, "memory limit exceeded"));
    lua_settop(L, 0);
    check_normal_chunk(sb);
    tg_sandbox_free(sb);
}

static void test_error_objects(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    char msg[512];
    static const struct {
        const char *src, *want;
    } cases[] = {
        {"error('plain')", "errobj.lua:1: plain"},
        {"\n\nlocal x = nil + 1", "errobj.lua:3: attempt to perform arithmetic on a nil value"},
        {"error('two\\nlines', 0)", "two lines"},
        {"error({})", "(error object is a table value)"},
        {"error(42)", "(error object is a number value)"},
        {"error()", "(error object is a nil value)"},
        {"error(setmetatable({}, {__tostring = function() return 'custom' end}))",
         "(error object is a table value)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(run(sb, "errobj.lua", cases[i].src, 0, msg, sizeof msg), LUA_ERRRUN);
        assert_string_equal(msg, cases[i].want);
    }
    /* a short buffer is filled, not overrun */
    char tiny[6];
    assert_int_equal(run(sb, "errobj.lua", "error('abcdefghij', 0)", 0, tiny, sizeof tiny),
                     LUA_ERRRUN);
    assert_string_equal(tiny, "abcde");
    tg_sandbox_free(sb);
}

static void test_pcall_xpcall_still_work(void **state)
{
    tg_sandbox *sb = new_sandbox(NULL);
    expect_ok(sb, "local ok, e = pcall(error, 'boom', 0)\n"
                  "assert(not ok and e == 'boom')\n"
                  "ok, e = pcall(error, 'where')\n"
                  "assert(not ok and e == 'where')\n"
                  "ok, e = pcall(function() error('deep') end)\n"
                  "assert(e == 'check.lua:5: deep', e)\n"
                  "local ok2, e2 = xpcall(function() error('inner', 0) end,\n"
                  "                       function(m) return 'handled: ' .. m end)\n"
                  "assert(not ok2 and e2 == 'handled: inner')\n"
                  "local ok3, v = xpcall(function(a, b) return a + b end, tostring, 1, 2)\n"
                  "assert(ok3 and v == 3)\n"
                  "local ok4, a, b, c = pcall(function(...) return ... end, 1, nil, 3)\n"
                  "assert(ok4 and a == 1 and b == nil and c == 3)\n"
                  "assert(select('#', pcall(function() end)) == 1)\n"
                  "ok, e = pcall(pcall)\n"
                  "assert(not ok and e:find(\"bad argument #1 to 'pcall'\"), e)\n"
                  "ok, e = pcall(error, {code = 7})\n"
                  "assert(not ok and e.code == 7)\n");
    tg_sandbox_free(sb);
}

/* The budget is per call: calls that each stay below it all pass, one that does not fails, and
 * the next one passes again. */
static void test_budget_is_per_call(void **state)
{
    tg_sandbox_limits l = hostile_limits();
    l.instructions = 100000;
    tg_sandbox *sb = new_sandbox(&l);
    char msg[512];
    for (int i = 0; i < 5; i++)
        expect_ok(sb, "local n = 0 for i = 1, 20000 do n = n + i end");
    assert_int_equal(
        run(sb, "x.lua", "local n = 0 for i = 1, 200000 do n = n + i end", 0, msg, sizeof msg),
        LUA_ERRRUN);
    assert_string_equal(msg, "instruction budget exceeded");
    expect_ok(sb, "local n = 0 for i = 1, 20000 do n = n + i end");
    tg_sandbox_free(sb);
}

/* The per-call cap counts from the call's start; the state cap counts everything. */
static void test_memory_caps(void **state)
{
    tg_sandbox_limits l = hostile_limits();
    l.memory_bytes = (size_t)20 << 20;
    l.call_memory_bytes = (size_t)8 << 20;
    tg_sandbox *sb = new_sandbox(&l);
    lua_State *L = tg_sandbox_lua(sb);
    char msg[512], src[128];
    tg_sandbox_push_env(sb); /* 1: kept, so its globals keep memory live across calls */
    int i = 0, status;
    for (; i < 2; i++) {
        snprintf(src, sizeof src, "g%d = ('%c'):rep(3000000)", i, 'a' + i);
        if (run_in(sb, 1, "grow.lua", src, strlen(src), 0, msg, sizeof msg) != LUA_OK)
            fail_msg("call %d: %s", i, msg);
    }
    /* 5 MB plus the copy made from the buffer: over 8 MB in one call */
    static const char big[] = "local s = ('z'):rep(5000000)";
    status = run_in(sb, 1, "big.lua", big, strlen(big), 0, msg, sizeof msg);
    assert_int_equal(status, LUA_ERRMEM);
    assert_string_equal(msg, "memory limit exceeded");
    /* keep adding 3 MB per call: each call is within its cap, the state cap stops it */
    for (; i < 10; i++) {
        snprintf(src, sizeof src, "g%d = ('%c'):rep(3000000)", i, 'a' + i);
        status = run_in(sb, 1, "grow.lua", src, strlen(src), 0, msg, sizeof msg);
        if (status != LUA_OK)
            break;
    }
    assert_int_equal(status, LUA_ERRMEM);
    assert_string_equal(msg, "memory limit exceeded");
    assert_true(i >= 4 && i < 7);
    lua_pop(L, 1);
    tg_sandbox_free(sb);
}

/* Running out of memory ends the call even when the policy catches the error: pcall and xpcall
 * raise it again, so a policy cannot keep memory at the cap and go on (each refusal costs a full
 * collection that no instruction count sees). A block refused and then granted after Lua's
 * emergency collection is no failure: a policy living near the cap, whose garbage that
 * collection frees, still runs to the end. */
static void test_memory_error_ends_call(void **state)
{
    tg_sandbox_limits l = hostile_limits();
    l.call_memory_bytes = (size_t)8 << 20;
    tg_sandbox *sb = new_sandbox(&l);
    char msg[512];
    static const char *const caught[] = {
        "local keep = {}\n"
        "local ok = pcall(function() while true do keep[#keep + 1] = {} end end)\n"
        "return 'went on'\n",
        "local ok = xpcall(function() local s = 'x' while true do s = s .. s end end,\n"
        "                  function(e) return 'handled' end)\n"
        "while true do local t = {} end\n",
        "local keep = {}\n"
        "local ok = pcall(pcall, pcall, function() while true do keep[#keep + 1] = {} end end)\n"
        "return 'went on'\n",
    };
    for (size_t i = 0; i < sizeof caught / sizeof *caught; i++) {
        assert_int_equal(run(sb, "caught.lua", caught[i], 0, msg, sizeof msg), LUA_ERRMEM);
        assert_string_equal(msg, "memory limit exceeded");
        check_normal_chunk(sb);
    }
    /* about 5 MB kept of the 8 MB allowed, and 20 MB of garbage made next to it */
    expect_ok(sb, "local keep = {}\n"
                  "for i = 1, 70000 do keep[i] = {} end\n"
                  "local s = 0\n"
                  "for i = 1, 300000 do local x = {i} s = s + #x end\n"
                  "assert(s == 300000 and #keep == 70000)\n");
    tg_sandbox_free(sb);
}

/* Sandboxes hold no shared state: several run in parallel threads. */
struct thread_run {
    int loop_status, ok_status;
    char loop_msg[256], ok_msg[256];
};

static void *thread_main(void *arg)
{
    struct thread_run *r = arg;
    tg_sandbox_limits l = hostile_limits();
    l.instructions = 2000000;
    tg_sandbox *sb;
    tg_error err;
    if (tg_sandbox_new(&sb, &l, &err) != TG_OK) {
        r->loop_status = r->ok_status = -1;
        return NULL;
    }
    lua_State *L = tg_sandbox_lua(sb);
    const char *loop = "while true do end", *ok = "local s = 0 for i = 1, 1000 do s = s + i end";
    tg_sandbox_push_env(sb);
    if (tg_sandbox_load(sb, -1, "loop.lua", loop, strlen(loop), &err) == TG_OK)
        r->loop_status = tg_sandbox_call(sb, 0, 0, r->loop_msg, sizeof r->loop_msg);
    tg_sandbox_push_env(sb);
    if (tg_sandbox_load(sb, -1, "ok.lua", ok, strlen(ok), &err) == TG_OK)
        r->ok_status = tg_sandbox_call(sb, 0, 0, r->ok_msg, sizeof r->ok_msg);
    lua_settop(L, 0);
    tg_sandbox_free(sb);
    return NULL;
}

static void test_parallel_sandboxes(void **state)
{
    enum { N = 4 };
    pthread_t t[N];
    struct thread_run r[N];
    memset(r, 0, sizeof r);
    for (int i = 0; i < N; i++) {
        r[i].loop_status = r[i].ok_status = -2;
        assert_int_equal(pthread_create(&t[i], NULL, thread_main, &r[i]), 0);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < N; i++) {
        assert_int_equal(r[i].loop_status, LUA_ERRRUN);
        assert_string_equal(r[i].loop_msg, "instruction budget exceeded");
        assert_int_equal(r[i].ok_status, LUA_OK);
    }
}

int main(void)
{
    const struct CMUnitTest contract[] = {
        cmocka_unit_test(test_hostile_files_present),
        cmocka_unit_test(test_default_limits),
        cmocka_unit_test(test_new_with_defaults_runs_normal_chunk),
        cmocka_unit_test(test_new_refuses_tiny_memory),
        cmocka_unit_test(test_cidr_and_string_functions),
        cmocka_unit_test(test_error_positions_through_wrappers),
        cmocka_unit_test(test_table_functions),
        cmocka_unit_test(test_globals_allow_list),
        cmocka_unit_test(test_env_isolation),
        cmocka_unit_test(test_string_metatable_locked),
        cmocka_unit_test(test_setmetatable),
        cmocka_unit_test(test_binary_chunk_refused),
        cmocka_unit_test(test_syntax_error_line),
        cmocka_unit_test(test_load_needs_env_table),
        cmocka_unit_test(test_push_env_out_of_memory),
        cmocka_unit_test(test_error_objects),
        cmocka_unit_test(test_pcall_xpcall_still_work),
        cmocka_unit_test(test_budget_is_per_call),
        cmocka_unit_test(test_memory_caps),
        cmocka_unit_test(test_memory_error_ends_call),
        cmocka_unit_test(test_parallel_sandboxes),
    };
    int failed = cmocka_run_group_tests_name("sandbox", contract, NULL, NULL);

    struct hostile *list;
    size_t n = list_hostile(&list);
    struct CMUnitTest *tests = tg_xcalloc(n ? n : 1, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = list[i].name;
        tests[i].test_func = run_hostile;
        tests[i].initial_state = &list[i];
    }
    failed += _cmocka_run_group_tests("hostile policies", tests, n, NULL, NULL);
    free(tests);
    free(list);
    return failed;
}
