/* tfsource.h — (internal to the Terraform plan reader) where a plan's resources are
 * written in the Terraform sources: the `resource "TYPE" "NAME"` (or `data`) block in the
 * .tf files of the root module's folder, and in child modules reached through their
 * module blocks' local `source = "./..."` paths. A resource of a module that is not
 * local (registry, git) is placed at its module block, which is where the engineer
 * changes it. A small scanner, not an HCL parser: it knows strings, comments, heredocs
 * and braces well enough to find top-level blocks.
 *
 * Ownership: a tg_tfsource is owned by its caller (tg_tfsource_free). */
#ifndef TG_TFSOURCE_H
#define TG_TFSOURCE_H

#include "arena.h"

typedef struct tg_tfsource tg_tfsource;

/* root_dir: the folder of the root module's .tf files. Never fails: a folder without .tf
 * files finds nothing. */
tg_tfsource *tg_tfsource_new(const char *root_dir);
void tg_tfsource_free(tg_tfsource *s); /* accepts NULL */

/* Finds the block of config_addr ("azurerm_cognitive_account.tr", "data.x.y") in the
 * module with call path call_path ("" root, "a.b" see tg_tflink_call_path). Returns 1
 * with *file (display path, allocated in a) and *line set, or 0. */
int tg_tfsource_find(tg_tfsource *s, tg_arena *a, const char *call_path, const char *config_addr,
                     const char **file, int *line);

#endif
