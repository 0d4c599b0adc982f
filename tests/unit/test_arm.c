/* test_arm.c — ARM templates into the model: full child types and names, the 2.0 object
 * form, existing, condition, inline nested templates, expressions as unknowns, linking of
 * private endpoints and diagnostic settings, and locating a policy path in the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "arm.h"
#include "detect.h"
#include "json.h"
#include "source.h"

#define HEAD                                                                                       \
    "{\"$schema\":\"https://schema.management.azure.com/schemas/2019-04-01/"                       \
    "deploymentTemplate.json#\",\"contentVersion\":\"1.0.0.0\",\"parameters\":{\"on\":{\"type\":"  \
    "\"bool\"},\"n\":{\"type\":\"string\"},\"pna\":{\"type\":\"string\"},\"name\":{\"type\":"      \
    "\"string\"},"                                                                                 \
    "\"accountId\":{\"type\":\"string\"}},"

static tg_value *parse(tg_model *m, const char *text)
{
    tg_source *src = NULL;
    tg_error err = {0};
    assert_int_equal(tg_source_from_bytes(&src, "t.json", text, strlen(text), &err), TG_OK);
    tg_value *root = NULL;
    if (tg_json_parse(&root, src, m->arena, &err) != TG_OK)
        fail_msg("parse: %s at %d:%d", err.message, err.line, err.col);
    tg_source_free(src);
    return root;
}

/* Expands text (with parameter file text params, or NULL); *rc gets tg_arm_load's status
 * and err its error. */
static tg_model *expand(const char *text, const char *params, int *rc, tg_error *err)
{
    tg_model *m = tg_model_new();
    tg_value *root = parse(m, text);
    assert_int_equal(tg_detect(root), TG_IN_ARM);
    tg_arm_inputs in = {0};
    in.params = params ? tg_value_get(parse(m, params), "parameters") : NULL;
    in.params_path = "t.parameters.json";
    size_t f = tg_model_add_file(m, "t.json", "arm");
    *rc = tg_arm_load(m, f, root, &in, err);
    tg_arm_link(m);
    return m;
}

static const tg_resource *find(const tg_model *m, const char *address);

/* Expands tests/unit/data/arm/<name>.json, with <name>.parameters.json when params is set. */
static tg_model *expand_file(const char *name, int params, int *rc, tg_error *err)
{
    char path[256], ppath[256];
    snprintf(path, sizeof path, "tests/unit/data/arm/%s.json", name);
    snprintf(ppath, sizeof ppath, "tests/unit/data/arm/%s.parameters.json", name);
    tg_source *src = NULL, *psrc = NULL;
    tg_error e = {0};
    if (tg_source_load(&src, path, path, &e) != TG_OK)
        fail_msg("%s: %s", path, e.message);
    if (params && tg_source_load(&psrc, ppath, ppath, &e) != TG_OK)
        fail_msg("%s: %s", ppath, e.message);
    tg_model *m = expand(src->text, psrc ? psrc->text : NULL, rc, err);
    tg_source_free(src);
    tg_source_free(psrc);
    return m;
}

static const tg_value *prop(const tg_resource *r, const char *name)
{
    return tg_value_get(tg_value_get(r->body, "properties"), name);
}

static void copy_loop_instances(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = expand_file("copy-three", 0, &rc, &err);
    assert_int_equal(rc, TG_OK);
    assert_int_equal(m->nres, 3);
    const char *names[] = {"tr-a", "tr-b", "tr-c"};
    for (int i = 0; i < 3; i++) {
        char addr[128], sub[32];
        snprintf(addr, sizeof addr, "Microsoft.CognitiveServices/accounts/%s", names[i]);
        snprintf(sub, sizeof sub, "%s-%d", names[i], i + 1);
        const tg_resource *r = find(m, addr);
        const tg_value *v = prop(r, "customSubDomainName");
        assert_int_equal(v->kind, TG_V_STRING);
        assert_string_equal(v->u.str.s, sub);
        assert_int_equal(v->line, 7); /* where the expression is written, in every instance */
    }
    tg_model_free(m);
}

