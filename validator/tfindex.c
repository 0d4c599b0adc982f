/* tfindex.c — open-addressing string hash (see tfindex.h). Kept at most half full. */
#include "tfindex.h"
#include "error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

static size_t slot(const tg_tfindex *x, const char *key)
{
    size_t i = hash(key) & (x->cap - 1);
    while (x->keys[i] && strcmp(x->keys[i], key) != 0)
        i = (i + 1) & (x->cap - 1);
    return i;
}

static void grow(tg_tfindex *x)
{
    tg_tfindex big = {NULL, NULL, x->cap ? x->cap * 2 : 64, 0};
    big.keys = tg_xcalloc(big.cap, sizeof *big.keys);
    big.vals = tg_xcalloc(big.cap, sizeof *big.vals);
    for (size_t i = 0; i < x->cap; i++)
        if (x->keys[i]) {
            size_t j = slot(&big, x->keys[i]);
            big.keys[j] = x->keys[i];
            big.vals[j] = x->vals[i];
            big.n++;
        }
    free(x->keys);
    free(x->vals);
    *x = big;
}

int tg_tfindex_put(tg_tfindex *x, const char *key, size_t val, size_t *old)
{
    if ((x->n + 1) * 2 > x->cap)
        grow(x);
    size_t i = slot(x, key);
    if (x->keys[i]) {
        if (old)
            *old = x->vals[i];
        x->vals[i] = val;
        return 1;
    }
    x->keys[i] = key;
    x->vals[i] = val;
    x->n++;
    return 0;
}

int tg_tfindex_get(const tg_tfindex *x, const char *key, size_t *val)
{
    if (!x->cap)
        return 0;
    size_t i = slot(x, key);
    if (!x->keys[i])
        return 0;
    *val = x->vals[i];
    return 1;
}

void tg_tfindex_free(tg_tfindex *x)
{
    free(x->keys);
    free(x->vals);
    x->keys = NULL;
    x->vals = NULL;
    x->cap = x->n = 0;
}
