/* test_tfplan.c — Terraform plan JSON into the model: format versions, instances at every
 * module depth, unknown and sensitive masks, actions, the ARM shape of azurerm and azapi
 * resources, links by id and by configuration reference, .tf source locations, hostile
 * plans, the corpus of real plans, and a plan of 10,000 resources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "json.h"
#include "source.h"
#include "text.h"
#include "tfplan.h"

#define DATA "tests/unit/data/tfplan/"
#define CORPUS "/work/shared/corpus/tfplan"
#define UNKNOWN_REASON "is only known after apply (the plan marks it unknown)"

/* ---- helpers --------------------------------------------------------------------------- */

static tg_model *load_source(tg_source *src, const tg_tfplan_inputs *in, int *rc, tg_error *err)
{
    tg_model *m = tg_model_new();
    tg_value *root = NULL;
    if (tg_json_parse(&root, src, m->arena, err) != TG_OK)
        fail_msg("parse %s: %s at %d:%d", src->path, err->message, err->line, err->col);
    assert_int_equal(tg_detect(root), TG_IN_TFPLAN);
    size_t f = tg_model_add_file(m, src->path, "tfplan");
    *rc = tg_tfplan_load(m, f, root, in, err);
    return m;
}

static tg_model *load_text(const char *text, int *rc, tg_error *err)
{
    tg_source *src = NULL;
    assert_int_equal(tg_source_from_bytes(&src, "plan.json", text, strlen(text), err), TG_OK);
    tg_model *m = load_source(src, NULL, rc, err);
    tg_source_free(src);
    return m;
}

/* Loads DATA<name>; the plan's own folder is where sources are looked for. */
static tg_model *load_file(const char *name, const char *source_root, int *rc, tg_error *err)
{
    char path[512];
    snprintf(path, sizeof path, DATA "%s", name);
    tg_source *src = NULL;
    if (tg_source_load(&src, path, path, err) != TG_OK)
        fail_msg("%s: %s", path, err->message);
    tg_tfplan_inputs in = {path, source_root};
    tg_model *m = load_source(src, &in, rc, err);
    tg_source_free(src);
    return m;
}

static tg_model *load_ok(const char *name)
{
    int rc;
    tg_error err = {0};
    tg_model *m = load_file(name, NULL, &rc, &err);
    if (rc != TG_OK)
        fail_msg("%s: %s at %d:%d", name, err.message, err.line, err.col);
    return m;
}

static const tg_resource *find(const tg_model *m, const char *address)
{
    for (size_t i = 0; i < m->nres; i++)
        if (strcmp(m->res[i].address, address) == 0)
            return &m->res[i];
    fail_msg("no resource %s", address);
    return NULL;
}

static int has(const tg_model *m, const char *address)
{
    for (size_t i = 0; i < m->nres; i++)
        if (strcmp(m->res[i].address, address) == 0)
            return 1;
    return 0;
}

static size_t index_of(const tg_model *m, const char *address)
{
    return (size_t)(find(m, address) - m->res);
}

/* A policy-style path ("properties.networkAcls.ipRules[1].value", 1-based) in v. */
static const tg_value *at(const tg_value *v, const char *path)
{
    char key[256];
    const char *p = path;
    while (*p && v) {
        if (*p == '[') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            if (v->kind != TG_V_ARRAY || i < 1 || (size_t)i > v->u.coll.n)
                return NULL;
            v = v->u.coll.items[i - 1];
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            memcpy(key, p, n);
            key[n] = '\0';
            v = tg_value_get(v, key);
            p += n;
        }
        if (*p == '.')
            p++;
    }
    return v;
}

static void assert_str(const tg_value *v, const char *s)
{
    assert_non_null(v);
    assert_int_equal(v->kind, TG_V_STRING);
    assert_string_equal(v->u.str.s, s);
}

static void assert_unknown(const tg_value *v, const char *expr)
{
    assert_non_null(v);
    assert_int_equal(v->kind, TG_V_UNKNOWN);
    assert_string_equal(v->u.reason, UNKNOWN_REASON);
    assert_string_equal(v->expr, expr);
    assert_true(v->line > 0); /* where the plan marks it */
}

static const tg_link *link_of(const tg_model *m, const char *from, const char *to)
{
    size_t f = index_of(m, from), t = index_of(m, to);
    for (size_t i = 0; i < m->nlinks; i++)
        if (m->links[i].from == f && m->links[i].to == t)
            return &m->links[i];
    return NULL;
}

static void assert_link(const tg_model *m, const char *from, const char *to, const char *relation,
                        const char *via, int decided)
{
    const tg_link *l = link_of(m, from, to);
    if (!l)
        fail_msg("no link %s -> %s", from, to);
    assert_string_equal(l->relation, relation);
    if (via)
        assert_string_equal(l->via, via);
    assert_int_equal(l->decided, decided);
    if (!decided)
        assert_non_null(l->reason);
}

static const char *unchecked(const tg_model *m, const char *address)
{
    for (size_t i = 0; i < m->nunchecked; i++)
        if (strcmp(m->unchecked[i].address, address) == 0)
            return m->unchecked[i].reason;
    return NULL;
}

#define PE_VIA "properties.privateLinkServiceConnections[1].properties.privateLinkServiceId"

/* ---- format versions ------------------------------------------------------------------- */

static const char *plan_with_version(char *buf, size_t n, const char *version)
{
    snprintf(buf, n,
             "{\"format_version\": %s, \"planned_values\": {\"root_module\": {\"resources\": ["
             "{\"address\": \"azurerm_cognitive_account.tr\", \"mode\": \"managed\", \"type\": "
             "\"azurerm_cognitive_account\", \"name\": \"tr\", \"values\": {\"name\": \"tr\", "
             "\"kind\": \"TextTranslation\"}}]}}}",
             version);
    return buf;
}

