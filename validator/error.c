/* error.c — the tg_error helpers and the allocation wrappers every module uses, so
 * that out-of-memory is handled in exactly one place. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tg_error_set(tg_error *err, const char *file, int line, int col, const char *fmt, ...)
{
    if (!err)
        return TG_ERR;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return TG_ERR;
}

void tg_error_format(const tg_error *err, char *buf, size_t len)
{
    if (err->file[0] && err->line > 0)
        snprintf(buf, len, "%s:%d:%d: %s", err->file, err->line, err->col > 0 ? err->col : 1,
                 err->message);
    else if (err->file[0])
        snprintf(buf, len, "%s: %s", err->file, err->message);
    else
        snprintf(buf, len, "%s", err->message);
}

_Noreturn void tg_die_oom(void)
{
    fputs("transguard: out of memory\n", stderr);
    exit(2);
}

void *tg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        tg_die_oom();
    return p;
}

void *tg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        tg_die_oom();
    return p;
}

void *tg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        tg_die_oom();
    return q;
}

char *tg_xstrdup(const char *s)
{
    return tg_xstrndup(s, strlen(s));
}

char *tg_xstrndup(const char *s, size_t n)
{
    char *p = tg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
