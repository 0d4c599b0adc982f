/* cli.c — option parsing for every command and the --help text. */
#include "cli.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

void tg_cli_help(FILE *out)
{
    fputs(
        "usage: transguard <command> [options]\n"
        "\n"
        "Checks Azure Translator deployments (ARM templates, expanded as Resource Manager\n"
        "would deploy them, and Terraform plan JSON) against security policies.\n"
        "\n"
        "commands:\n"
        "  check [PATH...]          check files and folders (default: .)\n"
        "  rules [--format json]    list the rules: id, severity, name, title\n"
        "  explain ID               a rule's rationale, fix and compliant ARM and Terraform "
        "snippets\n"
        "  test [DIR]               run policies against their fixtures: DIR/*.lua with\n"
        "                           DIR/fixtures/<ID>/<format>/<pass|fail|unknown|na>-*.json\n"
        "                           (default: the shipped policies with fixtures/rules/<ID>/...)\n"
        "  init [--force]           write a commented starter .transguard.yaml here (or the\n"
        "                           --config FILE); --force overwrites an existing one\n"
        "  help, --help             this text\n"
        "  version, --version       the version\n"
        "\n"
        "check options:\n"
        "  --config FILE            the configuration (default: .transguard.yaml in the folder\n"
        "                           of the first path, or above it); options below win over it\n"
        "  --params FILE            ARM parameter file for every template checked (repeatable;\n"
        "                           later files win); without it, X.json uses X.parameters.json\n"
        "                           beside it\n"
        "  --resource-group NAME    the deployment's resource group, subscription id and location\n"
        "  --subscription ID        (default: unknown, and so is every value that depends on\n"
        "  --location NAME          them)\n"
        "  --source-root DIR        where the Terraform sources of a plan are, to point at the\n"
        "                           resource block in the .tf file (default: beside the plan)\n"
        "  --format FMT             text (default) or json\n"
        "  --output FILE            write the preceding --format there instead of stdout;\n"
        "                           --format/--output pairs may repeat\n"
        "  --fail-on SEVERITY       lowest severity that fails the run: critical, high\n"
        "                           (default), medium, low, info\n"
        "  --unknown pass|warn|fail how unknown results count toward the exit status\n"
        "                           (default: warn = reported, never failing)\n"
        "  --rule ID                run only this rule (id or name; repeatable)\n"
        "  --skip-rule ID           do not run this rule (repeatable)\n"
        "  --policy-dir DIR         load more *.lua policies; same id replaces a shipped\n"
        "                           rule (repeatable)\n"
        "  --show-passed            also list pass and n/a results\n"
        "  --quiet                  findings only: no notes, no summary\n"
        "  --no-color               no colour (also when NO_COLOR is set or not a terminal)\n"
        "\n"
        "exit status: 0 nothing at or above --fail-on; 1 findings at or above it;\n"
        "2 usage errors, files that cannot be read or parsed, or policy errors (every\n"
        "other file is still checked and reported).\n",
        out);
}

