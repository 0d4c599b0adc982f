/* results.h — what the engine produces and the reporters print: one result per rule and
 * resource. Policy violations are data here, never errors.
 *
 * Ownership: a tg_results owns its items array; strings in items live in the model's
 * arena (valid until the model is freed). */
#ifndef TG_RESULTS_H
#define TG_RESULTS_H

#include <stddef.h>

typedef enum tg_status {
    TG_ST_FAIL,
    TG_ST_PASS,
    TG_ST_UNKNOWN,
    TG_ST_NA,
    TG_ST_ERROR,
    TG_ST_SUPPRESSED,
    TG_ST_COUNT
} tg_status;

typedef struct tg_result {
    size_t rule;     /* index into the engine's rules */
    size_t resource; /* index into the model's resources: the account judged */
    tg_status status;
    const char *message;
    const char *pointer; /* JSON pointer of the located value */
    int file;            /* index into the model's files (of the located resource) */
    int line, col;
} tg_result;

/* A remark about the run itself (a configuration's stale suppression): reported with
 * the results, never counted. Strings borrowed like a result's. */
typedef struct tg_note {
    const char *file;
    int line, col;
    const char *message;
} tg_note;

typedef struct tg_results {
    tg_result *items;
    size_t n, cap;
    tg_note *notes;
    size_t nnotes;
} tg_results;

tg_result *tg_results_add(tg_results *r);    /* zeroed slot */
tg_note *tg_results_add_note(tg_results *r); /* zeroed slot */
void tg_results_free(tg_results *r);         /* frees the arrays only */
const char *tg_status_name(tg_status s);     /* "fail", "pass", "unknown", "n/a", ... */

#endif
