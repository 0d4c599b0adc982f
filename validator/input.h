/* input.h — turns the paths named on the command line into model entries: reads each
 * file, detects what it is, and hands templates to the ARM reader. Folders are
 * scanned for .json/.jsonc (and .bicep, which is reported, not compiled). A file that
 * cannot be read is recorded with its error and the rest go on. */
#ifndef TG_INPUT_H
#define TG_INPUT_H

#include "model.h"
#include "paths.h"

/* What templates are expanded with (borrowed for the duration of the calls). */
typedef struct tg_input_opts {
    const char *const *params; /* --params files: used for the templates named on the
                                  command line, instead of X.parameters.json beside X.json */
    size_t nparams;
    const char *subscription, *resource_group, *location; /* deployment context, or NULL */
    const char *source_root; /* where the .tf sources of plans are (default: beside the plan) */
    /* include/exclude: is the file with this display path wanted? NULL: every file */
    int (*wanted)(const void *ud, const char *display);
    const void *wanted_ud;
} tg_input_opts;

/* Adds path (a file or a folder) to m. Returns the number of file errors added. */
size_t tg_input_add(tg_model *m, const tg_paths *paths, const tg_input_opts *o, const char *path);

/* Adds a file whose bytes are already in memory (named display). */
size_t tg_input_add_bytes(tg_model *m, const tg_input_opts *o, const char *display,
                          const char *bytes, size_t len);

#endif
