/* input.c — file and folder inputs into the model (see input.h). */
#include "input.h"
#include "arm.h"
#include "detect.h"
#include "dir.h"
#include "json.h"
#include "source.h"
#include "tfplan.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SCAN_DEPTH 64

static const char *file_error(tg_model *m, const tg_error *err)
{
    char buf[2200];
    tg_error_format(err, buf, sizeof buf);
    return tg_arena_strdup(m->arena, buf);
}

static size_t add_bicep(tg_model *m, const char *display, int named)
{
    size_t f = tg_model_add_file(m, display, "bicep");
    int param = tg_text_iends(display, ".bicepparam");
    const char *how = param ? "run `az bicep build-params --file %s` (or `bicep build-params %s`) "
                              "and check the JSON it writes with its template"
                            : "run `az bicep build --file %s` (or `bicep build %s`) and check the "
                              "JSON template it writes";
    const char *what = tg_arena_printf(m->arena, how, display, display);
    const char *msg = tg_arena_printf(m->arena, "Bicep is not compiled by transguard: %s", what);
    if (named) {
        m->files[f].error = tg_arena_printf(m->arena, "%s: %s", display, msg);
        return 1;
    }
    m->files[f].note = msg;
    return 0;
}

/* A parameter file, parsed into m's arena: the object of parameter values ({"name":
 * {"value": ...} | {"reference": ...}}), or NULL with err set. Accepted as Azure CLI accepts
 * them: the deployment-parameters document (with or without $schema and contentVersion),
 * or the bare object of values. */
static const tg_value *read_params(tg_model *m, const char *fs_path, const char *display,
                                   tg_error *err)
{
    tg_source *src = NULL;
    if (tg_source_load(&src, fs_path, display, err) != TG_OK)
        return NULL;
    tg_value *root = NULL;
    int rc = tg_json_parse(&root, src, m->arena, err);
    tg_source_free(src);
    if (rc != TG_OK)
        return NULL;
    const tg_value *p = root->kind == TG_V_OBJECT ? tg_value_get(root, "parameters") : NULL;
    if (p && p->kind == TG_V_OBJECT)
        return p;
    int bare = root->kind == TG_V_OBJECT && root->u.coll.n > 0;
    for (size_t i = 0; bare && i < root->u.coll.n; i++) {
        const tg_value *v = root->u.coll.items[i];
        bare = v->kind == TG_V_OBJECT &&
               (tg_value_find(v, "value") >= 0 || tg_value_find(v, "reference") >= 0);
    }
    if (bare)
        return root;
    tg_error_set(
        err, display, root->line, root->col,
        "not an ARM parameter file: expected {\"parameters\": {\"name\": {\"value\": ...}}}");
    return NULL;
}

/* The parameter values for the template at fs_path: the --params files (merged, later ones
 * winning) for every template of the run, else X.parameters.json beside X.json. Sets *from
 * to a display name whenever a file was meant to be used; returns NULL when there is none,
 * or on error (err set; *from set, so the caller reports it). */
