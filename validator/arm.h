/* arm.h — ARM templates into the model: the classic `resources` array and the
 * languageVersion 2.0 object keyed by symbolic name, child resources declared inline
 * (full types and names), inline nested deployments, `existing`, `condition`.
 *
 * In this version values written as expressions are not evaluated: they become
 * unknown values that keep the expression text, and names are read symbolically
 * (armsym.h) so they stay readable and can still be linked. */
#ifndef TG_ARM_H
#define TG_ARM_H

#include "error.h"
#include "model.h"
#include "value.h"

/* Adds the resources of template `root` (parsed from file index `file`) to m. The
 * tree is changed in place (expressions become unknowns) and must live in m->arena.
 * Returns TG_ERR (err set, with position) when part of the template cannot be read —
 * a resources list written twice with different values, say; the resources that could
 * be read are added all the same. */
int tg_arm_load(tg_model *m, size_t file, tg_value *root, tg_error *err);

/* Links private endpoints, diagnostic settings and child resources to the accounts of
 * the whole model (all files): run once after every file is loaded. */
void tg_arm_link(tg_model *m);

#endif
