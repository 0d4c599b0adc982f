/* source.h — the bytes of one input, made safe to parse: a UTF-8 BOM skipped, UTF-16
 * with a BOM decoded to UTF-8, invalid UTF-8 / NUL bytes / a double BOM refused with
 * file:line:col, and a line table so any byte offset becomes a line and column.
 *
 * Ownership: tg_source_* returns a tg_source owned by the caller (tg_source_free). */
#ifndef TG_SOURCE_H
#define TG_SOURCE_H

#include "error.h"

#include <stddef.h>

/* Inputs larger than this are refused: memory must stay bounded whatever the input. */
#define TG_SOURCE_MAX_BYTES ((size_t)512 * 1024 * 1024)

typedef struct tg_source {
    char *path;    /* display path (as given to tg_source_*); owned */
    char *text;    /* UTF-8 text without BOM, NUL-terminated; owned */
    size_t len;    /* bytes in text */
    size_t *lines; /* byte offset (into text) of the start of each line; owned */
    size_t nlines;
    int utf16; /* 1 when the bytes were UTF-16 and were decoded */
} tg_source;

/* Reads fs_path; errors (unreadable, too big, bad encoding) name display_path. */
int tg_source_load(tg_source **out, const char *fs_path, const char *display_path, tg_error *err);
/* Same checks on bytes already in memory (git blobs, tests). bytes are copied. */
int tg_source_from_bytes(tg_source **out, const char *display_path, const char *bytes, size_t len,
                         tg_error *err);
/* Line and column (1-based; column counted in UTF-16 code units, as SARIF expects) of
 * byte offset off in text. Lines end at \n; \r\n counts as one line end. */
void tg_source_position(const tg_source *s, size_t off, int *line, int *col);
void tg_source_free(tg_source *s); /* accepts NULL */

#endif
