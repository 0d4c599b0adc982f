/* paths.h — how files are named in output: relative to the repository root (the nearest
 * folder above the current one holding .git), or to the current folder outside a
 * repository, always with forward slashes.
 *
 * Ownership: strings returned are owned by the caller (free). */
#ifndef TG_PATHS_H
#define TG_PATHS_H

typedef struct tg_paths {
    char *root; /* absolute repository root, or the current folder */
    char *cwd;
} tg_paths;

void tg_paths_init(tg_paths *p);
void tg_paths_free(tg_paths *p);
/* Display form of a path given on the command line or found in a folder scan. */
char *tg_paths_display(const tg_paths *p, const char *path);

#endif