static void format_versions(void **state)
{
    (void)state;
    static const char *const ok[] = {"\"0.1\"", "\"0.2\"",  "\"1.0\"", "\"1.1\"",
                                     "\"1.2\"", "\"1.10\"", "\"01.2\""};
    char buf[1024];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int rc;
        tg_error err = {0};
        tg_model *m = load_text(plan_with_version(buf, sizeof buf, ok[i]), &rc, &err);
        if (rc != TG_OK)
            fail_msg("%s: %s", ok[i], err.message);
        assert_int_equal(m->nres, 1);
        tg_model_free(m);
    }
    static const char *const bad[] = {"\"2.0\"",  "\"10.3\"", "\"x.1\"", "12",
                                      "\"1.2a\"", "\"1\"",    "\"2\"",   "\"1.2.3\"",
                                      "\"v1.2\"", "\"-1.0\"", "\"\"",    "\" 1.2\""};
    static const char *const says[] = {"format_version \"2.0\" is not supported",
                                       "format_version \"10.3\" is not supported",
                                       "\"x.1\" is not a version number",
                                       "format_version is not a string",
                                       "\"1.2a\" is not a version number of the form",
                                       "\"1\" is not a version number",
                                       "\"2\" is not a version number",
                                       "\"1.2.3\" is not a version number",
                                       "\"v1.2\" is not a version number",
                                       "\"-1.0\" is not a version number",
                                       "\"\" is not a version number",
                                       "\" 1.2\" is not a version number"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc;
        tg_error err = {0};
        tg_model *m = load_text(plan_with_version(buf, sizeof buf, bad[i]), &rc, &err);
        assert_int_equal(rc, TG_ERR);
        assert_int_equal(m->nres, 0);
        if (!strstr(err.message, says[i]))
            fail_msg("%s: %s", bad[i], err.message);
        assert_int_equal(err.line, 1);
        assert_true(err.col > 1);
        tg_model_free(m);
    }
}

/* ---- instances -------------------------------------------------------------------------- */

static void instances_at_every_depth(void **state)
{
    (void)state;
    tg_model *m = load_ok("instances.json");
    static const char *const addrs[] = {
        "azurerm_cognitive_account.tr[\"west.europe\"]",
        "azurerm_cognitive_account.tr[\"a\\\"b\"]",
        "azurerm_cognitive_account.tr[\"x[1]\"]",
        "azurerm_cognitive_account.tr[\"x.y[\\\"z\\\"]\"]",
        "azurerm_cognitive_account.counted[0]",
        "azurerm_cognitive_account.counted[1]",
        "module.a.azurerm_cognitive_account.tr",
        "module.a.module.b[\"k.1\"].azurerm_cognitive_account.tr",
        "module.a.module.b[\"k]2\"].azurerm_cognitive_account.tr",
        "module.a.module.b[\"k.1\"].module.c[0].azurerm_cognitive_account.tr",
    };
    assert_int_equal(m->nres, sizeof addrs / sizeof addrs[0]);
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        const tg_resource *r = find(m, addrs[i]);
        assert_string_equal(r->type, "Microsoft.CognitiveServices/accounts");
        assert_true(r->flags & TG_RES_FROM_PLAN);
        assert_non_null(r->native);
        assert_true(r->line > 0);
    }
    assert_string_equal(find(m, "azurerm_cognitive_account.counted[1]")->name, "c1");
    assert_string_equal(find(m, "module.a.module.b[\"k]2\"].azurerm_cognitive_account.tr")->name,
                        "b2");
    assert_int_equal(m->files[0].resources, 10);
    tg_model_free(m);
}

/* ---- masks -------------------------------------------------------------------------------- */

static void unknown_and_sensitive_masks(void **state)
{
    (void)state;
    tg_model *m = load_ok("masks.json");
    const tg_resource *r = find(m, "azurerm_cognitive_account.tr");
    const char *e = "{azurerm_cognitive_account.tr.public_network_access_enabled}";
    /* absent from the values, true in after_unknown: unknown, not absent, not the default */
    assert_unknown(tg_value_get(r->native, "public_network_access_enabled"), e);
    assert_unknown(at(r->body, "properties.publicNetworkAccess"), e);
    /* inside a list inside a block */
    e = "{azurerm_cognitive_account.tr.network_acls[0].virtual_network_rules[0].subnet_id}";
    assert_unknown(at(r->native, "network_acls[1].virtual_network_rules[1].subnet_id"), e);
    assert_unknown(at(r->body, "properties.networkAcls.virtualNetworkRules[1].id"), e);
    /* known siblings stay as they are */
    assert_str(at(r->body, "properties.networkAcls.defaultAction"), "Deny");
    assert_str(at(r->body, "properties.networkAcls.ipRules[1].value"), "52.10.20.0/24");
    assert_unknown(at(r->body, "identity.principalId"),
                   "{azurerm_cognitive_account.tr.identity[0].principal_id}");
    assert_unknown(at(r->native, "id"), "{azurerm_cognitive_account.tr.id}");
    assert_unknown(at(r->native, "tags.build"), "{azurerm_cognitive_account.tr.tags.build}");
    assert_str(tg_value_get(tg_value_get(r->native, "tags"), "cost.center"), "42");
    /* sensitive: a leaf, and a whole block */
    const tg_value *owner = tg_value_get(tg_value_get(r->native, "tags"), "owner");
    assert_true(owner->sensitive);
    assert_false(tg_value_get(tg_value_get(r->native, "tags"), "cost.center")->sensitive);
    assert_true(at(r->body, "properties.networkAcls.defaultAction")->sensitive);
    assert_true(at(r->body, "properties.networkAcls.ipRules[1].value")->sensitive);
    assert_false(at(r->body, "properties.customSubDomainName")->sensitive);
    assert_true(m->has_sensitive);
    /* positions: a mapped value points at the attribute it comes from */
    const tg_value *pna = at(r->body, "properties.customSubDomainName");
    const tg_value *src = tg_value_get(r->native, "custom_subdomain_name");
    assert_int_equal(pna->line, src->line);
    assert_int_equal(pna->kline, src->kline);

    /* a whole block unknown, after_sensitive a bare false */
    r = find(m, "azurerm_cognitive_account.block");
    assert_unknown(at(r->body, "properties.networkAcls"),
                   "{azurerm_cognitive_account.block.network_acls}");
    assert_false(at(r->body, "properties.customSubDomainName")->sensitive);
    tg_model_free(m);
}