static void nested_loop_indexes(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = expand_file("nested-loops", 0, &rc, &err);
    assert_int_equal(rc, TG_OK);
    const tg_value *rules0 = tg_value_get(
        prop(find(m, "Microsoft.CognitiveServices/accounts/tr-0"), "networkAcls"), "ipRules");
    const tg_value *rules1 = tg_value_get(
        prop(find(m, "Microsoft.CognitiveServices/accounts/tr-1"), "networkAcls"), "ipRules");
    assert_int_equal(rules0->kind, TG_V_ARRAY);
    assert_int_equal(rules0->u.coll.n, 1);
    assert_int_equal(rules1->u.coll.n, 2);
    assert_string_equal(tg_value_get(rules0->u.coll.items[0], "value")->u.str.s, "52.0.0.0/24");
    assert_string_equal(tg_value_get(rules1->u.coll.items[0], "value")->u.str.s, "52.1.0.0/24");
    assert_string_equal(tg_value_get(rules1->u.coll.items[1], "value")->u.str.s, "52.1.1.0/24");
    tg_model_free(m);
}

static void parameters_and_variables(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = expand_file("params", 1, &rc, &err);
    assert_int_equal(rc, TG_OK);
    const tg_resource *r = find(m, "Microsoft.CognitiveServices/accounts/tr");
    assert_string_equal(prop(r, "a")->u.str.s,
                        "from-default"); /* a default naming a later parameter */
    assert_string_equal(prop(r, "b")->u.str.s, "from-file"); /* the parameter file wins */
    assert_int_equal(prop(r, "c")->kind, TG_V_UNKNOWN);      /* a Key Vault reference */
    assert_non_null(strstr(prop(r, "c")->u.reason, "parameter 'secret'"));
    const tg_value *ports = prop(r, "d");
    assert_int_equal(ports->kind, TG_V_ARRAY);
    assert_int_equal(ports->u.coll.n, 3);
    assert_true(ports->u.coll.items[2]->u.number == 20);
    tg_model_free(m);

    m = expand_file("params", 0, &rc, &err); /* without the file: defaults, and no value */
    r = find(m, "Microsoft.CognitiveServices/accounts/tr");
    assert_string_equal(prop(r, "b")->u.str.s, "from-default");
    assert_non_null(strstr(prop(r, "c")->u.reason, "parameter 'secret', which has no value"));
    tg_model_free(m);
}

static void errors_keep_the_rest(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = expand_file("cycle", 0, &rc, &err);
    assert_int_equal(rc, TG_ERR);
    assert_non_null(strstr(err.message, "refers to itself"));
    assert_int_equal(
        prop(find(m, "Microsoft.CognitiveServices/accounts/tr-cycle"), "publicNetworkAccess")->kind,
        TG_V_UNKNOWN);
    assert_int_equal(
        prop(find(m, "Microsoft.CognitiveServices/accounts/tr-fine"), "publicNetworkAccess")->kind,
        TG_V_STRING);
    tg_model_free(m);

    m = expand_file("bad-function", 0, &rc, &err);
    assert_int_equal(rc, TG_ERR);
    assert_non_null(strstr(err.message, "noSuchFunction"));
    assert_int_equal(err.line, 5); /* where the expression is written */
    assert_int_equal(m->nres, 2);
    tg_model_free(m);

    m = expand_file("self-variable", 0, &rc, &err);
    assert_int_equal(rc, TG_ERR);
    assert_non_null(strstr(err.message, "variable 'loop' refers to itself"));
    tg_model_free(m);

    m = expand_file("huge-copy", 0, &rc, &err); /* bounded: refused, not expanded */
    assert_int_equal(rc, TG_ERR);
    assert_non_null(strstr(err.message, "from 0 to 800"));
    assert_int_equal(m->nres, 0);
    tg_model_free(m);
}

static void evaluated_conditions(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = expand_file("conditions", 0, &rc, &err);
    assert_int_equal(rc, TG_OK);
    assert_int_equal(m->nres, 2);
    assert_null(find(m, "Microsoft.CognitiveServices/accounts/tr-on")->note);
    const tg_resource *maybe = find(m, "Microsoft.CognitiveServices/accounts/tr-maybe");
    assert_true(maybe->flags & TG_RES_MAYBE);
    assert_non_null(strstr(maybe->note, "parameter 'maybe'"));
    assert_int_equal(m->nunchecked, 1);
    assert_string_equal(m->unchecked[0].address, "Microsoft.CognitiveServices/accounts/tr-off");
    tg_model_free(m);
}

