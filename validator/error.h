/* error.h — how failures travel: an int status plus one tg_error filled once, at the
 * place the problem is found, with the file and position it concerns. Callers pass
 * it up unchanged; nobody overwrites a message set further down. */
#ifndef TG_ERROR_H
#define TG_ERROR_H

#include <stddef.h>

#define TG_OK 0
#define TG_ERR (-1)

typedef struct tg_error {
    char file[1024]; /* display path of the file concerned; "" when none */
    int line;        /* 1-based; 0 when unknown */
    int col;         /* 1-based, in UTF-16 code units; 0 when unknown */
    char message[1024];
} tg_error;

/* Sets every field of err (err may be NULL). Returns TG_ERR so callers can write
 * `return tg_error_set(...)`. file may be NULL. */
int tg_error_set(tg_error *err, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "file:line:col: message" (parts that are unknown are left out) into buf. */
void tg_error_format(const tg_error *err, char *buf, size_t len);

/* Prints "transguard: out of memory" and exits with status 2. Used by the allocation
 * wrappers: the tool cannot report anything sensible once malloc fails. */
_Noreturn void tg_die_oom(void);

void *tg_xmalloc(size_t n);
void *tg_xcalloc(size_t n, size_t size);
void *tg_xrealloc(void *p, size_t n);
char *tg_xstrdup(const char *s);
char *tg_xstrndup(const char *s, size_t n);

#endif
