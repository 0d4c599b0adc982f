/* tfindex.h — a string-keyed hash from names to small integers, shared by the Terraform
 * plan reader's modules (addresses, configuration paths, account ids, .tf blocks): they
 * must stay linear in the size of the plan, so no lookup scans a list.
 *
 * Ownership: the index owns its tables (tg_tfindex_free); keys are borrowed and must
 * outlive it (they live in the model's arena). */
#ifndef TG_TFINDEX_H
#define TG_TFINDEX_H

#include <stddef.h>

typedef struct tg_tfindex {
    const char **keys; /* NULL = empty slot */
    size_t *vals;
    size_t cap, n;
} tg_tfindex;

/* Sets key to val. Returns 1 and sets *old (when old is not NULL) to the value it
 * replaces, so callers can chain several values under one key; else 0. */
int tg_tfindex_put(tg_tfindex *x, const char *key, size_t val, size_t *old);
/* 1 and *val set when key is present; else 0. */
int tg_tfindex_get(const tg_tfindex *x, const char *key, size_t *val);
void tg_tfindex_free(tg_tfindex *x); /* accepts a zeroed index */

#endif
