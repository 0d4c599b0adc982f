/* arena.h — bump allocation for everything that lives as long as one input file's
 * model: values, strings, resources. One free releases it all, which is what makes
 * ownership of the value trees simple ("owned by the arena"). */
#ifndef TG_ARENA_H
#define TG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tg_arena tg_arena;

tg_arena *tg_arena_new(void);
void tg_arena_free(tg_arena *a); /* accepts NULL */

/* Zeroed memory, aligned for any type; exits via tg_die_oom on failure. */
void *tg_arena_alloc(tg_arena *a, size_t n);
char *tg_arena_strndup(tg_arena *a, const char *s, size_t n);
char *tg_arena_strdup(tg_arena *a, const char *s);
char *tg_arena_printf(tg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *tg_arena_vprintf(tg_arena *a, const char *fmt, va_list ap);

/* Bytes handed out so far (for the memory bound on one input). */
size_t tg_arena_used(const tg_arena *a);

#endif
