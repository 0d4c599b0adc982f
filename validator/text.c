/* text.c — case folding and the growable buffer. */
#include "text.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int tg_text_ieq(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b))
        a++, b++;
    return *a == '\0' && *b == '\0';
}

int tg_text_ieqn(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
        if (!a[i])
            return 1;
    }
    return 1;
}

int tg_text_istarts(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strlen(s) >= n && tg_text_ieqn(s, prefix, n);
}

int tg_text_iends(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && tg_text_ieqn(s + n - m, suffix, m);
}

char *tg_text_lower(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)lower((unsigned char)*p);
    return s;
}

static void reserve(tg_sb *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->s = tg_xrealloc(b->s, cap);
    b->cap = cap;
}

void tg_sb_add(tg_sb *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void tg_sb_adds(tg_sb *b, const char *s)
{
    tg_sb_add(b, s, strlen(s));
}

void tg_sb_addc(tg_sb *b, char c)
{
    tg_sb_add(b, &c, 1);
}

void tg_sb_vprintf(tg_sb *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tg_sb_printf(tg_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tg_sb_vprintf(b, fmt, ap);
    va_end(ap);
}

char *tg_sb_take(tg_sb *b)
{
    char *s = b->s ? b->s : tg_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void tg_sb_free(tg_sb *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}