/* A looped inner-scope deployment: one scope per copy, so copyIndex() in its parameters
 * names each copy. */
static void copied_module_parameters(void **state)
{
    (void)state;
    int rc;
    tg_error err = {0};
    tg_model *m = expand_file("copied-module", 0, &rc, &err);
    assert_int_equal(rc, TG_OK);
    const char *want[] = {"Disabled", "Disabled", "Enabled"};
    for (int i = 0; i < 3; i++) {
        char addr[64];
        snprintf(addr, sizeof addr, "Microsoft.CognitiveServices/accounts/tr%d", i);
        const tg_value *pna = prop(find(m, addr), "publicNetworkAccess");
        assert_int_equal(pna->kind, TG_V_STRING);
        assert_string_equal(pna->u.str.s, want[i]);
    }
    tg_model_free(m);
}

static tg_model *load(const char *text)
{
    int rc;
    tg_error err = {0};
    tg_model *m = expand(text, NULL, &rc, &err);
    if (rc != TG_OK)
        fail_msg("expand: %s at %d:%d", err.message, err.line, err.col);
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

static size_t count_links(const tg_model *m, const char *relation, int decided)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nlinks; i++)
        if (strcmp(m->links[i].relation, relation) == 0 && m->links[i].decided == decided)
            n++;
    return n;
}

static void inline_children(void **state)
{
    (void)state;
    tg_model *m = load(
        HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
             "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\","
             "\"resources\":[{\"type\":\"providers/"
             "diagnosticSettings\",\"name\":\"Microsoft.Insights/diag\",\"properties\":{}},"
             "{\"type\":\"privateEndpointConnections\",\"name\":\"pec\",\"properties\":{}}]}]}");
    assert_int_equal(m->nres, 3);
    const tg_resource *d = find(m, "Microsoft.CognitiveServices/accounts/tr/providers/"
                                   "Microsoft.Insights/diagnosticSettings/diag");
    assert_string_equal(d->type,
                        "Microsoft.CognitiveServices/accounts/providers/diagnosticSettings");
    assert_string_equal(d->name, "tr/Microsoft.Insights/diag");
    assert_string_equal(d->pointer, "/resources/0/resources/0");
    const tg_resource *c =
        find(m, "Microsoft.CognitiveServices/accounts/tr/privateEndpointConnections/pec");
    assert_string_equal(c->name, "tr/pec");
    assert_int_equal(count_links(m, "diagnostic-setting", 1), 1);
    assert_int_equal(count_links(m, "child", 1), 1);
    tg_model_free(m);
}

static void language_v2_and_existing(void **state)
{
    (void)state;
    tg_model *m = load(
        HEAD
        "\"languageVersion\":\"2.0\",\"resources\":{"
        "\"acct\":{\"type\":\"Microsoft.CognitiveServices/"
        "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\"},"
        "\"kv\":{\"existing\":true,\"type\":\"Microsoft.KeyVault/vaults\",\"name\":\"kv1\"}}}");
    assert_int_equal(m->nres, 2);
    assert_string_equal(find(m, "Microsoft.CognitiveServices/accounts/tr")->pointer,
                        "/resources/acct");
    assert_true(find(m, "Microsoft.KeyVault/vaults/kv1")->flags & TG_RES_EXISTING);
    assert_false(find(m, "Microsoft.CognitiveServices/accounts/tr")->flags & TG_RES_EXISTING);
    tg_model_free(m);
}

