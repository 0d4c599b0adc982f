/* engine.h — the policy engine: loads the shipped policies (and --policy-dir ones) into
 * one sandboxed Lua state once per run, then judges every Translator account of a model
 * with every enabled rule, one result each.
 *
 * Ownership: tg_engine_new gives the caller an engine (tg_engine_free). Rules returned
 * by tg_engine_rule are borrowed: valid until the engine is freed. */
#ifndef TG_ENGINE_H
#define TG_ENGINE_H

#include "error.h"
#include "model.h"
#include "results.h"
#include "rule.h"

#include <stddef.h>

typedef struct tg_engine_opts {
    const char *const *policy_dirs; /* extra policy folders, loaded after the shipped ones */
    size_t npolicy_dirs;
    const char *const
        *kinds; /* account kinds in scope; NULL = TextTranslation, CognitiveServices, AIServices */
    size_t nkinds;
    int broadest_prefix;     /* TG004: broadest allowed CIDR prefix (0 = default 24) */
    int broadest_prefix_set; /* broadest_prefix given, even 0 */
    /* ctx.settings lists for policies (borrowed for the engine's life; NULL = none) */
    const char *const *allowed_locations, *const *allowed_skus, *const *required_tags;
    size_t nallowed_locations, nallowed_skus, nrequired_tags;
} tg_engine_opts;

typedef struct tg_engine tg_engine;

int tg_engine_new(tg_engine **out, const tg_engine_opts *opts, tg_error *err);
void tg_engine_free(tg_engine *e); /* accepts NULL */

size_t tg_engine_rule_count(const tg_engine *e);
tg_rule *tg_engine_rule(tg_engine *e, size_t i); /* sorted by id */

/* Appends a result for every enabled rule and every account in scope. */
int tg_engine_check(tg_engine *e, tg_model *m, tg_results *out);

#endif
