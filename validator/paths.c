/* paths.c — repository root discovery and display paths (see paths.h). The root is
 * found by looking for .git upwards, which is also how git itself finds it. */
#include "paths.h"
#include "error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tg_paths_init(tg_paths *p)
{
    char *cwd = getcwd(NULL, 0);
    p->cwd = cwd ? cwd : tg_xstrdup(".");
    p->root = NULL;
    char *dir = tg_xstrdup(p->cwd);
    for (;;) {
        size_t n = strlen(dir);
        char *probe = tg_xmalloc(n + 6);
        memcpy(probe, dir, n);
        memcpy(probe + n, "/.git", 6);
        struct stat st;
        int found = stat(probe, &st) == 0;
        free(probe);
        if (found) {
            p->root = dir;
            return;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        *slash = '\0';
    }
    free(dir);
    p->root = tg_xstrdup(p->cwd);
}

void tg_paths_free(tg_paths *p)
{
    free(p->root);
    free(p->cwd);
    p->root = p->cwd = NULL;
}

static const char *under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    if (strcmp(dir, "/") == 0 && path[0] == '/')
        return path + 1;
    return NULL;
}

char *tg_paths_display(const tg_paths *p, const char *path)
{
    char *real = realpath(path, NULL);
    char *out;
    const char *rel;
    if (real && (rel = under(real, p->root)) != NULL)
        out = tg_xstrdup(rel);
    else if (real && (rel = under(real, p->cwd)) != NULL)
        out = tg_xstrdup(rel);
    else if (real)
        out = tg_xstrdup(real); /* outside both: the canonical path, so one file has one name */
    else {
        const char *s = path;
        while (s[0] == '.' && s[1] == '/')
            s += 2;
        out = tg_xstrdup(s);
    }
    free(real);
    return out;
}
