/* ruletest.c — `transguard test [DIR]`: each policy against its fixtures, the way users test
 * their own policies and `make test` tests the shipped ones. A fixture's name says what every
 * Translator account in it must get from the rule: <pass|fail|unknown|na>-<what>.json under
 * <fixtures>/<ID>/<format>/; a sidecar <fixture>.expect may pin results exactly, one
 * "ADDRESS STATUS [LINE]" per line. A .transguard.yaml in the format's folder, or else in the
 * rule's, gives the fixtures there their settings (allowed_locations, required_tags, ...). */
#include "arm.h"
#include "check.h"
#include "config.h"
#include "dir.h"
#include "engine.h"
#include "input.h"
#include "paths.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Checks one fixture with rule r; prints what is wrong; returns the number of problems. */
static int run_fixture(tg_engine *e, size_t rule, const tg_paths *paths, const char *path,
                       const char *want, const char *shown)
{
    tg_model *m = tg_model_new();
    tg_input_opts io = {0};
    tg_input_add(m, paths, &io, path);
    tg_arm_link(m);
    for (size_t i = 0; i < tg_engine_rule_count(e); i++)
        tg_engine_rule(e, i)->enabled = i == rule;
    tg_results res = {0};
    tg_engine_check(e, m, &res);
    const tg_rule *r = tg_engine_rule(e, rule);
    int problems = 0;
    for (size_t f = 0; f < m->nfiles; f++)
        if (m->files[f].error) {
            printf("FAIL %s %s: %s\n", r->id, shown, m->files[f].error);
            problems++;
        }
    if (res.n == 0 && !problems) {
        printf("FAIL %s %s: no Translator account was judged\n", r->id, shown);
        problems++;
    }
    for (size_t i = 0; i < res.n; i++) {
        const tg_result *x = &res.items[i];
        if (strcmp(tg_status_name(x->status), want) != 0) {
            printf("FAIL %s %s: %s got %s, expected %s: %s\n", r->id, shown,
                   m->res[x->resource].address, tg_status_name(x->status), want, x->message);
            problems++;
        }
    }
    /* exact expectations, when a sidecar gives them */
    tg_sb sp = {0};
    tg_sb_printf(&sp, "%s.expect", path);
    FILE *fp = fopen(sp.s, "r");
    char line[2048];
    for (int n = 1; fp && fgets(line, sizeof line, fp); n++) {
        char addr[1024], status[32];
        int want_line = 0;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int k = sscanf(line, "%1023s %31s %d", addr, status, &want_line);
        if (k < 2) {
            printf("FAIL %s %s.expect:%d: expected \"ADDRESS STATUS [LINE]\"\n", r->id, shown, n);
            problems++;
            continue;
        }
        int found = 0;
        for (size_t i = 0; i < res.n && !found; i++) {
            const tg_result *x = &res.items[i];
            found = strcmp(m->res[x->resource].address, addr) == 0 &&
                    strcmp(tg_status_name(x->status), status) == 0 &&
                    (k < 3 || x->line == want_line);
        }
        if (!found) {
            printf("FAIL %s %s.expect:%d: no result %s %s%s\n", r->id, shown, n, addr, status,
                   k < 3 ? "" : " at that line");
            problems++;
        }
    }
    if (fp)
        fclose(fp);
    tg_sb_free(&sp);
    tg_results_free(&res);
    tg_model_free(m);
    if (!problems)
        printf("ok   %s %s\n", r->id, shown);
    return problems;
}