/* ---- actions ------------------------------------------------------------------------------ */

static void actions(void **state)
{
    (void)state;
    tg_model *m = load_ok("actions.json");
    const tg_resource *r = find(m, "azurerm_cognitive_account.replaced");
    assert_string_equal(r->name, "replaced-new"); /* checked as its after */
    assert_str(at(r->body, "properties.publicNetworkAccess"), "Disabled");
    assert_true(has(m, "azurerm_cognitive_account.created"));
    assert_true(has(m, "azurerm_cognitive_account.noop"));
    assert_true(has(m, "azurerm_cognitive_account.updated"));
    /* in resource_changes only */
    assert_string_equal(find(m, "azurerm_cognitive_account.changes_only")->name, "changes-only");
    /* no values: read as empty, with a note */
    r = find(m, "azurerm_cognitive_account.no_values");
    assert_non_null(r->note);
    assert_non_null(strstr(r->note, "no values"));
    /* deleted and forgotten: not in the model, and said so */
    assert_false(has(m, "azurerm_cognitive_account.deleted"));
    assert_false(has(m, "azurerm_cognitive_account.forgotten"));
    assert_string_equal(unchecked(m, "azurerm_cognitive_account.deleted"),
                        "it is being deleted by this plan");
    assert_non_null(strstr(unchecked(m, "azurerm_cognitive_account.forgotten"), "forget"));
    /* a data source: a link target, never checked */
    r = find(m, "data.azurerm_cognitive_account.shared");
    assert_true(r->flags & TG_RES_EXISTING);
    assert_non_null(unchecked(m, "data.azurerm_cognitive_account.shared"));
    /* deferred to a later plan */
    assert_non_null(strstr(unchecked(m, "azurerm_cognitive_account.later"), "deferred"));
    assert_non_null(strstr(m->files[0].note, "incomplete"));
    assert_int_equal(m->files[0].resources, 6);
    tg_model_free(m);
}

static void delete_only_plan_is_not_silent(void **state)
{
    (void)state;
    tg_model *m = load_ok("delete-only.json");
    assert_int_equal(m->nres, 0);
    assert_int_equal(m->nunchecked, 1);
    assert_string_equal(m->unchecked[0].reason, "it is being deleted by this plan");
    assert_true(m->unchecked[0].line > 0);
    tg_model_free(m);
}

/* ---- links --------------------------------------------------------------------------------- */

static void links(void **state)
{
    (void)state;
    tg_model *m = load_ok("links.json");
    /* by configuration reference, in the root module */
    assert_link(m, "azurerm_private_endpoint.pe_root", "azurerm_cognitive_account.tr",
                "private-endpoint", PE_VIA, 1);
    /* through a module variable (one level up) */
    assert_link(m, "module.net.azurerm_private_endpoint.this", "azurerm_cognitive_account.tr",
                "private-endpoint", PE_VIA, 1);
    /* through a module output (one level down) */
    assert_link(m, "azurerm_monitor_diagnostic_setting.diag_out",
                "module.ai.azurerm_cognitive_account.this", "diagnostic-setting", "scope", 1);
    /* two modules, each with its own azurerm_cognitive_account.tr: never crossed */
    assert_link(m, "module.x.azurerm_private_endpoint.pe", "module.x.azurerm_cognitive_account.tr",
                "private-endpoint", PE_VIA, 1);
    assert_link(m, "module.y.azurerm_private_endpoint.pe", "module.y.azurerm_cognitive_account.tr",
                "private-endpoint", PE_VIA, 1);
    assert_null(link_of(m, "module.x.azurerm_private_endpoint.pe",
                        "module.y.azurerm_cognitive_account.tr"));
    assert_null(link_of(m, "module.y.azurerm_private_endpoint.pe",
                        "module.x.azurerm_cognitive_account.tr"));
    assert_null(link_of(m, "module.x.azurerm_private_endpoint.pe", "azurerm_cognitive_account.tr"));
    assert_null(
        link_of(m, "azurerm_private_endpoint.pe_root", "module.x.azurerm_cognitive_account.tr"));
    /* count instances, a reference without index: undecided to each, saying why */
    assert_link(m, "azurerm_private_endpoint.pe_multi", "azurerm_cognitive_account.multi[0]",
                "private-endpoint", PE_VIA, 0);
    assert_link(m, "azurerm_private_endpoint.pe_multi", "azurerm_cognitive_account.multi[1]",
                "private-endpoint", PE_VIA, 0);
    const char *why =
        link_of(m, "azurerm_private_endpoint.pe_multi", "azurerm_cognitive_account.multi[0]")
            ->reason;
    assert_non_null(strstr(why, "private_connection_resource_id"));
    assert_non_null(strstr(why, "2 instances"));
    /* an indexed reference decides */
    assert_link(m, "azurerm_private_endpoint.pe_multi1", "azurerm_cognitive_account.multi[1]",
                "private-endpoint", PE_VIA, 1);
    assert_null(
        link_of(m, "azurerm_private_endpoint.pe_multi1", "azurerm_cognitive_account.multi[0]"));
    /* a known id, compared ignoring case */
    assert_link(m, "azurerm_private_endpoint.pe_known", "azurerm_cognitive_account.known",
                "private-endpoint", PE_VIA, 1);
    /* a known id naming an account this plan creates: the same name and group, but the
     * subscription cannot be compared */
    assert_link(m, "azurerm_private_endpoint.pe_byname", "azurerm_cognitive_account.tr",
                "private-endpoint", PE_VIA, 0);
    assert_null(
        link_of(m, "azurerm_private_endpoint.pe_byname", "module.x.azurerm_cognitive_account.tr"));
    assert_link(m, "azurerm_cognitive_account_customer_managed_key.cmk",
                "azurerm_cognitive_account.tr", "customer-managed-key",
                "properties.cognitiveAccountId", 1);
    assert_link(m, "azurerm_role_assignment.reader", "azurerm_cognitive_account.tr",
                "role-assignment", "properties.scope", 1);
    /* through a local: undecided, with the reason */
    assert_link(m, "azurerm_monitor_diagnostic_setting.diag_local", "azurerm_cognitive_account.tr",
                "diagnostic-setting", "scope", 0);
    why =
        link_of(m, "azurerm_monitor_diagnostic_setting.diag_local", "azurerm_cognitive_account.tr")
            ->reason;
    assert_non_null(strstr(why, "target_resource_id"));
    assert_non_null(strstr(why, "local.account_id"));
    tg_model_free(m);
}

