/* value.h — the three-way value every input is turned into: a known JSON value, or
 * unknown (with the reason), while "absent" is simply a NULL tg_value pointer. Each
 * value remembers where it was written so findings can point at it.
 *
 * Ownership: every tg_value, its strings and its children belong to the tg_arena
 * they were made in; nothing here is freed on its own. */
#ifndef TG_VALUE_H
#define TG_VALUE_H

#include "arena.h"

#include <stddef.h>

typedef enum tg_vkind {
    TG_V_NULL,
    TG_V_BOOL,
    TG_V_NUMBER,
    TG_V_STRING,
    TG_V_ARRAY,
    TG_V_OBJECT,
    TG_V_UNKNOWN
} tg_vkind;

typedef struct tg_value tg_value;

struct tg_value {
    tg_vkind kind;
    unsigned char failed;    /* TG_V_UNKNOWN standing for an expression that could not be
                                evaluated (malformed, unknown function, ...): an error, not
                                just something only known at deployment */
    unsigned char sensitive; /* a secret (Terraform after_sensitive, ...): its text is never
                                printed; the engine scrubs it from messages */
    int line, col;           /* where the value starts (1-based; 0 = synthesized, no position) */
    int kline, kcol;         /* for an object member: where its key starts; else 0 */
    union {
        int boolean;
        double number;
        struct {
            const char *s; /* NUL-terminated; may also hold NULs when len says so */
            size_t len;
        } str;
        struct {
            tg_value **items;  /* array elements, or object member values */
            const char **keys; /* object member names (as written); NULL for arrays */
            size_t n;
        } coll;
        const char *reason; /* TG_V_UNKNOWN: why, phrased to follow the property's name:
                               "comes from the expression [parameters('x')], ..." */
    } u;
    const char *expr; /* TG_V_UNKNOWN made from an ARM expression: its text without the
                         brackets (linking still reads it); else NULL */
};

tg_value *tg_value_new(tg_arena *a, tg_vkind kind);
tg_value *tg_value_string(tg_arena *a, const char *s, size_t len);
tg_value *tg_value_unknown(tg_arena *a, const char *reason);
tg_value *tg_value_unknownf(tg_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Builders for arrays and objects: items are appended; the arrays grow in the arena. */
void tg_value_append(tg_arena *a, tg_value *arr, tg_value *item);
void tg_value_set(tg_arena *a, tg_value *obj, const char *key, tg_value *item);

/* Object member lookup as Resource Manager does it: the exact-case key first, then any
 * case. Returns NULL when absent. When two members differ only in case (or are exact
 * duplicates with different values) the readers in json.c have already replaced them
 * with one unknown member, so this never has to choose. */
tg_value *tg_value_get(const tg_value *obj, const char *key);
/* Index of the member found by tg_value_get, or -1. */
long tg_value_find(const tg_value *obj, const char *key);

/* Deep structural equality: 1 equal, 0 different, -1 depends on an unknown, -2 nested too
 * deeply (or too large) to tell. Strings compare exactly, objects by member name in any order. */
int tg_value_equal3(const tg_value *a, const tg_value *b);
/* tg_value_equal3(a, b) == 1 */
int tg_value_equal(const tg_value *a, const tg_value *b);

/* Case-insensitive ASCII comparison of a string value with s (0 when not a string). */
int tg_value_is_istr(const tg_value *v, const char *s);

const char *tg_value_kind_name(tg_vkind k);

#endif
