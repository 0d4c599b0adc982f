/* check.h — the commands: `check` wires the stages in one direction (inputs → model →
 * engine → results → reporters) and derives the exit status from the results;
 * `rules` lists the catalog; `init` writes a starter configuration. */
#ifndef TG_CHECK_H
#define TG_CHECK_H

#include "cli.h"

/* Each returns the process exit status. */
int tg_check_run(const tg_cli *c);
int tg_check_rules(const tg_cli *c);

struct tg_config;
struct tg_engine;
/* The engine for a run: shipped policies, the configuration's and --policy-dir's, and the
 * configuration's settings (cfg may be NULL). NULL after printing why it cannot be made. */
struct tg_engine *tg_check_engine(const tg_cli *c, const struct tg_config *cfg);
int tg_check_init(const tg_cli *c);    /* writes the starter .transguard.yaml */
int tg_check_explain(const tg_cli *c); /* one rule, for people */
int tg_check_test(const tg_cli *c);    /* policies against their fixtures */

#endif