int tg_check_test(const tg_cli *c)
{
    const char *dir = c->npaths ? c->paths[0] : NULL;
    tg_sb root = {0};
    tg_sb_printf(&root, "%s", dir ? dir : "fixtures/rules");
    if (dir)
        tg_sb_adds(&root, "/fixtures");
    if (dir && !is_dir(dir)) {
        fprintf(stderr, "transguard: %s: not a folder of policies\n", dir);
        tg_sb_free(&root);
        return 2;
    }
    /* the engine with DIR's policies; a fixture folder with its own .transguard.yaml (rule
     * settings such as allowed_locations) gets an engine made with that configuration */
    tg_cli tc = *c;
    const char *dirs[1] = {dir};
    tc.policy_dirs = dir ? dirs : NULL;
    tc.npolicy_dirs = dir ? 1 : 0;
    tg_engine *e = tg_check_engine(&tc, NULL);
    if (!e) {
        tg_sb_free(&root);
        return 2;
    }
    tg_paths paths;
    tg_paths_init(&paths);
    size_t fixtures = 0, failed = 0, rules = 0;
    for (size_t ri = 0; ri < tg_engine_rule_count(e); ri++) {
        const tg_rule *r = tg_engine_rule(e, ri);
        size_t dl = dir ? strlen(dir) : 0;
        if (dir && !(strncmp(r->source, dir, dl) == 0 && r->source[dl] == '/'))
            continue; /* a shipped rule: `transguard test` without DIR tests those */
        rules++;
        tg_sb rd = {0};
        tg_sb_printf(&rd, "%s/%s", root.s, r->id);
        char **formats;
        size_t nf;
        if (tg_dir_list(rd.s, &formats, &nf) != 0) {
            printf("FAIL %s: no fixtures in %s\n", r->id, rd.s);
            failed++;
            tg_sb_free(&rd);
            continue;
        }
        for (size_t fi = 0; fi < nf; fi++) {
            tg_sb fd = {0};
            tg_sb_printf(&fd, "%s/%s", rd.s, formats[fi]);
            char **names;
            size_t nn;
            tg_engine *fe = e;
            tg_config *cfg = NULL;
            tg_sb cp = {0};
            tg_sb_printf(&cp, "%s/.transguard.yaml", fd.s);
            struct stat st;
            if (stat(cp.s, &st) != 0) { /* else the rule's own folder's, as check finds it upward */
                cp.len = 0;
                tg_sb_printf(&cp, "%s/.transguard.yaml", rd.s);
            }
            if (stat(cp.s, &st) == 0) {
                tg_error cerr = {0};
                if (tg_config_load(&cfg, cp.s, cp.s, &cerr) != TG_OK) {
                    char buf[2200];
                    tg_error_format(&cerr, buf, sizeof buf);
                    printf("FAIL %s %s: %s\n", r->id, formats[fi], buf);
                    failed++;
                } else {
                    fe = tg_check_engine(&tc, cfg);
                }
            }
            tg_sb_free(&cp);
            size_t fri = ri; /* the rule's index in fe (same policies, same order) */
            if (fe && fe != e)
                for (size_t q = 0; q < tg_engine_rule_count(fe); q++)
                    if (strcmp(tg_engine_rule(fe, q)->id, r->id) == 0)
                        fri = q;
            if (fe && is_dir(fd.s) && tg_dir_list(fd.s, &names, &nn) == 0) {
                for (size_t k = 0; k < nn; k++) {
                    const char *name = names[k];
                    if (!tg_text_iends(name, ".json") || tg_text_iends(name, ".parameters.json"))
                        continue;
                    const char *dash = strchr(name, '-');
                    size_t pl = dash ? (size_t)(dash - name) : 0;
                    const char *want = pl == 4 && strncmp(name, "pass", 4) == 0      ? "pass"
                                       : pl == 4 && strncmp(name, "fail", 4) == 0    ? "fail"
                                       : pl == 7 && strncmp(name, "unknown", 7) == 0 ? "unknown"
                                       : pl == 2 && strncmp(name, "na", 2) == 0      ? "n/a"
                                                                                     : NULL;
                    tg_sb fp = {0}, shown = {0};
                    tg_sb_printf(&fp, "%s/%s", fd.s, name);
                    tg_sb_printf(&shown, "%s/%s", formats[fi], name);
                    fixtures++;
                    if (!want) {
                        printf(
                            "FAIL %s %s: the name must start with pass-, fail-, unknown- or na-\n",
                            r->id, shown.s);
                        failed++;
                    } else if (run_fixture(fe, fri, &paths, fp.s, want, shown.s)) {
                        failed++;
                    }
                    tg_sb_free(&fp);
                    tg_sb_free(&shown);
                }
                tg_dir_names_free(names, nn);
            }
            if (fe != e)
                tg_engine_free(fe);
            tg_config_free(cfg);
            tg_sb_free(&fd);
        }
        tg_dir_names_free(formats, nf);
        tg_sb_free(&rd);
    }
    printf("transguard test: %zu rule%s, %zu fixture%s, %zu failed\n", rules, rules == 1 ? "" : "s",
           fixtures, fixtures == 1 ? "" : "s", failed);
    tg_paths_free(&paths);
    tg_engine_free(e);
    tg_sb_free(&root);
    if (!rules || !fixtures)
        return 2;
    return failed ? 1 : 0;
}
