/* armsym.h — a symbolic reading of ARM expressions, enough for names and links before
 * the full evaluator exists: string literals, concat, format, resourceId (as a full id:
 * "/subscriptions/S/resourceGroups/R/providers/T/N"), toLower and toUpper are applied; every other
 * part is kept as "{its text}", so
 * "[format('{0}-tr', parameters('p'))]" reads "{parameters('p')}-tr". Two such strings
 * from the same template scope name the same thing exactly when they are equal. */
#ifndef TG_ARMSYM_H
#define TG_ARMSYM_H

#include "arena.h"

/* How the deployment's own subscription and resource group read symbolically: what
 * resourceId() uses when they are not given, and what subscription().subscriptionId and
 * resourceGroup().name render as. */
#define TG_ARMSYM_SUBSCRIPTION "{subscription().subscriptionId}"
#define TG_ARMSYM_RESOURCE_GROUP "{resourceGroup().name}"

/* expr is the expression text without the outer brackets. Returns a string in arena a;
 * *literal is set to 1 when no part stayed symbolic. */
const char *tg_armsym_render(tg_arena *a, const char *expr, int *literal);

/* Is s an ARM expression ("[...]" but not "[[...")? */
int tg_armsym_is_expr(const char *s, size_t len);

#endif
