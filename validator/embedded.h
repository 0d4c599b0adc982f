/* embedded.h — the shipped Lua files (lua/ helpers, then policies/), compiled into the
 * binary by build/embedgen so transguard runs from any folder. */
#ifndef TG_EMBEDDED_H
#define TG_EMBEDDED_H

#include <stddef.h>

typedef struct tg_embedded_file {
    const char *path; /* as in the source tree, e.g. "policies/TG002-public-access.lua" */
    const char *data;
    size_t len;
} tg_embedded_file;

extern const tg_embedded_file tg_embedded_files[];
extern const size_t tg_embedded_count;

#endif
