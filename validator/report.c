/* report.c — what all reporters share: counting and which results are shown. */
#include "report.h"

void tg_report_count(tg_report *r)
{
    for (int i = 0; i < TG_ST_COUNT; i++)
        r->counts[i] = 0;
    for (size_t i = 0; i < r->results->n; i++)
        r->counts[r->results->items[i].status]++;
}

int tg_report_shown(const tg_report *r, const tg_result *x)
{
    return r->show_passed || (x->status != TG_ST_PASS && x->status != TG_ST_NA);
}
