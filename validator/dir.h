/* dir.h — the sorted listing of a folder, shared by the folder scan and the policy
 * loader so both visit files in the same, deterministic order.
 *
 * Ownership: *names and each string in it belong to the caller (tg_dir_names_free). */
#ifndef TG_DIR_H
#define TG_DIR_H

#include <stddef.h>

/* Lists dir's entries except those starting with '.', sorted bytewise. Returns 0, or
 * -1 with errno set when the folder cannot be read. */
int tg_dir_list(const char *dir, char ***names, size_t *n);
void tg_dir_names_free(char **names, size_t n);

#endif