static void conditions(void **state)
{
    (void)state;
    tg_model *m = load(
        HEAD
        "\"resources\":[{\"condition\":false,\"type\":\"Microsoft.CognitiveServices/"
        "accounts\",\"name\":\"off\"},"
        "{\"condition\":\"[parameters('on')]\",\"type\":\"Microsoft.CognitiveServices/"
        "accounts\",\"name\":\"maybe\"},"
        "{\"type\":\"Microsoft.CognitiveServices/accounts\",\"name\":\"[parameters('n')]\"}]}");
    assert_int_equal(m->nres, 2);
    const tg_resource *maybe = find(m, "Microsoft.CognitiveServices/accounts/maybe");
    assert_non_null(maybe->note);
    assert_non_null(strstr(maybe->note, "parameter 'on'"));
    assert_null(find(m, "Microsoft.CognitiveServices/accounts/{parameters('n')}")->note);
    tg_model_free(m);
}

static void expressions_become_unknown(void **state)
{
    (void)state;
    tg_model *m = load(
        HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/accounts\",\"name\":\"tr\","
             "\"properties\":{\"publicNetworkAccess\":\"[parameters('pna')]\","
             "\"customSubDomainName\":\"[[not-an-expression]\"}}]}");
    const tg_value *props = tg_value_get(m->res[0].body, "properties");
    const tg_value *pna = tg_value_get(props, "publicNetworkAccess");
    assert_int_equal(pna->kind, TG_V_UNKNOWN);
    assert_string_equal(pna->expr, "{parameters('pna')}");
    assert_non_null(strstr(pna->u.reason, "parameter 'pna', which has no value"));
    const tg_value *sub = tg_value_get(props, "customSubDomainName");
    assert_int_equal(sub->kind, TG_V_STRING);
    assert_string_equal(sub->u.str.s, "[not-an-expression]");
    tg_model_free(m);
}

static void nested_inline_template(void **state)
{
    (void)state;
    tg_model *m = load(
        HEAD "\"resources\":[{\"type\":\"Microsoft.Resources/"
             "deployments\",\"name\":\"inner\",\"properties\":{"
             "\"expressionEvaluationOptions\":{\"scope\":\"inner\"},\"template\":{\"resources\":["
             "{\"type\":\"Microsoft.CognitiveServices/"
             "accounts\",\"name\":\"nested-tr\",\"kind\":\"TextTranslation\"}]}}}]}");
    const tg_resource *r = find(m, "Microsoft.CognitiveServices/accounts/nested-tr");
    assert_string_equal(r->pointer, "/resources/0/properties/template/resources/0");
    assert_int_not_equal(r->scope, find(m, "Microsoft.Resources/deployments/inner")->scope);
    tg_model_free(m);
}

static const char *PE(const char *list, const char *target)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"type\":\"Microsoft.Network/"
             "privateEndpoints\",\"name\":\"pe\",\"properties\":{\"%s\":[{\"name\":\"c\","
             "\"properties\":{\"privateLinkServiceId\":\"%s\",\"groupIds\":[\"account\"]}}]}}",
             list, target);
    return buf;
}

static tg_model *with_pe(const char *account_name, const char *list, const char *target)
{
    char text[4096];
    snprintf(text, sizeof text,
             HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
                  "accounts\",\"name\":\"%s\",\"kind\":\"TextTranslation\"},%s]}",
             account_name, PE(list, target));
    return load(text);
}