/* ---- azapi ----------------------------------------------------------------------------------- */

static void azapi(void **state)
{
    (void)state;
    tg_model *m = load_ok("azapi.json");
    const tg_resource *r = find(m, "azapi_resource.v2");
    assert_string_equal(r->type, "Microsoft.CognitiveServices/accounts");
    assert_str(at(r->body, "kind"), "TextTranslation");
    assert_str(at(r->body, "apiVersion"), "2024-10-01");
    assert_str(at(r->body, "location"), "westeurope");
    assert_str(at(r->body, "properties.publicNetworkAccess"), "Disabled");
    assert_unknown(at(r->body, "properties.customSubDomainName"),
                   "{azapi_resource.v2.body.properties.customSubDomainName}");
    assert_non_null(tg_value_get(at(r->body, "identity.userAssignedIdentities"), "/x/id1"));

    /* azapi 1.x: the body is a JSON string; its values point at that string */
    r = find(m, "azapi_resource.v1");
    const tg_value *body = tg_value_get(r->native, "body");
    assert_int_equal(body->kind, TG_V_STRING);
    const tg_value *v = at(r->body, "properties.networkAcls.defaultAction");
    assert_str(v, "Deny");
    assert_int_equal(v->line, body->line);
    assert_str(at(r->body, "properties.publicNetworkAccess"), "Enabled");
    /* the azapi_update_resource of v1 (by its id, from parent_id and name) is merged in */
    assert_true(at(r->body, "properties.disableLocalAuth")->u.boolean);
    const tg_resource *patch = find(m, "azapi_update_resource.patch");
    assert_true(patch->flags & TG_RES_EXISTING);
    assert_non_null(strstr(unchecked(m, "azapi_update_resource.patch"), "azapi_resource.v1"));

    r = find(m, "azapi_resource.bad");
    v = at(r->body, "properties");
    assert_int_equal(v->kind, TG_V_UNKNOWN);
    assert_non_null(strstr(v->u.reason, "not JSON"));

    assert_string_equal(find(m, "azapi_resource.diag")->type,
                        "Microsoft.Insights/diagnosticSettings");
    assert_link(m, "azapi_resource.diag", "azapi_resource.v2", "diagnostic-setting", "scope", 1);
    /* another ARM type: never taken for an account */
    assert_string_equal(find(m, "azapi_resource.deployment")->type, "azapi_resource");
    tg_model_free(m);
}

/* ---- sources ------------------------------------------------------------------------------------
 */

static void ends_with(const char *s, const char *suffix)
{
    assert_non_null(s);
    size_t n = strlen(s), k = strlen(suffix);
    if (n < k || strcmp(s + n - k, suffix) != 0)
        fail_msg("%s does not end with %s", s, suffix);
}

static void check_sources(const tg_model *m)
{
    const tg_resource *r = find(m, "azurerm_cognitive_account.tr");
    ends_with(r->source_file, "tfplan/src/main.tf");
    assert_int_equal(r->source_line, 22); /* not the heredoc, string or comment before it */
    r = find(m, "azurerm_cognitive_account.legacy");
    ends_with(r->source_file, "tfplan/src/main.tf");
    assert_int_equal(r->source_line, 29); /* unquoted labels */
    r = find(m, "module.net.azurerm_private_endpoint.this");
    ends_with(r->source_file, "tfplan/src/modules/net/main.tf");
    assert_int_equal(r->source_line, 6);
    r = find(m, "module.remote.azurerm_cognitive_account.this"); /* a registry module: its block */
    ends_with(r->source_file, "tfplan/src/main.tf");
    assert_int_equal(r->source_line, 38);
    assert_null(strchr(r->source_file, '\\'));
}

static void sources(void **state)
{
    (void)state;
    tg_model *m = load_ok("src/plan.json");
    check_sources(m);
    tg_model_free(m);
    /* --source-root, with the plan read from memory */
    tg_source *src = NULL;
    tg_error err = {0};
    assert_int_equal(tg_source_load(&src, DATA "src/plan.json", "plan.json", &err), TG_OK);
    tg_tfplan_inputs in = {NULL, DATA "src"};
    int rc;
    m = load_source(src, &in, &rc, &err);
    assert_int_equal(rc, TG_OK);
    check_sources(m);
    tg_model_free(m);
    tg_source_free(src);
}

