/* input.h — turns the paths named on the command line into model entries: reads each
 * file, detects what it is, and hands templates to the ARM reader. Folders are
 * scanned for .json/.jsonc (and .bicep, which is reported, not compiled). A file that
 * cannot be read is recorded with its error and the rest go on. */
#ifndef TG_INPUT_H
#define TG_INPUT_H

#include "model.h"
#include "paths.h"

/* Adds path (a file or a folder) to m. Returns the number of file errors added. */
size_t tg_input_add(tg_model *m, const tg_paths *paths, const char *path);

/* Adds a file whose bytes are already in memory (named display). */
size_t tg_input_add_bytes(tg_model *m, const char *display, const char *bytes, size_t len);

#endif
