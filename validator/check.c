/* check.c — the check and rules commands (see check.h). */
#include "check.h"
#include "arm.h"
#include "engine.h"
#include "input.h"
#include "paths.h"
#include "report.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_error(const tg_error *err)
{
    char buf[2200];
    tg_error_format(err, buf, sizeof buf);
    fprintf(stderr, "transguard: %s\n", buf);
}

static int rule_matches(const tg_rule *r, const char *want)
{
    return tg_text_ieq(r->id, want) || tg_text_ieq(r->name, want);
}

/* Applies --rule / --skip-rule; an id that names no rule is a usage error. */
static int select_rules(tg_engine *e, const tg_cli *c, tg_error *err)
{
    size_t n = tg_engine_rule_count(e);
    int any = 0;
    const char *const *lists[2] = {c->rules, c->skip_rules};
    size_t counts[2] = {c->nrules, c->nskip_rules};
    for (int l = 0; l < 2; l++)
        for (size_t k = 0; k < counts[l]; k++) {
            int found = 0;
            for (size_t i = 0; i < n; i++)
                found |= rule_matches(tg_engine_rule(e, i), lists[l][k]);
            if (!found)
                return tg_error_set(err, NULL, 0, 0, "%s %s: no such rule (see: transguard rules)",
                                    l ? "--skip-rule" : "--rule", lists[l][k]);
        }
    for (size_t i = 0; i < n; i++) {
        tg_rule *r = tg_engine_rule(e, i);
        int on = c->nrules == 0;
        for (size_t k = 0; k < c->nrules; k++)
            on |= rule_matches(r, c->rules[k]);
        for (size_t k = 0; k < c->nskip_rules; k++)
            if (rule_matches(r, c->skip_rules[k]))
                on = 0;
        r->enabled = on;
        any |= on;
    }
    if (!any)
        return tg_error_set(err, NULL, 0, 0, "--rule and --skip-rule leave no rule to run");
    return TG_OK;
}

static int exit_status(const tg_cli *c, const tg_model *m, const tg_results *res,
                       const tg_rule *const *rules)
{
    for (size_t f = 0; f < m->nfiles; f++)
        if (m->files[f].error)
            return 2;
    int fail = 0;
    for (size_t i = 0; i < res->n; i++) {
        const tg_result *x = &res->items[i];
        if (x->status == TG_ST_ERROR)
            return 2;
        int counts = x->status == TG_ST_FAIL ||
                     (x->status == TG_ST_UNKNOWN && c->unknown == TG_UNKNOWN_FAIL);
        if (counts && rules[x->rule]->severity >= c->fail_on)
            fail = 1;
    }
    return fail;
}

static int use_color(const tg_cli *c, const tg_output *o)
{
    const char *nc = getenv("NO_COLOR");
    return !c->no_color && !(nc && *nc) && !o->path && strcmp(o->format, "text") == 0 &&
           isatty(STDOUT_FILENO);
}

/* The engine with the shipped policies and those of --policy-dir; NULL after printing
 * why it could not be made. */
static tg_engine *new_engine(const tg_cli *c)
{
    tg_error err = {0};
    tg_engine *e = NULL;
    tg_engine_opts eo = {c->policy_dirs, c->npolicy_dirs, NULL, 0, 0};
    if (tg_engine_new(&e, &eo, &err) != TG_OK) {
        print_error(&err);
        return NULL;
    }
    return e;
}

int tg_check_run(const tg_cli *c)
{
    tg_error err = {0};
    tg_engine *e = new_engine(c);
    if (!e)
        return 2;
    if (select_rules(e, c, &err) != TG_OK) {
        print_error(&err);
        tg_engine_free(e);
        return 2;
    }
    tg_paths paths;
    tg_paths_init(&paths);
    tg_model *m = tg_model_new();
    static const char *const here[] = {"."};
    const char *const *inputs = c->npaths ? c->paths : here;
    size_t ninputs = c->npaths ? c->npaths : 1;
    tg_input_opts io = {c->params,         c->nparams,  c->subscription,
                        c->resource_group, c->location, c->source_root};
    for (size_t i = 0; i < ninputs; i++)
        tg_input_add(m, &paths, &io, inputs[i]);
    tg_arm_link(m);

    tg_results results = {0};
    tg_engine_check(e, m, &results);

    size_t nrules = tg_engine_rule_count(e);
    const tg_rule **rules = tg_xcalloc(nrules ? nrules : 1, sizeof *rules);
    for (size_t i = 0; i < nrules; i++)
        rules[i] = tg_engine_rule(e, i);
    tg_report rep = {m, &results, rules, nrules, c->show_passed, c->quiet, 0, {0}};
    tg_report_count(&rep);

    int status = exit_status(c, m, &results, rules);
    int text_on_stdout = 0;
    for (size_t o = 0; o < c->noutputs; o++)
        text_on_stdout |= !c->outputs[o].path && strcmp(c->outputs[o].format, "text") == 0;
    if (!text_on_stdout)
        for (size_t f = 0; f < m->nfiles; f++)
            if (m->files[f].error)
                fprintf(stderr, "transguard: %s\n", m->files[f].error);

    for (size_t o = 0; o < c->noutputs; o++) {
        const tg_output *out = &c->outputs[o];
        FILE *fp = out->path ? fopen(out->path, "w") : stdout;
        if (!fp) {
            fprintf(stderr, "transguard: cannot write %s: %s\n", out->path, strerror(errno));
            status = 2;
            continue;
        }
        rep.color = use_color(c, out);
        int rc =
            strcmp(out->format, "json") == 0 ? tg_report_json(fp, &rep) : tg_report_text(fp, &rep);
        if (!out->path)
            fflush(fp);
        else if (fclose(fp) != 0)
            rc = -1;
        if (rc != 0) {
            fprintf(stderr, "transguard: cannot write %s\n",
                    out->path ? out->path : "standard output");
            status = 2;
        }
    }

    free(rules);
    tg_results_free(&results);
    tg_model_free(m);
    tg_paths_free(&paths);
    tg_engine_free(e);
    return status;
}

int tg_check_rules(const tg_cli *c)
{
    tg_engine *e = new_engine(c);
    if (!e)
        return 2;
    size_t n = tg_engine_rule_count(e);
    const tg_rule **rules = tg_xcalloc(n ? n : 1, sizeof *rules);
    for (size_t i = 0; i < n; i++)
        rules[i] = tg_engine_rule(e, i);
    int json = strcmp(c->outputs[0].format, "json") == 0;
    int rc = json ? tg_report_rules_json(stdout, rules, n) : tg_report_rules_text(stdout, rules, n);
    free(rules);
    tg_engine_free(e);
    return rc == 0 ? 0 : 2;
}
