/* text.h — small string helpers shared by every module: ASCII case folding (Resource
 * Manager compares names and enum values without case) and a growable buffer. */
#ifndef TG_TEXT_H
#define TG_TEXT_H

#include <stdarg.h>
#include <stddef.h>

int tg_text_ieq(const char *a, const char *b);
int tg_text_ieqn(const char *a, const char *b, size_t n);
int tg_text_istarts(const char *s, const char *prefix);
int tg_text_iends(const char *s, const char *suffix);
/* Lower-cases ASCII letters in place; returns s. */
char *tg_text_lower(char *s);

/* A growable NUL-terminated buffer. Owned by whoever declared it; tg_sb_free releases. */
typedef struct tg_sb {
    char *s;
    size_t len, cap;
} tg_sb;

void tg_sb_add(tg_sb *b, const char *s, size_t n);
void tg_sb_adds(tg_sb *b, const char *s);
void tg_sb_addc(tg_sb *b, char c);
void tg_sb_printf(tg_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tg_sb_vprintf(tg_sb *b, const char *fmt, va_list ap);
/* Hands the string to the caller (who frees it) and resets b. Never NULL. */
char *tg_sb_take(tg_sb *b);
void tg_sb_free(tg_sb *b);

#endif
