/* config.h — .transguard.yaml: which rules run and how severe they are, the fail-on
 * threshold, the account kinds in scope, rule settings, extra policy folders, path globs
 * and suppressions. Parsed once, before anything is checked; the only module that
 * includes <yaml.h>. Every problem is an error with the file's line and column.
 *
 * Ownership: tg_config_load/tg_config_parse give the caller a tg_config
 * (tg_config_free); every string reachable from it is owned by it. */
#ifndef TG_CONFIG_H
#define TG_CONFIG_H

#include "error.h"
#include "model.h"
#include "results.h"
#include "rule.h"

#include <stddef.h>

#define TG_CONFIG_NAME ".transguard.yaml"
#define TG_CONFIG_MAX_NODES 10000 /* nodes, aliases expanded: bounds "billion laughs" */
#define TG_CONFIG_MAX_ALIASES 100

typedef struct tg_config_rule {
    char *rule;  /* id or name, as written */
    int enabled; /* -1 not given, 0, 1 */
    int has_severity;
    tg_severity severity;
    int line, col;
} tg_config_rule;

typedef struct tg_config_suppression {
    char *rule;    /* rule id */
    char *address; /* pattern: * and ? are wildcards, everything else literal */
    char *reason;
    char *expires; /* "YYYY-MM-DD", or NULL */
    int line, col;
} tg_config_suppression;

typedef struct tg_config_list {
    char **items;
    size_t n;
} tg_config_list;

typedef struct tg_config {
    char *path; /* as given (display form) */
    tg_config_rule *rules;
    size_t nrules;
    int has_fail_on;
    tg_severity fail_on;
    int unknown;         /* -1 not given; else 0 pass, 1 warn, 2 fail (tg_unknown_mode) */
    int broadest_prefix; /* -1 not given */
    tg_config_list kinds, allowed_locations, allowed_skus, required_tags;
    tg_config_list policy_dirs; /* resolved against the config file's folder */
    tg_config_list include, exclude;
    tg_config_suppression *supp;
    size_t nsupp;
} tg_config;

/* Parses bytes (named display in errors). base_dir resolves relative policy_dirs (NULL
 * = as written). Returns TG_OK or TG_ERR with file:line:col in err. */
int tg_config_parse(tg_config **out, const char *display, const char *base_dir, const char *bytes,
                    size_t len, tg_error *err);
/* Reads and parses the file at path, named display in errors (NULL = path). */
int tg_config_load(tg_config **out, const char *path, const char *display, tg_error *err);
void tg_config_free(tg_config *c); /* accepts NULL */

/* The nearest .transguard.yaml in start's folder (start itself if a folder) or above.
 * Returns a path owned by the caller, or NULL when there is none. */
char *tg_config_find(const char *start);

/* Does the display path pass include/exclude? (1 = check it) */
int tg_config_path_wanted(const tg_config *c, const char *display);

/* Matches s against pattern, where only * and ? are special. */
int tg_config_match(const char *pattern, const char *s);

/* Applies the suppressions to results: a matching fail/unknown result becomes
 * `suppressed`, its message (re-allocated in m's arena) saying why. today is
 * "YYYY-MM-DD". Notes (expired, unmatched) are added to res in the order of the file,
 * their strings in m's arena. rules is indexed by tg_result.rule. */
void tg_config_suppress(const tg_config *c, tg_model *m, tg_results *res,
                        const tg_rule *const *rules, const char *today);

/* Writes the commented starter file at path; refuses an existing one unless force. */
int tg_config_write_starter(const char *path, int force, tg_error *err);

#endif
