/* armscope.h — part of the ARM reader: the evaluation context of one template (the file's
 * own, or an inner-scope nested deployment's). It answers the expression evaluator's
 * questions — parameters (given, then default, resolved on demand in any declaration order,
 * cycles reported), variables (including variable copy loops), copyIndex from the loops
 * being expanded, reference() to the outputs of nested deployments, the deployment
 * context, user-defined functions — and evaluates whole JSON values (property copy loops
 * included).
 *
 * Ownership: scopes and everything they make live in the model's arena. */
#ifndef TG_ARMSCOPE_H
#define TG_ARMSCOPE_H

#include "armeval.h"
#include "model.h"

/* One level of the copy loops being expanded (innermost first). index < 0: unknown. */
typedef struct tg_armloop {
    const char *name;
    long index;
    const struct tg_armloop *outer;
} tg_armloop;

/* The deployment context given on the command line (NULL members: unknown). */
typedef struct tg_armcontext {
    const char *subscription_id;
    const char *resource_group;
    const char *location;
} tg_armcontext;

typedef struct tg_armscope tg_armscope;

/* A nested deployment declared in a scope: its own scope once made, its outputs. */
typedef struct tg_armdeployment {
    const char *name;     /* evaluated name (readable when unknown) */
    const char *symbolic; /* languageVersion 2.0 key, or NULL */
    tg_value *decl;       /* the Microsoft.Resources/deployments resource */
    tg_armscope *inner;   /* made on first use; NULL for outer scope */
    tg_value *outputs;    /* {"outputs": {...}} once evaluated */
    int state;            /* 0 not yet, 1 evaluating, 2 done */
} tg_armdeployment;

struct tg_armscope {
    tg_model *m;
    size_t file;
    int id;                 /* symbolic names compare only within one scope */
    const tg_value *tmpl;   /* the template object */
    const tg_value *given;  /* parameter values: {"name": {"value": ...} | {"reference": ...}} */
    const char *given_from; /* where they come from, for reasons ("parameter file x.json") */
    int given_unreadable;   /* they cannot be known (a file that cannot be read, an unknown
                               expression): given_from then says why, phrased to follow
                               "whose value" */
    tg_value *rg, *sub, *deployment, *environment, *tenant, *mgmt; /* context() objects */
    const char *subscription, *resource_group; /* readable: where its resources deploy */
    /* caches: parameter and variable values by declared name (index into the declaration) */
    tg_value **param_values;
    unsigned char *param_state; /* 0 unresolved, 1 resolving, 2 done */
    tg_value **var_values;
    unsigned char *var_state;
    tg_armdeployment *deployments;
    size_t ndeployments;
    const tg_value *symbols; /* languageVersion 2.0 resources object, or NULL */
    int depth;               /* nesting of deployments */
    tg_error *err;           /* the file's first expression error */
    int *failed;
};

/* The file's top scope. params: the values {"name": {"value": ...}}, or NULL. */
tg_armscope *tg_armscope_top(tg_model *m, size_t file, const tg_value *tmpl, const tg_value *params,
                             const char *params_path, int params_unreadable,
                             const tg_armcontext *ctx, tg_error *err, int *failed);

/* The scope of the inner-scope nested deployment d declared in parent (made once). */
tg_armscope *tg_armscope_inner(tg_armscope *parent, tg_armdeployment *d, const tg_armloop *loops);

/* Registers the nested deployments declared in list (resources array or 2.0 object), so
 * reference() can reach their outputs before or after they are walked. */
void tg_armscope_index_deployments(tg_armscope *s, const tg_value *list);
tg_armdeployment *tg_armscope_find_deployment(tg_armscope *s, const tg_value *decl);

/* Evaluates one value deeply: expression strings evaluated, property copy loops (inside
 * `properties`, in_properties) expanded. Members named in skip (at v's own level) are left
 * out. Never NULL for a non-NULL v: an expression that cannot be evaluated becomes an
 * unknown and the file's first such error is recorded. */
tg_value *tg_armscope_eval(tg_armscope *s, const tg_armloop *loops, tg_value *v, int in_properties,
                           const char *const *skip);

/* Records an error for the file (the first one is kept) and returns an unknown saying so. */
tg_value *tg_armscope_fail(tg_armscope *s, const tg_error *e, int line, int col);

#endif
