/* check.c — the check and rules commands (see check.h). */
#include "check.h"
#include "arm.h"
#include "config.h"
#include "engine.h"
#include "input.h"
#include "paths.h"
#include "report.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* Applies the configuration's rules (on/off, severity), then --rule / --skip-rule,
 * which win; an id that names no rule is an error. */
static int select_rules(tg_engine *e, const tg_cli *c, const tg_config *cfg, tg_error *err)
{
    size_t n = tg_engine_rule_count(e);
    int any = 0;
    for (size_t k = 0; cfg && k < cfg->nrules; k++) {
        const tg_config_rule *cr = &cfg->rules[k];
        int found = 0;
        for (size_t i = 0; i < n; i++)
            if (rule_matches(tg_engine_rule(e, i), cr->rule)) {
                found = 1;
                if (cr->has_severity)
                    tg_engine_rule(e, i)->severity = cr->severity;
            }
        if (!found)
            return tg_error_set(err, cfg->path, cr->line, cr->col,
                                "rules: %s: no such rule (see: transguard rules)", cr->rule);
    }
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
        for (size_t k = 0; on && cfg && k < cfg->nrules; k++)
            if (cfg->rules[k].enabled == 0 && rule_matches(r, cfg->rules[k].rule))
                on = 0;
        for (size_t k = 0; k < c->nrules; k++)
            on |= rule_matches(r, c->rules[k]);
        for (size_t k = 0; k < c->nskip_rules; k++)
            if (rule_matches(r, c->skip_rules[k]))
                on = 0;
        r->enabled = on;
        any |= on;
    }
    if (!any)
        return tg_error_set(err, NULL, 0, 0,
                            "--rule, --skip-rule and the configuration leave no rule to run");
    return TG_OK;
}

