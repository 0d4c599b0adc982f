/* report_text.c — the human format: findings grouped by file, each line starting with
 * file:line:col so editors and terminals can jump to it, then one summary line. */
#include "report.h"

#include <string.h>

static const char *status_color(tg_status s)
{
    switch (s) {
    case TG_ST_FAIL:
        return "\033[1;31m";
    case TG_ST_UNKNOWN:
        return "\033[33m";
    case TG_ST_ERROR:
        return "\033[1;35m";
    case TG_ST_PASS:
        return "\033[32m";
    default:
        return "\033[2m";
    }
}

static void print_result(FILE *out, const tg_report *r, const tg_result *x)
{
    const tg_model *m = r->model;
    const tg_rule *rule = r->rules[x->rule];
    const char *on = r->color ? status_color(x->status) : "";
    const char *off = r->color ? "\033[0m" : "";
    fprintf(out, "%s:%d:%d: %s%s%s %s %s %s: %s: %s\n", m->files[x->file].path, x->line > 0 ? x->line : 1,
            x->col > 0 ? x->col : 1, on, tg_status_name(x->status), off, tg_severity_name(rule->severity),
            rule->id, rule->name, m->res[x->resource].address, x->message);
}

int tg_report_text(FILE *out, const tg_report *r)
{
    const tg_model *m = r->model;
    size_t skipped = 0, errors = 0, checked = 0, accounts = 0;
    const tg_result *items = r->results->items;
    size_t n = r->results->n;
    for (size_t f = 0; f < m->nfiles; f++) {
        const tg_model_file *file = &m->files[f];
        if (file->error) {
            errors++;
            fprintf(out, "%s%s%s\n", r->color ? "\033[1;35m" : "", file->error, r->color ? "\033[0m" : "");
            if (file->resources == 0)
                fprintf(out, "%s: error: the file was not checked\n", file->path);
            continue;
        }
        if (strcmp(file->format, "arm") == 0 || strcmp(file->format, "tfplan") == 0)
            checked++;
        else {
            skipped++;
            if (!r->quiet && file->note)
                fprintf(out, "%s: note: %s\n", file->path, file->note);
        }
    }
    /* results come grouped by account and accounts by file: print per account's file */
    size_t last_res = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (items[i].resource != last_res) {
            last_res = items[i].resource;
            accounts++;
        }
        if (tg_report_shown(r, &items[i]))
            print_result(out, r, &items[i]);
    }
    if (r->quiet)
        return ferror(out) ? -1 : 0;
    fprintf(out,
            "transguard: %zu account%s in %zu file%s checked: %zu fail, %zu pass, %zu unknown, %zu n/a, "
            "%zu error",
            accounts, accounts == 1 ? "" : "s", checked, checked == 1 ? "" : "s", r->counts[TG_ST_FAIL],
            r->counts[TG_ST_PASS], r->counts[TG_ST_UNKNOWN], r->counts[TG_ST_NA], r->counts[TG_ST_ERROR]);
    if (skipped)
        fprintf(out, "; %zu file%s skipped", skipped, skipped == 1 ? "" : "s");
    if (errors)
        fprintf(out, "; %zu file%s could not be read", errors, errors == 1 ? "" : "s");
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