static const tg_value *params_for(tg_model *m, const tg_input_opts *o, const char *fs_path,
                                  const char **from, tg_error *err)
{
    tg_arena *a = m->arena;
    *from = NULL;
    if (o && o->nparams) {
        tg_value *merged = tg_value_new(a, TG_V_OBJECT);
        tg_sb names = {0};
        for (size_t i = 0; i < o->nparams; i++)
            tg_sb_printf(&names, "%s%s", i ? ", " : "", o->params[i]);
        *from = tg_arena_strdup(a, names.s);
        tg_sb_free(&names);
        for (size_t i = 0; i < o->nparams; i++) {
            const tg_value *p = read_params(m, o->params[i], o->params[i], err);
            if (!p)
                return NULL; /* one unreadable file spoils the set: never use the rest */
            for (size_t k = 0; k < p->u.coll.n; k++) {
                long at = tg_value_find(merged, p->u.coll.keys[k]);
                if (at >= 0)
                    merged->u.coll.items[at] = p->u.coll.items[k];
                else
                    tg_value_set(a, merged, p->u.coll.keys[k], p->u.coll.items[k]);
            }
        }
        return merged;
    }
    if (!fs_path || !tg_text_iends(fs_path, ".json"))
        return NULL;
    size_t n = strlen(fs_path) - 5;
    char *beside = tg_arena_printf(a, "%.*s.parameters.json", (int)n, fs_path);
    struct stat st;
    if (stat(beside, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    *from = beside;
    return read_params(m, beside, beside, err);
}

static size_t load_source(tg_model *m, tg_source *src, const tg_input_opts *o, const char *fs_path,
                          int named, tg_error *err)
{
    tg_value *root = NULL;
    if (tg_json_parse(&root, src, m->arena, err) != TG_OK) {
        size_t f = tg_model_add_file(m, src->path, "skipped");
        m->files[f].error = file_error(m, err);
        return 1;
    }
    switch (tg_detect(root)) {
    case TG_IN_ARM: {
        size_t f = tg_model_add_file(m, src->path, "arm");
        tg_arm_inputs in = {0};
        in.subscription = o ? o->subscription : NULL;
        in.resource_group = o ? o->resource_group : NULL;
        in.location = o ? o->location : NULL;
        tg_error perr = {0};
        in.params = params_for(m, o, fs_path, &in.params_path, &perr);
        int bad_params = in.params_path && !in.params;
        in.params_unreadable = bad_params;
        if (tg_arm_load(m, f, root, &in, err) != TG_OK) {
            m->files[f].error = file_error(m, err);
            return 1;
        }
        if (bad_params) { /* checked with defaults only, and said so: never quietly */
            char buf[2200];
            tg_error_format(&perr, buf, sizeof buf);
            m->files[f].error = tg_arena_printf(
                m->arena, "%s: its parameter file cannot be read: %s", src->path, buf);
            return 1;
        }
        if (in.params_path)
            m->files[f].note =
                tg_arena_printf(m->arena, "parameter values from %s", in.params_path);
        return 0;
    }
    case TG_IN_ARM_PARAMETERS: {
        size_t f = tg_model_add_file(m, src->path, "arm-parameters");
        m->files[f].note = "ARM parameter file: never checked on its own; its values are used for "
                           "X.json when it is X.parameters.json beside it, or with --params";
        return 0;
    }
    case TG_IN_TFPLAN: {
        size_t f = tg_model_add_file(m, src->path, "tfplan");
        tg_tfplan_inputs in = {fs_path, o ? o->source_root : NULL};
        m->has_sensitive = 1; /* plans carry secrets in clear text: scrub every message */
        if (tg_tfplan_load(m, f, root, &in, err) != TG_OK) {
            m->files[f].error = file_error(m, err);
            return 1;
        }
        return 0;
    }
    case TG_IN_TFSTATE: {
        size_t f = tg_model_add_file(m, src->path, "skipped");
        m->files[f].note = "Terraform state, not a plan: check the plan instead (terraform show "
                           "-json PLANFILE > plan.json)";
        return 0;
    }
    default: {
        size_t f = tg_model_add_file(m, src->path, "skipped");
        m->files[f].note = "not an ARM template, ARM parameter file or Terraform plan";
        return 0;
    }
    }
}

/* Takes the outcome of reading a source (rc, src, err) into the model; frees src. */
static size_t add_source(tg_model *m, const tg_input_opts *o, const char *fs_path, int named,
                         const char *display, int rc, tg_source *src, tg_error *err)
{
    if (rc != TG_OK) {
        size_t f = tg_model_add_file(m, display, "skipped");
        m->files[f].error = file_error(m, err);
        return 1;
    }
    size_t n = load_source(m, src, o, fs_path, named, err);
    tg_source_free(src);
    return n;
}

static size_t add_file(tg_model *m, const tg_input_opts *o, const char *fs_path,
                       const char *display, int named)
{
    if (tg_model_find_file(m, display) >= 0)
        return 0; /* named twice, or reached through a link: one file, one set of results */
    struct stat st;
    if (stat(fs_path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a FIFO would block the read forever; devices and sockets are not inputs either */
        size_t f = tg_model_add_file(m, display, "skipped");
        const char *why = "not a regular file (a FIFO, device or socket)";
        if (named)
            m->files[f].error = tg_arena_printf(m->arena, "%s: %s", display, why);
        else
            m->files[f].note = why;
        return named ? 1 : 0;
    }
    if (tg_text_iends(fs_path, ".bicep") || tg_text_iends(fs_path, ".bicepparam"))
        return add_bicep(m, display, named);
    tg_error err = {0};
    tg_source *src = NULL;
    int rc = tg_source_load(&src, fs_path, display, &err);
    return add_source(m, o, fs_path, named, display, rc, src, &err);
}

size_t tg_input_add_bytes(tg_model *m, const tg_input_opts *o, const char *display,
                          const char *bytes, size_t len)
{
    tg_error err = {0};
    tg_source *src = NULL;
    int rc = tg_source_from_bytes(&src, display, bytes, len, &err);
    return add_source(m, o, NULL, 1, display, rc, src, &err);
}

static int scanned(const char *name)
{
    return tg_text_iends(name, ".json") || tg_text_iends(name, ".jsonc") ||
           tg_text_iends(name, ".bicep") || tg_text_iends(name, ".bicepparam");
}

static size_t scan_dir(tg_model *m, const tg_paths *paths, const tg_input_opts *o, const char *dir,
                       int depth)
{
    if (depth > MAX_SCAN_DEPTH)
        return 0;
    char **names;
    size_t n;
    if (tg_dir_list(dir, &names, &n) != 0) {
        const char *why = strerror(errno); /* before anything else can change errno */
        char *display = tg_paths_display(paths, dir);
        size_t f = tg_model_add_file(m, display, "skipped");
        m->files[f].error = tg_arena_printf(m->arena, "%s: cannot read folder: %s", display, why);
        free(display);
        return 1;
    }
    size_t errors = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], "node_modules") == 0)
            continue; /* package trees; hidden folders (.git, .terraform) are never listed */
        tg_sb p = {0};
        tg_sb_printf(&p, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, names[i]);
        struct stat st;
        if (lstat(p.s, &st) == 0 && S_ISDIR(st.st_mode)) {
            errors += scan_dir(m, paths, o, p.s, depth + 1); /* links to folders are not followed */
        } else if (scanned(names[i])) {
            char *display = tg_paths_display(paths, p.s);
            if (o && o->wanted && !o->wanted(o->wanted_ud, display)) {
                free(display); /* left out by the configuration's include/exclude */
                tg_sb_free(&p);
                continue;
            }
            if (stat(p.s, &st) != 0) {
                size_t f = tg_model_add_file(m, display, "skipped");
                m->files[f].note = tg_arena_printf(m->arena, "cannot be read: %s", strerror(errno));
            } else {
                errors += add_file(m, o, p.s, display, 0);
            }
            free(display);
        }
        tg_sb_free(&p);
    }
    tg_dir_names_free(names, n);
    return errors;
}

size_t tg_input_add(tg_model *m, const tg_paths *paths, const tg_input_opts *o, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        size_t len = strlen(path);
        char *dir = tg_xstrndup(path, len);
        while (len > 1 && dir[len - 1] == '/')
            dir[--len] = '\0';
        size_t errors = scan_dir(m, paths, o, dir, 0);
        free(dir);
        return errors;
    }
    char *display = tg_paths_display(paths, path);
    if (o && o->wanted && !o->wanted(o->wanted_ud, display)) {
        free(display); /* left out by the configuration's include/exclude */
        return 0;
    }
    size_t errors = add_file(m, o, path, display, 1);
    free(display);
    return errors;
}
