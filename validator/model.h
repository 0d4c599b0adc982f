/* model.h — the one list of resources that every input format becomes, and the links
 * between them. Rules read only this: the model does not know which format a
 * resource came from beyond the `format` label used in output.
 *
 * Ownership: a tg_model owns its arena; every resource, value and string reachable
 * from it lives until tg_model_free. */
#ifndef TG_MODEL_H
#define TG_MODEL_H

#include "arena.h"
#include "value.h"

#include <stddef.h>

enum {
    TG_RES_EXISTING = 1,     /* declared `existing`: a link target, never checked or linked from */
    TG_RES_NOT_DEPLOYED = 2, /* condition is false: neither checked nor linked */
    TG_RES_MAYBE = 4,        /* deployed only if a condition or loop count allows (see note) */
    TG_RES_FROM_PLAN = 8     /* read from a Terraform plan (linked by the plan's own rules) */
};

typedef struct tg_resource {
    const char *address;        /* e.g. "Microsoft.CognitiveServices/accounts/tr-prod" */
    const char *type;           /* as written, full (child types prefixed with the parent's) */
    const char *name;           /* full name, unknown parts readable: "{parameters('n')}" */
    tg_value *body;             /* the resource object (type, name, kind, properties, ...) */
    int file;                   /* index into tg_model.files */
    int line, col;              /* where the resource is declared */
    const char *pointer;        /* JSON pointer of the resource object, e.g. "/resources/0" */
    const char *note;           /* why its results are conditional (unknown condition), or NULL */
    unsigned flags;             /* TG_RES_* */
    int scope;                  /* template scope (file, nested deployment): symbolic names
                                   ("{parameters('n')}") compare equal only within one scope */
    tg_value *native;           /* the attributes as the input wrote them, when the body is a
                                   mapping (Terraform: the planned values), else NULL */
    const char *source_file;    /* where the engineer fixes it, when that is another file than */
    int source_line;            /* the one checked (Terraform: the .tf block); NULL/0 if none */
    const char *subscription;   /* where it is deployed; symbolic when not known, e.g. */
    const char *resource_group; /* "{resourceGroup().name}" for the deployment's own group */
} tg_resource;

/* A resource that is declared but will not be checked, and why (so nothing vanishes
 * without a word): an account whose condition is false, that is `existing`, or whose
 * kind is not a Translator kind. */
typedef struct tg_unchecked {
    int file;
    const char *address;
    const char *reason;
    int line, col;
} tg_unchecked;

typedef struct tg_link {
    size_t from, to;      /* resource indices: `from` refers to `to` (an account) */
    const char *relation; /* "private-endpoint", "diagnostic-setting", "child" */
    const char *via;      /* path in `from` that names `to`, e.g. "scope" */
    int decided;          /* 0: `from`'s target could not be known; it may be `to` */
    const char *reason;   /* for undecided links: why */
    size_t through;       /* the resource `from` reaches `to` through (a DNS zone group's
                             endpoint), or TG_LINK_DIRECT */
} tg_link;

#define TG_LINK_DIRECT ((size_t)-1)

typedef struct tg_model_file {
    const char *path;   /* display path */
    const char *format; /* "arm", "arm-parameters", "tfplan", "bicep", "skipped" */
    const char *error;  /* "file:line:col: message" when it could not be read, else NULL */
    const char *note;   /* why it was skipped, or NULL */
    size_t resources;   /* resources declared in it */
} tg_model_file;

typedef struct tg_model {
    tg_arena *arena;
    tg_resource *res;
    size_t nres, capres;
    tg_link *links;
    size_t nlinks, caplinks;
    tg_model_file *files;
    size_t nfiles, capfiles;
    size_t *file_index; /* open-addressing hash of file paths: index + 1, 0 = empty */
    size_t file_index_cap;
    int nscopes;       /* scopes handed out so far */
    int has_sensitive; /* some value is marked sensitive: messages must be scrubbed */
    tg_unchecked *unchecked;
    size_t nunchecked, capunchecked;
} tg_model;

tg_model *tg_model_new(void);
void tg_model_free(tg_model *m); /* accepts NULL */

/* Appends and returns a zeroed slot (valid until the next add to the same list). */
tg_resource *tg_model_add_resource(tg_model *m);
tg_link *tg_model_add_link(tg_model *m);
/* Adds a link from -> to; reason NULL makes it decided, else undecided for that reason. */
void tg_model_link(tg_model *m, size_t from, size_t to, const char *relation, const char *via,
                   const char *reason);
/* base + "/" + key as a JSON pointer (key escaped), in m's arena. */
const char *tg_model_pointer_join(tg_model *m, const char *base, const char *key);
void tg_model_add_unchecked(tg_model *m, int file, const char *address, const char *reason,
                            int line, int col);
size_t tg_model_add_file(tg_model *m, const char *path, const char *format);
/* Index of the file with this display path, or -1. */
long tg_model_find_file(const tg_model *m, const char *path);

/* Case-insensitive type test, e.g. tg_model_is_type(r, "Microsoft.Network/privateEndpoints"). */
int tg_model_is_type(const tg_resource *r, const char *type);

/* Resolves a policy path ("properties.networkAcls.ipRules[2].value", member names
 * matched as tg_value_get does, indices 1-based) in r's body to the deepest value that
 * exists. Sets *at to it (when at is not NULL), *line and *col to where it (or its key)
 * is written, and returns the JSON
 * pointer of that value (allocated in m's arena). Falls back to the resource itself. */
const char *tg_model_locate(tg_model *m, const tg_resource *r, const char *path,
                            const tg_value **at, int *line, int *col);

#endif
