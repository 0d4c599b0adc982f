/* json.h — JSON (in the ARM dialect: // and block comments, CRLF, raw newlines inside
 * strings) read into a tg_value tree where every value and member key carries its
 * line and column. cJSON does the parsing; a locating re-scan of the same text walks
 * the cJSON tree in step and records positions, since cJSON keeps none.
 *
 * Limits (hostile input): nesting deeper than TG_JSON_MAX_DEPTH is an error.
 * Duplicate member names: members whose names are equal ignoring case and whose
 * values differ collapse into one member holding an unknown value whose reason
 * names both keys and lines (Resource Manager may read either); equal duplicates
 * collapse into one member.
 *
 * Ownership: the tree is allocated in the arena passed in. */
#ifndef TG_JSON_H
#define TG_JSON_H

#include "arena.h"
#include "error.h"
#include "source.h"
#include "value.h"

#define TG_JSON_MAX_DEPTH 512

/* Parses src->text. On error returns TG_ERR with err set to src->path, the line and
 * column of the problem and a message ("unexpected end of input", "trailing comma",
 * "nesting deeper than 512 levels", "invalid JSON: ..."). */
int tg_json_parse(tg_value **out, const tg_source *src, tg_arena *a, tg_error *err);

#endif
