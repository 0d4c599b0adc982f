/* report.h — the last stage: results rendered for people or programs. Reporters only
 * read; the exit code is computed from the results elsewhere, never by a formatter. */
#ifndef TG_REPORT_H
#define TG_REPORT_H

#include "model.h"
#include "results.h"
#include "rule.h"

#include <stdio.h>

typedef struct tg_report {
    const tg_model *model;
    const tg_results *results;
    const tg_rule *const *rules; /* indexed by tg_result.rule */
    size_t nrules;
    int show_passed; /* include pass and n/a results */
    int quiet;       /* text: findings only, no headers or summary */
    int color;       /* text: ANSI colours */
    size_t counts[TG_ST_COUNT];
} tg_report;

/* Fills r->counts from r->results. */
void tg_report_count(tg_report *r);
/* Is result x printed (fail, unknown, error, suppressed; pass and n/a with show_passed)? */
int tg_report_shown(const tg_report *r, const tg_result *x);

int tg_report_text(FILE *out, const tg_report *r);
int tg_report_json(FILE *out, const tg_report *r);

/* The catalog (`transguard rules`): id, severity, name, title — and in JSON also the
 * rationale, remediation, snippets, Azure Policy id and benchmark control. */
int tg_report_rules_text(FILE *out, const tg_rule *const *rules, size_t n);
int tg_report_rules_json(FILE *out, const tg_rule *const *rules, size_t n);

#endif
