/* report_json.c — the JSON contract of DESIGN.md ("version": 1). Field names and
 * meanings are stable: users' scripts read them. */
#include "report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#ifndef TG_VERSION
#define TG_VERSION "0.0.0"
#endif

/* Prints root (and frees it). */
static int emit(FILE *out, cJSON *root)
{
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return -1;
    fputs(text, out);
    fputc('\n', out);
    free(text);
    return ferror(out) ? -1 : 0;
}

static cJSON *add_obj(cJSON *parent, const char *key)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(parent, key, o);
    return o;
}

int tg_report_json(FILE *out, const tg_report *r)
{
    const tg_model *m = r->model;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON *tool = add_obj(root, "tool");
    cJSON_AddStringToObject(tool, "name", "transguard");
    cJSON_AddStringToObject(tool, "version", TG_VERSION);

    cJSON *files = cJSON_AddArrayToObject(root, "files");
    for (size_t f = 0; f < m->nfiles; f++) {
        const tg_model_file *file = &m->files[f];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", file->path);
        cJSON_AddStringToObject(o, "format", file->format);
        cJSON_AddNumberToObject(o, "resources", (double)file->resources);
        if (file->error)
            cJSON_AddStringToObject(o, "error", file->error);
        else
            cJSON_AddNullToObject(o, "error");
        if (file->note)
            cJSON_AddStringToObject(o, "note", file->note);
        cJSON *unchecked = NULL;
        for (size_t i = 0; i < m->nunchecked; i++) {
            const tg_unchecked *u = &m->unchecked[i];
            if ((size_t)u->file != f)
                continue;
            if (!unchecked)
                unchecked = cJSON_AddArrayToObject(o, "unchecked");
            cJSON *uo = cJSON_CreateObject();
            cJSON_AddStringToObject(uo, "address", u->address);
            cJSON_AddStringToObject(uo, "reason", u->reason);
            cJSON_AddNumberToObject(uo, "line", u->line > 0 ? u->line : 1);
            cJSON_AddNumberToObject(uo, "column", u->col > 0 ? u->col : 1);
            cJSON_AddItemToArray(unchecked, uo);
        }
        cJSON_AddItemToArray(files, o);
    }

    cJSON *results = cJSON_AddArrayToObject(root, "results");
    for (size_t i = 0; i < r->results->n; i++) {
        const tg_result *x = &r->results->items[i];
        if (!tg_report_shown(r, x))
            continue;
        const tg_rule *rule = r->rules[x->rule];
        const tg_resource *res = &m->res[x->resource];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "rule", rule->id);
        cJSON_AddStringToObject(o, "name", rule->name);
        cJSON_AddStringToObject(o, "severity", tg_severity_name(rule->severity));
        cJSON_AddStringToObject(o, "status", tg_status_name(x->status));
        cJSON *ro = add_obj(o, "resource");
        cJSON_AddStringToObject(ro, "address", res->address);
        cJSON_AddStringToObject(ro, "type", res->type);
        cJSON_AddStringToObject(ro, "name", res->name);
        cJSON_AddStringToObject(o, "file", m->files[x->file].path);
        cJSON_AddNumberToObject(o, "line", x->line > 0 ? x->line : 1);
        cJSON_AddNumberToObject(o, "column", x->col > 0 ? x->col : 1);
        cJSON_AddStringToObject(o, "pointer", x->pointer ? x->pointer : "");
        cJSON_AddStringToObject(o, "message", x->message);
        if (res->source_file) {
            cJSON *so = add_obj(o, "source");
            cJSON_AddStringToObject(so, "file", res->source_file);
            cJSON_AddNumberToObject(so, "line", res->source_line > 0 ? res->source_line : 1);
        }
        cJSON_AddStringToObject(o, "remediation", rule->remediation);
        cJSON_AddItemToArray(results, o);
    }

    if (r->results->nnotes) { /* about the run itself, e.g. a stale suppression */
        cJSON *notes = cJSON_AddArrayToObject(root, "notes");
        for (size_t i = 0; i < r->results->nnotes; i++) {
            const tg_note *note = &r->results->notes[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "file", note->file);
            cJSON_AddNumberToObject(o, "line", note->line > 0 ? note->line : 1);
            cJSON_AddNumberToObject(o, "column", note->col > 0 ? note->col : 1);
            cJSON_AddStringToObject(o, "message", note->message);
            cJSON_AddItemToArray(notes, o);
        }
    }

    cJSON *summary = add_obj(root, "summary");
    for (int s = 0; s < TG_ST_COUNT; s++)
        cJSON_AddNumberToObject(summary, tg_status_name((tg_status)s), (double)r->counts[s]);

    return emit(out, root);
}

int tg_report_rules_json(FILE *out, const tg_rule *const *rules, size_t n)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", 1);
    cJSON *list = cJSON_AddArrayToObject(root, "rules");
    for (size_t i = 0; i < n; i++) {
        const tg_rule *r = rules[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", r->id);
        cJSON_AddStringToObject(o, "name", r->name);
        cJSON_AddStringToObject(o, "severity", tg_severity_name(r->severity));
        cJSON_AddStringToObject(o, "title", r->title);
        cJSON_AddStringToObject(o, "rationale", r->rationale);
        cJSON_AddStringToObject(o, "remediation", r->remediation);
        cJSON_AddStringToObject(o, "arm_snippet", r->arm_snippet);
        cJSON_AddStringToObject(o, "terraform_snippet", r->terraform_snippet);
        cJSON_AddStringToObject(o, "azure_policy", r->azure_policy);
        cJSON_AddStringToObject(o, "mcsb", r->mcsb);
        cJSON_AddStringToObject(o, "source", r->source);
        cJSON_AddItemToArray(list, o);
    }
    return emit(out, root);
}