static void push(const char ***arr, size_t *n, const char *v)
{
    *arr = tg_xrealloc((void *)*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = v;
}

int tg_cli_parse(tg_cli *c, int argc, char **argv, tg_error *err)
{
    memset(c, 0, sizeof *c);
    c->fail_on = TG_SEV_HIGH;
    c->unknown = TG_UNKNOWN_WARN;
    if (argc < 2)
        return tg_error_set(err, NULL, 0, 0,
                            "no command given (try: transguard check PATH, or transguard --help)");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        c->command = "help";
    else if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0)
        c->command = "version";
    else if (strcmp(cmd, "check") == 0 || strcmp(cmd, "rules") == 0 || strcmp(cmd, "init") == 0 ||
             strcmp(cmd, "explain") == 0 || strcmp(cmd, "test") == 0)
        c->command = cmd;
    else
        return tg_error_set(err, NULL, 0, 0, "unknown command '%s' (try: transguard --help)", cmd);

    int only_paths = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            int one = strcmp(c->command, "explain") == 0 || strcmp(c->command, "test") == 0;
            if (strcmp(c->command, "check") != 0 && !(one && c->npaths == 0))
                return tg_error_set(err, NULL, 0, 0, "%s takes %s ('%s')", c->command,
                                    one ? "one argument" : "no arguments", a);
            push(&c->paths, &c->npaths, a);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        /* --opt=value or --opt value */
        char name[64];
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name)
            return tg_error_set(err, NULL, 0, 0, "unknown option '%s'", a);
        memcpy(name, a, nl);
        name[nl] = '\0';
        static const char *const with_value[] = {"--format",       "--output",   "--fail-on",
                                                 "--unknown",      "--rule",     "--skip-rule",
                                                 "--policy-dir",   "--params",   "--resource-group",
                                                 "--subscription", "--location", "--source-root",
                                                 "--config",       NULL};
        int takes = 0;
        for (const char *const *w = with_value; *w; w++)
            if (strcmp(name, *w) == 0)
                takes = 1;
        if (takes) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return tg_error_set(err, NULL, 0, 0, "option %s needs a value", name);
        } else if (eq) {
            return tg_error_set(err, NULL, 0, 0, "option %s takes no value", name);
        }

        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            c->command = "help";
        } else if (strcmp(name, "--version") == 0) {
            c->command = "version";
        } else if (strcmp(name, "--format") == 0) {
            if (strcmp(c->command, "check") != 0 && strcmp(c->command, "rules") != 0)
                return tg_error_set(err, NULL, 0, 0, "%s takes no --format", c->command);
            if (strcmp(val, "text") != 0 && strcmp(val, "json") != 0) {
                static const char *const later[] = {"sarif", "junit", "github", "markdown", NULL};
                for (const char *const *l = later; *l; l++)
                    if (strcmp(val, *l) == 0)
                        return tg_error_set(
                            err, NULL, 0, 0,
                            "format '%s' is not available in this version (use text or json)", val);
                return tg_error_set(err, NULL, 0, 0, "unknown format '%s' (use text or json)", val);
            }
            if (c->noutputs == TG_CLI_MAX_OUTPUTS)
                return tg_error_set(err, NULL, 0, 0, "too many --format options");
            c->outputs[c->noutputs++] = (tg_output){val, NULL};
        } else if (strcmp(name, "--output") == 0) {
            if (c->noutputs == 0)
                c->outputs[c->noutputs++] = (tg_output){"text", NULL};
            if (c->outputs[c->noutputs - 1].path)
                return tg_error_set(err, NULL, 0, 0,
                                    "--output %s: give a --format before each further --output",
                                    val);
            c->outputs[c->noutputs - 1].path = val;
        } else if (strcmp(name, "--config") == 0) {
            if (strcmp(c->command, "check") != 0 && strcmp(c->command, "init") != 0)
                return tg_error_set(err, NULL, 0, 0, "%s takes no --config", c->command);
            c->config = val;
        } else if (strcmp(name, "--force") == 0) {
            if (strcmp(c->command, "init") != 0)
                return tg_error_set(err, NULL, 0, 0, "--force is an option of init");
            c->force = 1;
        } else if (strcmp(name, "--fail-on") == 0) {
            c->fail_on_set = 1;
            if (tg_severity_parse(val, &c->fail_on) != 0)
                return tg_error_set(
                    err, NULL, 0, 0,
                    "--fail-on: '%s' is not one of critical, high, medium, low, info", val);
        } else if (strcmp(name, "--unknown") == 0) {
            c->unknown_set = 1;
            if (strcmp(val, "pass") == 0)
                c->unknown = TG_UNKNOWN_PASS;
            else if (strcmp(val, "warn") == 0)
                c->unknown = TG_UNKNOWN_WARN;
            else if (strcmp(val, "fail") == 0)
                c->unknown = TG_UNKNOWN_FAIL;
            else
                return tg_error_set(err, NULL, 0, 0,
                                    "--unknown: '%s' is not one of pass, warn, fail", val);
        } else if (strcmp(name, "--rule") == 0) {
            push(&c->rules, &c->nrules, val);
        } else if (strcmp(name, "--skip-rule") == 0) {
            push(&c->skip_rules, &c->nskip_rules, val);
        } else if (strcmp(name, "--policy-dir") == 0) {
            push(&c->policy_dirs, &c->npolicy_dirs, val);
        } else if (strcmp(name, "--params") == 0) {
            if (tg_text_iends(val, ".bicepparam"))
                return tg_error_set(err, NULL, 0, 0,
                                    "--params %s: a .bicepparam file needs the Bicep CLI: run `az "
                                    "bicep build-params "
                                    "--file %s` and pass the JSON it writes",
                                    val, val);
            push(&c->params, &c->nparams, val);
        } else if (strcmp(name, "--resource-group") == 0) {
            c->resource_group = val;
        } else if (strcmp(name, "--subscription") == 0) {
            c->subscription = val;
        } else if (strcmp(name, "--location") == 0) {
            c->location = val;
        } else if (strcmp(name, "--source-root") == 0) {
            c->source_root = val;
        } else if (strcmp(name, "--show-passed") == 0) {
            c->show_passed = 1;
        } else if (strcmp(name, "--quiet") == 0 || strcmp(name, "-q") == 0) {
            c->quiet = 1;
        } else if (strcmp(name, "--no-color") == 0) {
            c->no_color = 1;
        } else {
            return tg_error_set(err, NULL, 0, 0, "unknown option '%s' (try: transguard --help)", a);
        }
    }
    if (c->noutputs == 0)
        c->outputs[c->noutputs++] = (tg_output){"text", NULL};
    return TG_OK;
}

void tg_cli_free(tg_cli *c)
{
    free((void *)c->paths);
    free((void *)c->rules);
    free((void *)c->skip_rules);
    free((void *)c->policy_dirs);
    free((void *)c->params);
    memset(c, 0, sizeof *c);
}
