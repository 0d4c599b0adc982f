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

/* Writes s with control characters escaped: names and messages come from the input (and
 * from policies), and a raw ESC or newline in them could forge lines or drive the terminal. */
static void put(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        /* bidirectional controls (U+200E/F, U+202A-E, U+2066-9) can make a line read
         * differently from what it says */
        if (p[0] == 0xE2 &&
            ((p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE))) ||
             (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
            fprintf(out, "\\u%04x", p[1] == 0x80 ? 0x2000 + (p[2] - 0x80) : 0x2040 + (p[2] - 0x80));
            p += 2;
            continue;
        }
        if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
}

static void print_result(FILE *out, const tg_report *r, const tg_result *x)
{
    const tg_model *m = r->model;
    const tg_rule *rule = r->rules[x->rule];
    put(out, m->files[x->file].path);
    fprintf(out, ":%d:%d: %s%s%s %s ", x->line > 0 ? x->line : 1, x->col > 0 ? x->col : 1,
            r->color ? status_color(x->status) : "", tg_status_name(x->status),
            r->color ? "\033[0m" : "", tg_severity_name(rule->severity));
    put(out, rule->id);
    fputc(' ', out);
    put(out, rule->name);
    fputs(": ", out);
    put(out, m->res[x->resource].address);
    fputs(": ", out);
    put(out, x->message);
    const tg_resource *res = &m->res[x->resource];
    if (res->source_file) { /* where the engineer fixes it: the .tf block behind a plan */
        fputs(" [defined at ", out);
        put(out, res->source_file);
        fprintf(out, ":%d]", res->source_line > 0 ? res->source_line : 1);
    }
    fputc('\n', out);
}

static void print_note(FILE *out, const char *path, const char *what, const char *text)
{
    put(out, path);
    fprintf(out, ": %s: ", what);
    put(out, text);
    fputc('\n', out);
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
            fputs(r->color ? "\033[1;35m" : "", out);
            put(out, file->error);
            fputs(r->color ? "\033[0m\n" : "\n", out);
            if (file->resources == 0)
                print_note(out, file->path, "error", "the file was not checked");
            else
                checked++; /* partly: what could be read was checked */
            continue;
        }
        if (strcmp(file->format, "arm") == 0 || strcmp(file->format, "tfplan") == 0)
            checked++;
        else
            skipped++;
        if (!r->quiet && file->note) { /* checked files have notes too: an incomplete plan */
            print_note(out, file->path, "note", file->note);
        }
    }
    for (size_t i = 0; i < m->nunchecked && !r->quiet; i++) {
        const tg_unchecked *u = &m->unchecked[i];
        put(out, m->files[u->file].path);
        fprintf(out, ":%d:%d: note: ", u->line > 0 ? u->line : 1, u->col > 0 ? u->col : 1);
        put(out, u->address);
        fputs(" is not checked: ", out);
        put(out, u->reason);
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->results->nnotes && !r->quiet; i++) {
        const tg_note *note = &r->results->notes[i];
        put(out, note->file);
        fprintf(out, ":%d:%d: note: ", note->line > 0 ? note->line : 1,
                note->col > 0 ? note->col : 1);
        put(out, note->message);
        fputc('\n', out);
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
            "transguard: %zu account%s in %zu file%s checked: %zu fail, %zu pass, %zu unknown, %zu "
            "n/a, "
            "%zu error",
            accounts, accounts == 1 ? "" : "s", checked, checked == 1 ? "" : "s",
            r->counts[TG_ST_FAIL], r->counts[TG_ST_PASS], r->counts[TG_ST_UNKNOWN],
            r->counts[TG_ST_NA], r->counts[TG_ST_ERROR]);
    if (r->counts[TG_ST_SUPPRESSED])
        fprintf(out, ", %zu suppressed", r->counts[TG_ST_SUPPRESSED]);
    if (skipped)
        fprintf(out, "; %zu file%s skipped", skipped, skipped == 1 ? "" : "s");
    if (errors)
        fprintf(out, "; %zu file%s in error", errors, errors == 1 ? "" : "s");
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

int tg_report_rules_text(FILE *out, const tg_rule *const *rules, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put(out, rules[i]->id);
        fprintf(out, "%*s%-9s ", (int)(strlen(rules[i]->id) < 7 ? 8 - strlen(rules[i]->id) : 1), "",
                tg_severity_name(rules[i]->severity));
        put(out, rules[i]->name);
        fprintf(out, "%*s", (int)(strlen(rules[i]->name) < 36 ? 37 - strlen(rules[i]->name) : 1),
                "");
        put(out, rules[i]->title);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
