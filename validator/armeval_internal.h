/* armeval_internal.h — what the parts of the ARM expression evaluator share: the syntax
 * tree the parser builds, the evaluation context, the function table, and the helpers
 * every function uses to make values, unknowns and errors. Not for use outside
 * armeval*.c. */
#ifndef TG_ARMEVAL_INTERNAL_H
#define TG_ARMEVAL_INTERNAL_H

#include "armeval.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

/* Work one evaluation may do (nodes evaluated, elements built, lambda calls) and bytes of
 * strings it may build in all: beyond these an expression is refused, whatever mix of
 * loops and nesting it uses. */
#define AE_MAX_WORK ((size_t)4 * 1000 * 1000)
#define AE_MAX_TOTAL_BYTES ((size_t)4 * TG_ARMEVAL_MAX_STRING)
/* Nesting of values the evaluator walks (equality, serializing, merging). */
#define AE_MAX_VALUE_DEPTH 1024
/* Nesting of user-defined function calls. */
#define AE_MAX_UDF_DEPTH 32

/* ---- syntax tree (armeval_parse.c) ---- */

typedef enum ae_kind {
    AE_STR,    /* 'text' */
    AE_NUM,    /* 12, -3, 1.5 */
    AE_BOOL,   /* bare true / false */
    AE_NULL,   /* bare null */
    AE_CALL,   /* name(args) or ns.name(args) */
    AE_MEMBER, /* target.name or target.?name */
    AE_INDEX   /* target[index] */
} ae_kind;

typedef struct ae_ctx ae_ctx;
typedef struct ae_node ae_node;
typedef struct ae_func ae_func;

struct ae_node {
    ae_kind kind;
    const char *at; /* the node's source text (inside the expression) and its length */
    size_t span;
    const char *s; /* AE_STR: the value; AE_MEMBER: the name; AE_CALL: the name as written */
    size_t len;
    double num;
    int boolean;
    int optional;      /* AE_MEMBER written .?name */
    const ae_func *fn; /* AE_CALL: the built-in function, NULL for a user-defined one */
    ae_node *target;   /* AE_MEMBER, AE_INDEX */
    ae_node **args;    /* AE_CALL: arguments; AE_INDEX: args[0] is the index */
    size_t nargs;
    /* filled in while evaluating (a node is evaluated only by the call that parsed it) */
    const char *braced; /* "{text}" once computed */
    tg_value *lit;      /* the value of a literal once made; never modified */
};

/* Parses text[0..len) (an expression without its brackets). Returns the tree (in a), or
 * NULL with *msg (static or in a) and *at (byte offset of the problem). */
ae_node *ae_parse(tg_arena *a, const char *text, size_t len, const char **msg, size_t *at);

/* ---- function table (armeval_funcs.c) ---- */

typedef tg_value *(*ae_impl)(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc);

enum {
    AE_LAZY = 1,       /* the function evaluates call->args itself (argv is NULL) */
    AE_UNKNOWN_OK = 2, /* called even when an argument is unknown */
    AE_RUNTIME = 4,    /* only known at deployment: the result is always unknown */
    AE_UNEVALUATED = 8 /* a function of Resource Manager this evaluator does not compute */
};

struct ae_func {
    const char *name;
    int min, max; /* argument counts; max -1 = any */
    unsigned flags;
    ae_impl impl;
};

/* The built-in function of that name (any case), or NULL. Names starting with "list"
 * are the runtime list* functions. */
const ae_func *ae_func_lookup(const char *name, size_t len);

#define AE_FN(name) tg_value *name(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc)

/* The parts of the table kept with their functions. */
extern const ae_func ae_string_funcs[], ae_coll_funcs[], ae_encode_funcs[];
extern const size_t ae_string_nfuncs, ae_coll_nfuncs, ae_encode_nfuncs;
/* json(): the text parsed as JSON, its values placed at the expression's string. */
tg_value *ae_parse_json(ae_ctx *c, const ae_node *call, const char *s, size_t len);

/* Argument checks: TG_ERR (NULL) with the error "f(): argument N must be ..." set. */
tg_value *ae_bad_arg(ae_ctx *c, const ae_node *call, size_t i, const char *want,
                     const tg_value *got);
int ae_arg_str(ae_ctx *c, const ae_node *call, tg_value **argv, size_t i, const char **s,
               size_t *len);
int ae_arg_int(ae_ctx *c, const ae_node *call, tg_value **argv, size_t i, long long *out);
int ae_arg_bool(ae_ctx *c, const ae_node *call, tg_value **argv, size_t i, int *out);
/* The text of a string, number or boolean ("True"/"False"); 0 for other kinds. */
int ae_scalar_text(const tg_value *v, char buf[40], const char **s, size_t *len);
/* "a string", "an array", "null", ... for messages. */
const char *ae_an(const tg_value *v);

/* ---- evaluation (armeval.c) ---- */

typedef struct ae_scope ae_scope; /* lambda variables in scope */
struct ae_scope {
    const char **names;
    tg_value **values;
    size_t n;
    ae_scope *up;
};

typedef struct ae_piece { /* part of a readable string */
    const char *s;
    size_t len;
    int unknown; /* s is "{text}" of something unknown */
} ae_piece;

typedef struct ae_rdmap ae_rdmap; /* unknown strings built here -> their pieces */

struct ae_ctx {
    tg_arena *a;
    const tg_arm_host *h;
    tg_error *err;
    const char *text; /* the expression being evaluated (for messages) */
    size_t len;
    int line, col; /* where its string was written */
    int depth, udf_depth;
    size_t work, bytes;
    size_t arena0; /* arena bytes used when the evaluation started */
    ae_scope *scope;
    ae_rdmap *rd;
};