/* ---- hostile plans
 * ------------------------------------------------------------------------------- */

static tg_value *obj(tg_arena *a)
{
    return tg_value_new(a, TG_V_OBJECT);
}

static tg_value *str(tg_arena *a, const char *s)
{
    return tg_value_string(a, s, strlen(s));
}

/* 100,000 nested child modules (built directly: the JSON reader refuses that nesting
 * itself): a clear error, what could be read kept, no stack exhausted. */
static void deep_modules(void **state)
{
    (void)state;
    tg_model *m = tg_model_new();
    tg_arena *a = m->arena;
    tg_value *root = obj(a), *pv = obj(a), *mod = obj(a);
    tg_value_set(a, root, "format_version", str(a, "1.2"));
    tg_value_set(a, root, "planned_values", pv);
    tg_value_set(a, pv, "root_module", mod);
    for (int i = 0; i < 100000; i++) {
        tg_value *kids = tg_value_new(a, TG_V_ARRAY), *kid = obj(a);
        tg_value_set(a, kid, "address", str(a, "module.m"));
        tg_value_append(a, kids, kid);
        tg_value_set(a, mod, "child_modules", kids);
        mod = kid;
    }
    /* and a resource whose module address has 100,000 levels */
    tg_sb addr = {0};
    for (int i = 0; i < 100000; i++)
        tg_sb_adds(&addr, "module.m.");
    tg_value *changes = tg_value_new(a, TG_V_ARRAY), *c = obj(a), *ch = obj(a);
    tg_value_set(a, root, "resource_changes", changes);
    tg_value_append(a, changes, c);
    tg_sb_adds(&addr, "azurerm_private_endpoint.pe");
    tg_value_set(a, c, "address", str(a, addr.s));
    tg_value_set(a, c, "type", str(a, "azurerm_private_endpoint"));
    tg_value_set(a, c, "name", str(a, "pe"));
    tg_value_set(a, c, "mode", str(a, "managed"));
    tg_value_set(a, c, "change", ch);
    tg_value *acts = tg_value_new(a, TG_V_ARRAY);
    tg_value_append(a, acts, str(a, "create"));
    tg_value_set(a, ch, "actions", acts);
    tg_sb_free(&addr);
    size_t f = tg_model_add_file(m, "deep.json", "tfplan");
    tg_error err = {0};
    tg_tfplan_inputs in = {"deep.json", NULL};
    assert_int_equal(tg_tfplan_load(m, f, root, &in, &err), TG_ERR);
    assert_non_null(strstr(err.message, "nested deeper than 64"));
    assert_int_equal(m->nres, 1); /* the endpoint, read from its change */
    tg_model_free(m);
}

static void malformed_parts(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    /* values that are not an object, a resource without type, changes not a list */
    tg_model *m = load_text(
        "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [5, "
        "{\"address\": \"azurerm_cognitive_account.a\", \"mode\": \"managed\", \"type\": "
        "\"azurerm_cognitive_account\", \"name\": \"a\", \"values\": 7}, {\"values\": {}}], "
        "\"child_modules\": [null, {\"resources\": null}]}}, \"resource_changes\": {}}",
        &rc, &err);
    assert_int_equal(rc, TG_ERR);
    assert_non_null(strstr(err.message, "resource_changes is not an array"));
    const tg_resource *r = find(m, "azurerm_cognitive_account.a");
    assert_non_null(r->note);
    tg_model_free(m);

    /* a reference cycle through a module variable and output */
    m = load_text(
        "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"child_modules\": "
        "[{\"address\": \"module.a\", \"resources\": [{\"address\": "
        "\"module.a.azurerm_monitor_diagnostic_setting.d\", \"mode\": \"managed\", \"type\": "
        "\"azurerm_monitor_diagnostic_setting\", \"name\": \"d\", \"values\": {}}]}], "
        "\"resources\": [{\"address\": \"azurerm_cognitive_account.tr\", \"mode\": \"managed\", "
        "\"type\": \"azurerm_cognitive_account\", \"name\": \"tr\", \"values\": {\"kind\": "
        "\"TextTranslation\"}}]}}, \"resource_changes\": [{\"address\": "
        "\"module.a.azurerm_monitor_diagnostic_setting.d\", \"change\": {\"actions\": "
        "[\"create\"], \"after_unknown\": {\"target_resource_id\": true}}}], \"configuration\": "
        "{\"root_module\": {\"module_calls\": {\"a\": {\"expressions\": {\"x\": {\"references\": "
        "[\"module.a.out\", \"module.a\"]}}, \"module\": {\"outputs\": {\"out\": {\"expression\": "
        "{\"references\": [\"var.x\"]}}}, \"resources\": [{\"address\": "
        "\"azurerm_monitor_diagnostic_setting.d\", \"expressions\": {\"target_resource_id\": "
        "{\"references\": [\"var.x\"]}}}]}}}}}}",
        &rc, &err);
    assert_int_equal(rc, TG_OK);
    assert_link(m, "module.a.azurerm_monitor_diagnostic_setting.d", "azurerm_cognitive_account.tr",
                "diagnostic-setting", "scope", 0);
    tg_model_free(m);
}

/* A plan without format_version (the host sends one with terraform_version and
 * planned_values here), an errored plan, a --source-root that does not exist: errors,
 * with everything that could be read still added. */
