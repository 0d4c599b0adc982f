/* arena.c — a chain of blocks; allocations never move, so pointers into an arena stay
 * valid until tg_arena_free. */
#include "arena.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TG_ARENA_BLOCK (64 * 1024)

typedef struct tg_block {
    struct tg_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} tg_block;

struct tg_arena {
    tg_block *head;
    size_t total;
};

tg_arena *tg_arena_new(void)
{
    return tg_xcalloc(1, sizeof(tg_arena));
}

void tg_arena_free(tg_arena *a)
{
    if (!a)
        return;
    tg_block *b = a->head;
    while (b) {
        tg_block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

void *tg_arena_alloc(tg_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    tg_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > TG_ARENA_BLOCK / 4 ? n : TG_ARENA_BLOCK;
        tg_block *nb = tg_xmalloc(sizeof(tg_block) + size);
        nb->size = size;
        nb->used = 0;
        if (b && n > TG_ARENA_BLOCK / 4) {
            /* a big one-off: keep the current block open for small allocations */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *tg_arena_strndup(tg_arena *a, const char *s, size_t n)
{
    char *p = tg_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tg_arena_strdup(tg_arena *a, const char *s)
{
    return tg_arena_strndup(a, s, strlen(s));
}

char *tg_arena_vprintf(tg_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    char *p = tg_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *tg_arena_printf(tg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = tg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t tg_arena_used(const tg_arena *a)
{
    return a->total;
}