tg_value *ae_eval(ae_ctx *c, const ae_node *n);
/* Evaluates a JSON value as a template value (strings that are expressions evaluated,
 * arrays and objects walked) in the same context; used for user-defined functions. */
tg_value *ae_eval_template_value(ae_ctx *c, const tg_value *v, int depth);

/* Errors: all return NULL (or TG_ERR for the int ones) after setting c->err once. */
tg_value *ae_fail(ae_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
tg_value *ae_fail_fn(ae_ctx *c, const ae_node *call, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A host callback failed and set err: the message is prefixed with the expression. */
tg_value *ae_host_failed(ae_ctx *c);

/* Counts work; TG_ERR (with err set) once the budget is spent. */
int ae_charge(ae_ctx *c, size_t units);

/* Values. Strings are checked against TG_ARMEVAL_MAX_STRING and the total budget. */
tg_value *ae_str(ae_ctx *c, const char *s, size_t len);
tg_value *ae_strz(ae_ctx *c, const char *s);
tg_value *ae_num(ae_ctx *c, double d);
tg_value *ae_bool(ae_ctx *c, int b);
tg_value *ae_null(ae_ctx *c);
tg_value *ae_new(ae_ctx *c, tg_vkind kind);
/* Appends to an array, counting the element against the limits; TG_ERR when over. */
int ae_push(ae_ctx *c, tg_value *arr, tg_value *item);
int ae_put(ae_ctx *c, tg_value *obj, const char *key, tg_value *item);
/* TG_ERR (with err) when a string of len bytes may not be built. */
int ae_room(ae_ctx *c, size_t len);

/* Unknowns. "{text}" of a node: its source without whitespace outside literals. */
const char *ae_node_text(ae_ctx *c, const ae_node *n);
/* An unknown standing for node n, with the reason of cause. */
tg_value *ae_unknown_at(ae_ctx *c, const ae_node *n, const tg_value *cause);
/* v itself when it is known or already has a readable expr; otherwise a copy of the
 * unknown with expr "{text of n}". */
tg_value *ae_named(ae_ctx *c, tg_value *v, const ae_node *n);
/* An unknown "is only known at deployment: name(...)". */
tg_value *ae_runtime(ae_ctx *c, const ae_node *call);
/* The first unknown among argv (top level only), or NULL. */
tg_value *ae_first_unknown(tg_value **argv, size_t argc);
/* The first unknown anywhere inside v (v itself included), or NULL. */
const tg_value *ae_deep_unknown(const tg_value *v, int depth);

/* Readable strings: concat, format, resourceId, ... build one from pieces; when every
 * piece is known the result is a string, else an unknown whose expr joins the pieces. */
typedef struct ae_rd {
    ae_piece *p;
    size_t n, cap, total;
    const char *reason; /* of the first unknown piece */
    int failed;
} ae_rd;
void ae_rd_text(ae_ctx *c, ae_rd *r, const char *s, size_t len);
/* Adds a piece as it is (s must live as long as the arena). */
void ae_rd_piece(ae_ctx *c, ae_rd *r, const char *s, size_t len, int unknown);
/* Adds a value: strings as they are, numbers and booleans as text, unknowns as their
 * pieces (or "{text of n}"). Returns TG_ERR (err set) for arrays and objects. */
int ae_rd_value(ae_ctx *c, ae_rd *r, const tg_value *v, const ae_node *n, const ae_node *call);
/* The pieces of an unknown (one piece "{...}" when it was not built here). */
void ae_rd_unknown(ae_ctx *c, ae_rd *r, const tg_value *v, const ae_node *n);
tg_value *ae_rd_finish(ae_ctx *c, ae_rd *r);
/* Pieces recorded for an unknown built here, or NULL. */
const ae_piece *ae_rd_lookup(ae_ctx *c, const tg_value *v, size_t *n);

/* Lambda variables (lambdaVariables('x')). */
tg_value *ae_lambda_var(ae_ctx *c, const char *name);

/* User-defined function "ns.name"(args). */
tg_value *ae_call_udf(ae_ctx *c, const ae_node *call, tg_value **argv, size_t argc);

/* ---- value helpers (armeval.c) ---- */

/* 1 equal, 0 different, -1 cannot tell (unknowns), -2 too deep. Strings case-sensitive;
 * object members matched by exact name, order ignored. */
/* Compact JSON of v into b; TG_ERR with err set (unknown inside, too deep, too long). */
int ae_json(ae_ctx *c, tg_sb *b, const tg_value *v, int depth);
/* The text of a number as Resource Manager prints it ("12", "1.5"). */
void ae_num_text(double d, char buf[40]);
/* Is d an integer that fits in int64? */
int ae_is_int(double d);
/* Orders strings as .NET's culture-aware comparison does for ASCII: letters ignoring
 * case first, then lower case before upper case. <0, 0, >0. */
int ae_strcmp_culture(const char *a, size_t alen, const char *b, size_t blen);
/* UTF-16 length of UTF-8 text, and the byte offset of UTF-16 unit u (-1 when u falls
 * inside a character or past the end). */
size_t ae_u16_len(const char *s, size_t len);
long ae_u16_offset(const char *s, size_t len, size_t u);
/* Copies values the evaluator hands back with the position of the string. */
tg_value *ae_copy(ae_ctx *c, const tg_value *v);

/* ---- hashes (armeval_hash.c, which also holds the encoding functions) ---- */

/* uniqueString: 13 characters of [a-z2-7] + NUL. */
void ae_unique_string(const char *s, size_t len, char out[14]);
/* guid: "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" + NUL. */
void ae_guid(const char *s, size_t len, char out[37]);

#endif