static int exit_status(tg_severity fail_on, tg_unknown_mode unknown, const tg_model *m,
                       const tg_results *res, const tg_rule *const *rules)
{
    for (size_t f = 0; f < m->nfiles; f++)
        if (m->files[f].error)
            return 2;
    int fail = 0;
    for (size_t i = 0; i < res->n; i++) {
        const tg_result *x = &res->items[i];
        if (x->status == TG_ST_ERROR)
            return 2;
        int counts =
            x->status == TG_ST_FAIL || (x->status == TG_ST_UNKNOWN && unknown == TG_UNKNOWN_FAIL);
        if (counts && rules[x->rule]->severity >= fail_on)
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

/* The configuration named by --config, or found upward from the first path; *out is
 * NULL when there is none. Prints the error and returns TG_ERR on a bad one. */
static int load_config(const tg_cli *c, const tg_paths *paths, tg_config **out)
{
    *out = NULL;
    char *path = c->config ? tg_xstrdup(c->config) : tg_config_find(c->npaths ? c->paths[0] : ".");
    if (!path)
        return TG_OK;
    char *display = c->config ? NULL : tg_paths_display(paths, path);
    tg_error err = {0};
    int rc = tg_config_load(out, path, display, &err);
    if (rc != TG_OK)
        print_error(&err);
    free(display);
    free(path);
    return rc;
}

/* The engine with the shipped policies, the configuration's policy_dirs and those of
 * --policy-dir; NULL after printing why it could not be made. */
tg_engine *tg_check_engine(const tg_cli *c, const tg_config *cfg)
{
    tg_error err = {0};
    tg_engine *e = NULL;
    size_t ncfg = cfg ? cfg->policy_dirs.n : 0, ndirs = ncfg + c->npolicy_dirs;
    const char **dirs = tg_xcalloc(ndirs ? ndirs : 1, sizeof *dirs);
    for (size_t i = 0; i < ncfg; i++)
        dirs[i] = cfg->policy_dirs.items[i];
    for (size_t i = 0; i < c->npolicy_dirs; i++)
        dirs[ncfg + i] = c->policy_dirs[i];
    tg_engine_opts eo = {dirs, ndirs, NULL, 0, 0, 0, NULL, NULL, NULL, 0, 0, 0};
    if (cfg) {
        eo.kinds = (const char *const *)cfg->kinds.items;
        eo.nkinds = cfg->kinds.n;
        eo.broadest_prefix = cfg->broadest_prefix < 0 ? 0 : cfg->broadest_prefix;
        eo.broadest_prefix_set = cfg->broadest_prefix >= 0;
        eo.allowed_locations = (const char *const *)cfg->allowed_locations.items;
        eo.nallowed_locations = cfg->allowed_locations.n;
        eo.allowed_skus = (const char *const *)cfg->allowed_skus.items;
        eo.nallowed_skus = cfg->allowed_skus.n;
        eo.required_tags = (const char *const *)cfg->required_tags.items;
        eo.nrequired_tags = cfg->required_tags.n;
    }
    int rc = tg_engine_new(&e, &eo, &err);
    free(dirs);
    if (rc != TG_OK) {
        print_error(&err);
        return NULL;
    }
    return e;
}

/* The configuration's include/exclude, for the input layer. */
static int wanted(const void *ud, const char *display)
{
    return tg_config_path_wanted(ud, display);
}

int tg_check_run(const tg_cli *c)
{
    tg_error err = {0};
    tg_paths paths;
    tg_paths_init(&paths);
    tg_config *cfg = NULL;
    if (load_config(c, &paths, &cfg) != TG_OK) {
        tg_paths_free(&paths);
        return 2;
    }
    tg_engine *e = tg_check_engine(c, cfg);
    if (!e || select_rules(e, c, cfg, &err) != TG_OK) {
        if (e)
            print_error(&err);
        tg_engine_free(e);
        tg_config_free(cfg);
        tg_paths_free(&paths);
        return 2;
    }
    tg_severity fail_on = c->fail_on;
    if (!c->fail_on_set && cfg && cfg->has_fail_on)
        fail_on = cfg->fail_on;
    tg_unknown_mode unknown = c->unknown;
    if (!c->unknown_set && cfg && cfg->unknown >= 0)
        unknown = (tg_unknown_mode)cfg->unknown;
    tg_model *m = tg_model_new();
    static const char *const here[] = {"."};
    const char *const *inputs = c->npaths ? c->paths : here;
    size_t ninputs = c->npaths ? c->npaths : 1;
    tg_input_opts io = {
        c->params, c->nparams, c->subscription, c->resource_group, c->location, c->source_root,
        NULL,      NULL};
    if (cfg && (cfg->include.n || cfg->exclude.n)) {
        io.wanted = wanted;
        io.wanted_ud = cfg;
    }
    for (size_t i = 0; i < ninputs; i++)
        tg_input_add(m, &paths, &io, inputs[i]);
    tg_arm_link(m);

    tg_results results = {0};
    tg_engine_check(e, m, &results);

    size_t nrules = tg_engine_rule_count(e);
    const tg_rule **rules = tg_xcalloc(nrules ? nrules : 1, sizeof *rules);
    for (size_t i = 0; i < nrules; i++)
        rules[i] = tg_engine_rule(e, i);
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
    tg_config_suppress(cfg, m, &results, rules, today);
    tg_report rep = {m, &results, rules, nrules, c->show_passed, c->quiet, 0, {0}};
    tg_report_count(&rep);

    int status = exit_status(fail_on, unknown, m, &results, rules);
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
    tg_config_free(cfg);
    return status;
}

int tg_check_rules(const tg_cli *c)
{
    tg_engine *e = tg_check_engine(c, NULL);
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

int tg_check_init(const tg_cli *c)
{
    tg_error err = {0};
    const char *path = c->config ? c->config : TG_CONFIG_NAME;
    if (tg_config_write_starter(path, c->force, &err) != TG_OK) {
        print_error(&err);
        return 2;
    }
    if (!c->quiet)
        printf("transguard: wrote %s\n", path);
    return 0;
}

int tg_check_explain(const tg_cli *c)
{
    tg_engine *e = tg_check_engine(c, NULL);
    if (!e)
        return 2;
    const char *want = c->npaths ? c->paths[0] : "";
    int status = 2;
    for (size_t i = 0; i < tg_engine_rule_count(e); i++) {
        const tg_rule *r = tg_engine_rule(e, i);
        if (!rule_matches(r, want))
            continue;
        printf("%s %s (%s)\n%s\n\n", r->id, r->name, tg_severity_name(r->severity), r->title);
        if (*r->rationale)
            printf("Why:\n  %s\n\n", r->rationale);
        if (*r->remediation)
            printf("Fix:\n  %s\n\n", r->remediation);
        if (*r->arm_snippet)
            printf("Compliant ARM:\n%s\n\n", r->arm_snippet);
        if (*r->terraform_snippet)
            printf("Compliant Terraform:\n%s\n\n", r->terraform_snippet);
        if (*r->azure_policy)
            printf("Azure Policy built-in: %s\n", r->azure_policy);
        if (*r->mcsb)
            printf("Microsoft cloud security benchmark: %s\n", r->mcsb);
        printf("More: docs/rules/%s.md (policy: %s)\n", r->id, r->source);
        status = 0;
    }
    if (status)
        fprintf(stderr, "transguard: explain %s: no such rule (see: transguard rules)\n",
                *want ? want : "(none given)");
    tg_engine_free(e);
    return status;
}