static void private_endpoint_links(void **state)
{
    (void)state;
    tg_model *m = with_pe("tr", "privateLinkServiceConnections",
                          "[resourceId('Microsoft.CognitiveServices/accounts', 'tr')]");
    assert_int_equal(count_links(m, "private-endpoint", 1), 1);
    assert_string_equal(
        m->links[0].via,
        "properties.privateLinkServiceConnections[1].properties.privateLinkServiceId");
    tg_model_free(m);

    m = with_pe("tr", "manualPrivateLinkServiceConnections",
                "Microsoft.CognitiveServices/accounts/TR");
    assert_int_equal(count_links(m, "private-endpoint", 1), 1);
    assert_non_null(strstr(m->links[0].via, "manualPrivateLinkServiceConnections[1]"));
    tg_model_free(m);

    /* a full literal id names a resource group; the deployment's own is not known here */
    m = with_pe(
        "tr", "privateLinkServiceConnections",
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/TR");
    assert_int_equal(count_links(m, "private-endpoint", 0), 1);
    assert_non_null(strstr(m->links[0].reason, "the deployment's resource group is 'rg'"));
    tg_model_free(m);
    m = with_pe("tr", "privateLinkServiceConnections",
                "[resourceId('otherrg', 'Microsoft.CognitiveServices/accounts', 'tr')]");
    assert_int_equal(count_links(m, "private-endpoint", 0), 1);
    tg_model_free(m);

    /* another account's id: no link at all */
    m = with_pe("tr", "privateLinkServiceConnections",
                "[resourceId('Microsoft.CognitiveServices/accounts', 'other')]");
    assert_int_equal(m->nlinks, 0);
    tg_model_free(m);

    /* the same parameter on both sides names the same account */
    m = with_pe("[parameters('name')]", "privateLinkServiceConnections",
                "[resourceId('Microsoft.CognitiveServices/accounts', parameters('name'))]");
    assert_int_equal(count_links(m, "private-endpoint", 1), 1);
    tg_model_free(m);

    /* a target that cannot be read: undecided, never silently unlinked */
    m = with_pe("tr", "privateLinkServiceConnections", "[parameters('accountId')]");
    assert_int_equal(count_links(m, "private-endpoint", 0), 1);
    assert_non_null(strstr(m->links[0].reason, "parameters('accountId')"));
    tg_model_free(m);
}

/* resourceId() without a group means the group the expression is evaluated for: the
 * nested deployment's own with the inner scope, the parent's with the outer scope. */
static void nested_deployment_groups(void **state)
{
    (void)state;
    const char *fmt = HEAD
        "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
        "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\"},"
        "{\"type\":\"Microsoft.Resources/"
        "deployments\",\"name\":\"n\",\"resourceGroup\":\"otherrg\",\"properties\":{"
        "\"expressionEvaluationOptions\":{\"scope\":\"%s\"},\"template\":{\"resources\":[%s]}}}]}";
    char text[4096];
    snprintf(text, sizeof text, fmt, "inner",
             PE("privateLinkServiceConnections",
                "[resourceId('Microsoft.CognitiveServices/accounts', 'tr')]"));
    tg_model *m = load(text);
    assert_int_equal(count_links(m, "private-endpoint", 1), 0);
    assert_int_equal(count_links(m, "private-endpoint", 0), 1);
    tg_model_free(m);
    snprintf(text, sizeof text, fmt, "outer",
             PE("privateLinkServiceConnections",
                "[resourceId('Microsoft.CognitiveServices/accounts', 'tr')]"));
    m = load(text);
    assert_int_equal(count_links(m, "private-endpoint", 1), 1);
    tg_model_free(m);
}

static void diagnostic_setting_links(void **state)
{
    (void)state;
    tg_model *m =
        load(HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
                  "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\"},"
                  "{\"type\":\"Microsoft.Insights/"
                  "diagnosticSettings\",\"name\":\"d1\",\"scope\":\"[format('Microsoft."
                  "CognitiveServices/accounts/{0}', 'tr')]\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.CognitiveServices/accounts/providers/"
                  "diagnosticSettings\",\"name\":\"tr/Microsoft.Insights/d2\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.Insights/"
                  "diagnosticSettings\",\"name\":\"sub-level\",\"properties\":{}}]}");
    assert_int_equal(count_links(m, "diagnostic-setting", 1), 2);
    assert_int_equal(count_links(m, "diagnostic-setting", 0), 0);
    tg_model_free(m);
}

/* metric alerts: each scope of properties.scopes[] is read like an endpoint's target */
static void metric_alert_links(void **state)
{
    (void)state;
    tg_model *m =
        load(HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
                  "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\"},"
                  "{\"type\":\"Microsoft.Insights/metricAlerts\",\"name\":\"a1\","
                  "\"properties\":{\"scopes\":[\"/subscriptions/s/resourceGroups/g/providers/"
                  "Microsoft.Storage/storageAccounts/st\",\"[resourceId('Microsoft."
                  "CognitiveServices/accounts', 'tr')]\"]}},"
                  "{\"type\":\"Microsoft.Insights/metricAlerts\",\"name\":\"a2\","
                  "\"properties\":{\"scopes\":[\"[parameters('accountId')]\"]}},"
                  "{\"type\":\"Microsoft.Insights/metricAlerts\",\"name\":\"a3\","
                  "\"properties\":{\"scopes\":[]}}]}");
    assert_int_equal(count_links(m, "metric-alert", 1), 1);
    assert_int_equal(count_links(m, "metric-alert", 0), 1);
    tg_model_free(m);
}

/* key vault and key: the CMK's keyVaultUri names the vault <vault> and keyName its key
 * <vault>/<keyName>; other vaults and keys, and keys of other vaults, name nothing */
static void key_vault_links(void **state)
{
    (void)state;
    tg_model *m =
        load(HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
                  "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\","
                  "\"properties\":{\"encryption\":{\"keySource\":\"Microsoft.KeyVault\","
                  "\"keyVaultProperties\":{\"keyVaultUri\":\"https://kv-prod.vault.azure.net/\","
                  "\"keyName\":\"tr-cmk\"}}}},"
                  "{\"type\":\"Microsoft.KeyVault/vaults\",\"name\":\"kv-prod\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.KeyVault/vaults\",\"name\":\"kv-other\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.KeyVault/vaults/keys\",\"name\":\"kv-prod/tr-cmk\","
                  "\"properties\":{}},"
                  "{\"type\":\"Microsoft.KeyVault/vaults/keys\",\"name\":\"kv-prod/other\","
                  "\"properties\":{}},"
                  "{\"type\":\"Microsoft.KeyVault/vaults/keys\",\"name\":\"kv-other/tr-cmk\","
                  "\"properties\":{}}]}");
    assert_int_equal(count_links(m, "key-vault", 1), 1);
    assert_int_equal(count_links(m, "key", 1), 1);
    tg_model_free(m);
}

/* role assignments: an extension scope naming the account or its resource group, or no scope
 * (the deployment's group); a scope on another resource type names nothing */
static void role_assignment_links(void **state)
{
    (void)state;
    tg_model *m =
        load(HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
                  "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\"},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r1\","
                  "\"scope\":\"[resourceId('Microsoft.CognitiveServices/accounts', 'tr')]\","
                  "\"properties\":{}},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r2\","
                  "\"scope\":\"[resourceGroup().id]\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r3\","
                  "\"properties\":{}},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r4\","
                  "\"scope\":\"[resourceId('Microsoft.Storage/storageAccounts', 'st')]\","
                  "\"properties\":{}},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r5\","
                  "\"scope\":\"[parameters('n')]\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r6\","
                  "\"scope\":\"/subscriptions/s/resourceGroups/other\",\"properties\":{}},"
                  "{\"type\":\"Microsoft.Authorization/roleAssignments\",\"name\":\"r7\","
                  "\"scope\":\"/subscriptions/s/resourceGroups/other/providers/"
                  "Microsoft.Storage/storageAccounts/st\",\"properties\":{}}]}");
    assert_int_equal(count_links(m, "role-assignment", 1), 3);
    assert_int_equal(count_links(m, "role-assignment", 0), 2);
    tg_model_free(m);
}

/* DNS zone groups link through their endpoint (same file and scope, first name segment):
 * top level or inline, decided or undecided like the endpoint; a group of another endpoint
 * links nothing */
static void dns_zone_group_links(void **state)
{
    (void)state;
    static const char *const ZG =
        "\"properties\":{\"privateDnsZoneConfigs\":[{\"name\":\"z\",\"properties\":{"
        "\"privateDnsZoneId\":\"[resourceId('Microsoft.Network/privateDnsZones', "
        "'privatelink.cognitiveservices.azure.com')]\"}}]}";
    char text[4096];
    snprintf(text, sizeof text,
             HEAD "\"resources\":[{\"type\":\"Microsoft.CognitiveServices/"
                  "accounts\",\"name\":\"tr\",\"kind\":\"TextTranslation\"},"
                  "{\"type\":\"Microsoft.Network/privateEndpoints\",\"name\":\"pe\","
                  "\"properties\":{\"privateLinkServiceConnections\":[{\"name\":\"c\","
                  "\"properties\":{\"privateLinkServiceId\":\"[resourceId('Microsoft."
                  "CognitiveServices/accounts', 'tr')]\"}}]},"
                  "\"resources\":[{\"type\":\"privateDnsZoneGroups\",\"name\":\"inline\",%s}]},"
                  "{\"type\":\"Microsoft.Network/privateEndpoints\",\"name\":\"pe2\","
                  "\"properties\":{\"privateLinkServiceConnections\":[{\"name\":\"c\","
                  "\"properties\":{\"privateLinkServiceId\":\"[parameters('n')]\"}}]}},"
                  "{\"type\":\"Microsoft.Network/privateEndpoints/privateDnsZoneGroups\","
                  "\"name\":\"pe/default\",%s},"
                  "{\"type\":\"Microsoft.Network/privateEndpoints/privateDnsZoneGroups\","
                  "\"name\":\"pe2/default\",%s},"
                  "{\"type\":\"Microsoft.Network/privateEndpoints/privateDnsZoneGroups\","
                  "\"name\":\"other/default\",%s}]}",
             ZG, ZG, ZG, ZG);
    tg_model *m = load(text);
    assert_int_equal(count_links(m, "dns-zone-group", 1), 2);
    assert_int_equal(count_links(m, "dns-zone-group", 0), 1);
    for (size_t i = 0; i < m->nlinks; i++) {
        if (strcmp(m->links[i].relation, "dns-zone-group") != 0)
            continue;
        assert_true(m->links[i].through != TG_LINK_DIRECT);
        assert_string_equal(m->res[m->links[i].through].type, "Microsoft.Network/privateEndpoints");
        if (!m->links[i].decided)
            assert_non_null(strstr(m->links[i].reason, "parameters('n')"));
    }
    tg_model_free(m);
}

static void locate_paths(void **state)
{
    (void)state;
    tg_model *m = load(
        "{\n"
        "  \"$schema\": "
        "\"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
        "  \"contentVersion\": \"1.0.0.0\",\n"
        "  \"resources\": [\n"
        "    {\n"
        "      \"type\": \"Microsoft.CognitiveServices/accounts\", \"name\": \"tr\",\n"
        "      \"Properties\": {\n"
        "        \"networkAcls\": { \"ipRules\": [ {\"value\": \"1.2.3.4\"},\n"
        "                                      {\"value\": \"0.0.0.0/0\"} ] }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n");
    int line, col;
    const char *ptr = tg_model_locate(m, &m->res[0], "properties.networkAcls.ipRules[2].value",
                                      NULL, &line, &col);
    assert_string_equal(ptr, "/resources/0/Properties/networkAcls/ipRules/1/value");
    assert_int_equal(line, 9);
    assert_int_equal(col, 40);
    /* absent: the nearest part that exists */
    ptr = tg_model_locate(m, &m->res[0], "properties.publicNetworkAccess", NULL, &line, &col);
    assert_string_equal(ptr, "/resources/0/Properties");
    assert_int_equal(line, 7);
    assert_int_equal(col, 7);
    ptr = tg_model_locate(m, &m->res[0], NULL, NULL, &line, &col);
    assert_string_equal(ptr, "/resources/0");
    assert_int_equal(line, 5);
    assert_int_equal(col, 5);
    tg_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inline_children),
        cmocka_unit_test(language_v2_and_existing),
        cmocka_unit_test(conditions),
        cmocka_unit_test(expressions_become_unknown),
        cmocka_unit_test(nested_inline_template),
        cmocka_unit_test(private_endpoint_links),
        cmocka_unit_test(diagnostic_setting_links),
        cmocka_unit_test(metric_alert_links),
        cmocka_unit_test(key_vault_links),
        cmocka_unit_test(role_assignment_links),
        cmocka_unit_test(dns_zone_group_links),
        cmocka_unit_test(locate_paths),
        cmocka_unit_test(nested_deployment_groups),
        cmocka_unit_test(copy_loop_instances),
        cmocka_unit_test(nested_loop_indexes),
        cmocka_unit_test(parameters_and_variables),
        cmocka_unit_test(errors_keep_the_rest),
        cmocka_unit_test(evaluated_conditions),
        cmocka_unit_test(copied_module_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