static void plan_level_errors(void **state)
{
    (void)state;
    static const char *const text =
        "{\"terraform_version\": \"1.9.5\", \"planned_values\": {\"root_module\": {\"resources\": "
        "[{\"address\": \"azurerm_cognitive_account.tr\", \"mode\": \"managed\", \"type\": "
        "\"azurerm_cognitive_account\", \"name\": \"tr\", \"values\": {\"name\": \"tr\"}}]}}}";
    tg_error err = {0};
    tg_source *src = NULL;
    assert_int_equal(tg_source_from_bytes(&src, "plan.json", text, strlen(text), &err), TG_OK);
    tg_model *m = tg_model_new();
    tg_value *root = NULL;
    assert_int_equal(tg_json_parse(&root, src, m->arena, &err), TG_OK);
    size_t f = tg_model_add_file(m, "plan.json", "tfplan");
    assert_int_equal(tg_tfplan_load(m, f, root, NULL, &err), TG_ERR);
    assert_non_null(strstr(err.message, "the plan has no format_version"));
    assert_string_equal(err.file, "plan.json");
    tg_model_free(m);
    tg_source_free(src);

    int rc;
    m = load_text("{\"format_version\": \"1.2\", \"errored\": true, \"complete\": false, "
                  "\"planned_values\": {\"root_module\": {\"resources\": [{\"address\": "
                  "\"azurerm_cognitive_account.tr\", \"mode\": \"managed\", \"type\": "
                  "\"azurerm_cognitive_account\", \"name\": \"tr\", \"values\": {\"name\": "
                  "\"tr\"}}]}}}",
                  &rc, &err);
    assert_int_equal(rc, TG_ERR);
    assert_string_equal(err.message, "Terraform reported errors while making this plan: it may "
                                     "leave resources out");
    assert_int_equal(err.line, 1);
    assert_int_equal(m->nres, 1);
    tg_model_free(m);

    m = load_text("{\"format_version\": \"1.2\", \"complete\": false, \"errored\": false, "
                  "\"planned_values\": {\"root_module\": {}}}",
                  &rc, &err);
    assert_int_equal(rc, TG_OK);
    assert_non_null(strstr(m->files[0].note, "complete: false"));
    tg_model_free(m);

    m = load_file("links.json", "/nonexistent/tg-source-root", &rc, &err);
    assert_int_equal(rc, TG_ERR);
    assert_non_null(strstr(err.message, "\"/nonexistent/tg-source-root\""));
    assert_non_null(strstr(err.message, "--source-root"));
    assert_true(m->nres > 0);
    assert_true(m->nlinks > 0);
    tg_model_free(m);
}

/* after_sensitive and sensitive_values each mark what the other may not; a sensitive
 * name is never the resource's name; azapi body parts carry the marks. */
