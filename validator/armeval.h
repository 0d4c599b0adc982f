/* armeval.h — the ARM template expression language: one string ("[concat(...)]") parsed and
 * evaluated as Azure Resource Manager would, over three-way values. Everything that is
 * only known at deployment — reference(), list*(), utcNow(), a parameter without a value,
 * the deployment context when not given — is an unknown that propagates through every
 * function that needs it, with a reason naming where it came from. Functions that do not
 * need all their arguments (if, and, or, coalesce, ...) decide from the known ones.
 *
 * The template around the expression (parameters, variables, copy loops, nested
 * deployments, symbolic resources) belongs to the expander (arm.c); it answers the
 * evaluator's questions through tg_arm_host.
 *
 * Ownership: every value returned is allocated in the arena passed in (or borrowed from the
 * host, which keeps it alive as long as the arena); nothing is freed on its own. */
#ifndef TG_ARMEVAL_H
#define TG_ARMEVAL_H

#include "arena.h"
#include "error.h"
#include "value.h"

#include <stddef.h>

/* Limits that keep hostile templates bounded. */
#define TG_ARMEVAL_MAX_EXPR 100000 /* characters in one expression */
#define TG_ARMEVAL_MAX_DEPTH 256   /* nesting of calls / brackets while parsing and evaluating */
#define TG_ARMEVAL_MAX_ELEMENTS 1000000   /* elements of an array built by range(), etc. */
#define TG_ARMEVAL_MAX_STRING (16u << 20) /* bytes of a string built by concat, format, ... */

typedef struct tg_arm_host {
    void *ud;
    /* parameters('name'): the value (known, or unknown with a reason such as "comes from
     * parameter 'x', which has no value"), or NULL with err set when the template declares no
     * such parameter. Names match case-insensitively (exact case first). */
    tg_value *(*parameter)(void *ud, const char *name, tg_error *err);
    /* variables('name'): the same for variables. */
    tg_value *(*variable)(void *ud, const char *name, tg_error *err);
    /* copyIndex([loopName]): the current index of the named loop, or of the innermost loop
     * when loop is NULL. Returns 0, or -1 with err set when not in such a loop. */
    int (*copy_index)(void *ud, const char *loop, long *out, tg_error *err);
    /* reference(target[, apiVersion][, 'Full']): target is the evaluated first argument (a
     * resource id or, in languageVersion 2.0, a symbolic name). Returns the runtime state
     * (usually an unknown "is only known after deployment: reference(...)"; the outputs of a
     * nested deployment in the same template as {"outputs": {...}}), never NULL. */
    tg_value *(*reference)(void *ud, const tg_value *target, int full, tg_error *err);
    /* resourceGroup(), subscription(), deployment(), environment(), tenant(),
     * managementGroup(): the object (members may be unknown), never NULL. */
    tg_value *(*context)(void *ud, const char *which);
    /* A user-defined function "namespace.member" (template `functions` section): the member
     * object {"parameters": [{"name", "type"}], "output": {"type", "value"}}, or NULL. */
    const tg_value *(*user_function)(void *ud, const char *qualified_name);
} tg_arm_host;

/* Unknown results. Every unknown the evaluator returns has `reason` (phrased to follow the
 * name of what it is about: "comes from parameter 'sku', which has no value", "is only known
 * after deployment: reference(...)") and `expr`: a readable form with the known parts filled
 * in and each unknown part as {its text}, so that names and ids stay readable and two
 * references can still be compared — format('{0}-tr', resourceGroup().name) reads
 * "{resourceGroup().name}-tr"; resourceId('Microsoft.CognitiveServices/accounts', 'tr') with
 * no deployment context reads "/subscriptions/{subscription().subscriptionId}/resourceGroups/
 * {resourceGroup().name}/providers/Microsoft.CognitiveServices/accounts/tr". String-building
 * functions (concat, format, resourceId and the other *ResourceId functions, toLower,
 * toUpper, replace on known parts) keep the known parts; other functions read as
 * "{<their source text>}". An unknown value obtained from the host keeps the host's expr
 * when it has one (the host gives resourceGroup().name the expr "{resourceGroup().name}").
 *
 * Evaluates one JSON string as Resource Manager reads it: "[expr]" is evaluated; "[[x" is the
 * literal "[x"; anything else is the literal string. The result carries position line/col
 * (the place the string was written). Returns NULL with err set (message naming the
 * expression, line and col of the string) when the expression is malformed, calls an unknown
 * function, passes arguments of the wrong type or count, or exceeds a limit. */
tg_value *tg_arm_eval_string(tg_arena *a, const tg_arm_host *h, const char *s, size_t len, int line,
                             int col, tg_error *err);

/* Is s an expression ("[...]" but not "[[...")? */
int tg_arm_is_expression(const char *s, size_t len);

#endif
