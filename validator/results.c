/* results.c — the result list, status and severity names. */
#include "results.h"
#include "error.h"
#include "rule.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

tg_result *tg_results_add(tg_results *r)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->items = tg_xrealloc(r->items, r->cap * sizeof *r->items);
    }
    tg_result *x = &r->items[r->n++];
    memset(x, 0, sizeof *x);
    return x;
}

tg_note *tg_results_add_note(tg_results *r)
{
    r->notes = tg_xrealloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
    tg_note *x = &r->notes[r->nnotes++];
    memset(x, 0, sizeof *x);
    return x;
}

void tg_results_free(tg_results *r)
{
    free(r->items);
    free(r->notes);
    r->items = NULL;
    r->notes = NULL;
    r->n = r->cap = r->nnotes = 0;
}

const char *tg_status_name(tg_status s)
{
    static const char *const names[] = {"fail", "pass", "unknown", "n/a", "error", "suppressed"};
    return (unsigned)s < TG_ST_COUNT ? names[s] : "?";
}

static const char *const sev_names[] = {"info", "low", "medium", "high", "critical"};

int tg_severity_parse(const char *s, tg_severity *out)
{
    for (int i = 0; i < 5; i++)
        if (s && tg_text_ieq(s, sev_names[i])) {
            *out = (tg_severity)i;
            return 0;
        }
    return -1;
}

const char *tg_severity_name(tg_severity s)
{
    return (unsigned)s < 5 ? sev_names[s] : "?";
}