static void sensitive_union_and_names(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = load_text(
        "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": ["
        "{\"address\": \"azurerm_cognitive_account.tr\", \"mode\": \"managed\", \"type\": "
        "\"azurerm_cognitive_account\", \"name\": \"tr\", \"values\": {\"name\": \"SEKRET-n\", "
        "\"custom_subdomain_name\": \"SEKRET-s\", \"location\": \"westeurope\", \"network_acls\": "
        "[{\"default_action\": \"Deny\", \"ip_rules\": [\"1.2.3.4\", \"5.6.7.8\"]}]}, "
        "\"sensitive_values\": {\"custom_subdomain_name\": true, \"network_acls\": [{\"ip_rules\": "
        "[false, true]}]}}, {\"address\": \"azapi_resource.v2\", \"mode\": \"managed\", \"type\": "
        "\"azapi_resource\", \"name\": \"v2\", \"values\": {\"type\": "
        "\"Microsoft.CognitiveServices/accounts@2024-10-01\", \"name\": \"plain\", \"body\": "
        "{\"kind\": \"TextTranslation\", \"properties\": {\"customSubDomainName\": \"SEKRET-b\", "
        "\"publicNetworkAccess\": \"Disabled\"}}}}]}}, \"resource_changes\": [{\"address\": "
        "\"azurerm_cognitive_account.tr\", \"change\": {\"actions\": [\"create\"], "
        "\"after_sensitive\": {\"name\": true, \"network_acls\": [{\"ip_rules\": [true]}]}}}, "
        "{\"address\": \"azapi_resource.v2\", \"change\": {\"actions\": [\"create\"], "
        "\"after_sensitive\": {\"body\": {\"properties\": {\"customSubDomainName\": true}}}}}]}",
        &rc, &err);
    if (rc != TG_OK)
        fail_msg("%s", err.message);
    const tg_resource *r = find(m, "azurerm_cognitive_account.tr");
    assert_string_equal(r->name, "(sensitive)");
    assert_true(tg_value_get(r->native, "name")->sensitive);
    assert_true(tg_value_get(r->native, "custom_subdomain_name")->sensitive);
    assert_true(at(r->body, "properties.customSubDomainName")->sensitive);
    assert_true(at(r->body, "properties.networkAcls.ipRules[1].value")->sensitive);
    assert_true(at(r->body, "properties.networkAcls.ipRules[2].value")->sensitive);
    assert_false(at(r->body, "properties.networkAcls.defaultAction")->sensitive);
    assert_false(at(r->body, "location")->sensitive);
    r = find(m, "azapi_resource.v2");
    assert_string_equal(r->name, "plain");
    assert_true(at(r->body, "properties.customSubDomainName")->sensitive);
    assert_false(at(r->body, "properties.publicNetworkAccess")->sensitive);
    assert_false(r->body->sensitive);
    tg_model_free(m);

    /* an azapi 1.x body string marked whole: every value parsed from it, not the resource */
    m = load_text("{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": "
                  "{\"resources\": [{\"address\": \"azapi_resource.v1\", \"mode\": \"managed\", "
                  "\"type\": \"azapi_resource\", \"name\": \"v1\", \"values\": {\"type\": "
                  "\"Microsoft.CognitiveServices/accounts@2023-05-01\", \"name\": \"SEKRET-a\", "
                  "\"body\": \"{\\\"kind\\\": \\\"TextTranslation\\\", \\\"properties\\\": "
                  "{\\\"publicNetworkAccess\\\": \\\"Enabled\\\"}}\"}, \"sensitive_values\": "
                  "{\"body\": true, \"name\": true}}]}}}",
                  &rc, &err);
    if (rc != TG_OK)
        fail_msg("%s", err.message);
    r = find(m, "azapi_resource.v1");
    assert_string_equal(r->name, "(sensitive)");
    assert_false(r->body->sensitive);
    assert_true(at(r->body, "properties.publicNetworkAccess")->sensitive);
    assert_true(at(r->body, "kind")->sensitive);
    tg_model_free(m);
}

static void assert_maybe_changed(const tg_value *v, const char *by)
{
    assert_non_null(v);
    assert_int_equal(v->kind, TG_V_UNKNOWN);
    if (!strstr(v->u.reason, by) || !strstr(v->u.reason, "whose target cannot be identified"))
        fail_msg("reason: %s", v->u.reason);
}

/* azapi_update_resource: by parent_id and name; else what its body sets is unknown on
 * every account it may update. */
static void update_targets(void **state)
{
    (void)state;
    tg_model *m = load_ok("update-parent-name.json");
    const tg_resource *r = find(m, "azurerm_cognitive_account.tr");
    assert_str(at(r->body, "properties.publicNetworkAccess"), "Enabled");
    assert_non_null(strstr(unchecked(m, "azapi_update_resource.u"),
                           "it updates "
                           "azurerm_cognitive_account.tr"));
    tg_model_free(m);

    m = load_ok("update-unidentified.json");
    r = find(m, "azurerm_cognitive_account.tr");
    assert_maybe_changed(at(r->body, "properties.publicNetworkAccess"),
                         "may be changed by azapi_update_resource.u");
    assert_maybe_changed(at(r->body, "properties.disableLocalAuth"), "local.acct_id");
    assert_str(at(r->body, "properties.customSubDomainName"), "tr-prod"); /* not in the body */
    assert_str(at(r->body, "kind"), "TextTranslation");
    assert_non_null(strstr(unchecked(m, "azapi_update_resource.u"), "cannot be identified"));
    tg_model_free(m);

    /* references name the account without an instance: both instances, nothing else */
    m = load_ok("update-no-instance.json");
    for (size_t i = 0; i < m->nres; i++) {
        r = &m->res[i];
        if (strncmp(r->address, "azurerm_cognitive_account.tr[", 29) == 0)
            assert_maybe_changed(at(r->body, "properties.publicNetworkAccess"),
                                 "which has 2 instances");
        else if (tg_model_is_type(r, "Microsoft.CognitiveServices/accounts") &&
                 !(r->flags & TG_RES_EXISTING))
            assert_int_not_equal(at(r->body, "properties.publicNetworkAccess")->kind, TG_V_UNKNOWN);
    }
    tg_model_free(m);
}

/* metric alerts: each element of scopes, an unknown one through the configuration's
 * references */
static void metric_alert_links(void **state)
{
    (void)state;
    tg_model *m = load_ok("metric-alert.json");
    assert_link(m, "azurerm_monitor_metric_alert.tr_prod_on", "azurerm_cognitive_account.tr",
                "metric-alert", "properties.scopes[1]", 1);
    assert_link(m, "azurerm_monitor_metric_alert.tr_prod_off", "azurerm_cognitive_account.tr",
                "metric-alert", "properties.scopes[1]", 1);
    tg_model_free(m);
}

/* for_each each.value: undecided, naming for_each; decided only when the for_each is
 * the instances of a resource and each.value is the one with the same key. */
static void for_each_each_value(void **state)
{
    (void)state;
    tg_model *m = load_ok("each-value.json");
    const char *d = "azurerm_monitor_diagnostic_setting.d[\"acct\"]";
    assert_link(m, d, "azurerm_cognitive_account.tr", "diagnostic-setting", "scope", 0);
    const char *why = link_of(m, d, "azurerm_cognitive_account.tr")->reason;
    assert_non_null(strstr(why, "each.value"));
    assert_non_null(strstr(why, "for_each"));
    /* the other instance's target is known: the key vault */
    assert_null(
        link_of(m, "azurerm_monitor_diagnostic_setting.d[\"kv\"]", "azurerm_cognitive_account.tr"));
    tg_model_free(m);

    m = load_ok("each-value-module.json");
    d = "module.diag[\"tr\"].azurerm_monitor_diagnostic_setting.d";
    assert_link(m, d, "azurerm_cognitive_account.tr", "diagnostic-setting", "scope", 0);
    assert_non_null(strstr(link_of(m, d, "azurerm_cognitive_account.tr")->reason, "for_each"));
    tg_model_free(m);

    m = load_ok("each-value-chained.json");
    assert_link(m, "azurerm_monitor_diagnostic_setting.d[\"a\"]",
                "azurerm_cognitive_account.tr[\"a\"]", "diagnostic-setting", "scope", 1);
    assert_link(m, "azurerm_monitor_diagnostic_setting.d[\"b\"]",
                "azurerm_cognitive_account.tr[\"b\"]", "diagnostic-setting", "scope", 1);
    assert_null(link_of(m, "azurerm_monitor_diagnostic_setting.d[\"a\"]",
                        "azurerm_cognitive_account.tr[\"b\"]"));
    tg_model_free(m);
}

/* ---- the corpus --------------------------------------------------------------------------------
 */

static void corpus(void **state)
{
    (void)state;
    DIR *d = opendir(CORPUS);
    if (!d)
        skip();
    struct dirent *de;
    size_t plans = 0, states = 0;
    while ((de = readdir(d)) != NULL) {
        if (!tg_text_iends(de->d_name, ".json"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", CORPUS, de->d_name);
        tg_source *src = NULL;
        tg_error err = {0};
        if (tg_source_load(&src, path, path, &err) != TG_OK)
            fail_msg("%s: %s", path, err.message);
        tg_model *m = tg_model_new();
        tg_value *root = NULL;
        if (tg_json_parse(&root, src, m->arena, &err) != TG_OK)
            fail_msg("%s: %s", path, err.message);
        tg_input_kind k = tg_detect(root);
        if (strstr(de->d_name, "NEGATIVE-state")) {
            assert_int_equal(k, TG_IN_TFSTATE);
            states++;
        } else {
            assert_int_equal(k, TG_IN_TFPLAN);
            size_t f = tg_model_add_file(m, path, "tfplan");
            tg_tfplan_inputs in = {path, NULL};
            if (tg_tfplan_load(m, f, root, &in, &err) != TG_OK)
                fail_msg("%s: %s at %d:%d", path, err.message, err.line, err.col);
            assert_true(m->nres + m->nunchecked > 0);
            plans++;
        }
        tg_model_free(m);
        tg_source_free(src);
    }
    closedir(d);
    assert_true(plans > 20);
    assert_int_equal(states, 2);
}

/* ---- time linear in the plan's size --------------------------------------------------------- */

/* n accounts, each in its own module with an endpoint linked through the configuration. */
static char *big_plan(size_t n)
{
    tg_sb b = {0};
    tg_sb_adds(&b, "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": "
                   "{\"child_modules\": [");
    for (size_t i = 0; i < n; i++)
        tg_sb_printf(&b,
                     "%s{\"address\": \"module.m%zu\", \"resources\": [{\"address\": "
                     "\"module.m%zu.azurerm_cognitive_account.tr\", \"mode\": \"managed\", "
                     "\"type\": \"azurerm_cognitive_account\", \"name\": \"tr\", \"values\": "
                     "{\"name\": \"tr-%zu\", \"kind\": \"TextTranslation\", "
                     "\"public_network_access_enabled\": false}}, {\"address\": "
                     "\"module.m%zu.azurerm_private_endpoint.pe\", \"mode\": \"managed\", "
                     "\"type\": \"azurerm_private_endpoint\", \"name\": \"pe\", \"values\": "
                     "{\"name\": \"pe-%zu\", \"private_service_connection\": "
                     "[{\"is_manual_connection\": false}]}}]}",
                     i ? "," : "", i, i, i, i, i);
    tg_sb_adds(&b, "]}}, \"resource_changes\": [");
    for (size_t i = 0; i < n; i++)
        tg_sb_printf(&b,
                     "%s{\"address\": \"module.m%zu.azurerm_private_endpoint.pe\", \"change\": "
                     "{\"actions\": [\"create\"], \"after_unknown\": "
                     "{\"private_service_connection\": [{\"private_connection_resource_id\": "
                     "true}]}}}",
                     i ? "," : "", i);
    tg_sb_adds(&b, "], \"configuration\": {\"root_module\": {\"module_calls\": {");
    for (size_t i = 0; i < n; i++)
        tg_sb_printf(&b,
                     "%s\"m%zu\": {\"module\": {\"resources\": [{\"address\": "
                     "\"azurerm_private_endpoint.pe\", \"expressions\": "
                     "{\"private_service_connection\": [{\"private_connection_resource_id\": "
                     "{\"references\": [\"azurerm_cognitive_account.tr.id\", "
                     "\"azurerm_cognitive_account.tr\"]}}]}}]}}",
                     i ? "," : "", i);
    tg_sb_adds(&b, "}}}}");
    return tg_sb_take(&b);
}

/* A plan of 2n resources loads with every endpoint linked. How long it takes is measured
 * by the benchmark, never asserted here. */
static void load_big(size_t n)
{
    char *text = big_plan(n);
    tg_source *src = NULL;
    tg_error err = {0};
    assert_int_equal(tg_source_from_bytes(&src, "big.json", text, strlen(text), &err), TG_OK);
    free(text);
    tg_model *m = tg_model_new();
    tg_value *root = NULL;
    assert_int_equal(tg_json_parse(&root, src, m->arena, &err), TG_OK);
    size_t f = tg_model_add_file(m, "big.json", "tfplan");
    assert_int_equal(tg_tfplan_load(m, f, root, NULL, &err), TG_OK);
    assert_int_equal(m->nres, 2 * n);
    size_t decided = 0;
    for (size_t i = 0; i < m->nlinks; i++)
        decided += m->links[i].decided;
    assert_int_equal(decided, n);
    tg_model_free(m);
    tg_source_free(src);
}

static void large_plan(void **state)
{
    (void)state;
    load_big(5000); /* 10,000 resources, 5,000 links through module configuration */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_versions),
        cmocka_unit_test(instances_at_every_depth),
        cmocka_unit_test(unknown_and_sensitive_masks),
        cmocka_unit_test(actions),
        cmocka_unit_test(delete_only_plan_is_not_silent),
        cmocka_unit_test(links),
        cmocka_unit_test(azapi),
        cmocka_unit_test(sources),
        cmocka_unit_test(deep_modules),
        cmocka_unit_test(malformed_parts),
        cmocka_unit_test(plan_level_errors),
        cmocka_unit_test(sensitive_union_and_names),
        cmocka_unit_test(update_targets),
        cmocka_unit_test(for_each_each_value),
        cmocka_unit_test(metric_alert_links),
        cmocka_unit_test(corpus),
        cmocka_unit_test(large_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
