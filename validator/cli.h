/* cli.h — the command line: parsed once into a tg_cli, which the commands read. Help
 * text lives here too, next to the parser, so the two stay in step.
 *
 * Ownership: arrays in tg_cli are owned by it (tg_cli_free); the strings they hold
 * are borrowed from argv. */
#ifndef TG_CLI_H
#define TG_CLI_H

#include "error.h"
#include "rule.h"

#include <stddef.h>
#include <stdio.h>

#define TG_CLI_MAX_OUTPUTS 16

typedef enum { TG_UNKNOWN_PASS, TG_UNKNOWN_WARN, TG_UNKNOWN_FAIL } tg_unknown_mode;

typedef struct tg_output {
    const char *format; /* "text" or "json" */
    const char *path;   /* NULL = stdout */
} tg_output;

typedef struct tg_cli {
    const char *command; /* "check", "rules", "init", "help", "version" */
    const char **paths;
    size_t npaths;
    const char **rules, **skip_rules, **policy_dirs, **params;
    size_t nrules, nskip_rules, npolicy_dirs, nparams;
    const char *subscription, *resource_group, *location; /* deployment context */
    const char *source_root;                              /* Terraform sources of plans */
    const char *config; /* --config FILE (check: read it; init: write it), or NULL */
    tg_output outputs[TG_CLI_MAX_OUTPUTS];
    size_t noutputs;
    tg_severity fail_on;
    tg_unknown_mode unknown;
    int fail_on_set, unknown_set; /* given on the command line: wins over the config */
    int show_passed, quiet, no_color, force;
} tg_cli;

/* Returns TG_OK or TG_ERR with a usage message in err. */
int tg_cli_parse(tg_cli *out, int argc, char **argv, tg_error *err);
void tg_cli_free(tg_cli *c);
void tg_cli_help(FILE *out);

#endif
