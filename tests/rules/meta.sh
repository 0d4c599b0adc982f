#!/bin/sh
# Checks that every rule is complete and agrees with itself (issue 5, "Rules"):
#   - its metadata (`transguard rules --format json`) has every field; azure_policy and mcsb
#     may be empty only when the rule's page says "none" for them;
#   - docs/rules/<ID>.md exists, names the id, name, title and severity, gives the Azure
#     Policy id and MCSB control that the metadata gives, and links every fixture file of the
#     rule (and no missing one); docs/rules/README.md links the page;
#   - fixtures/rules/<ID>/arm and .../tfplan each hold at least one pass and one fail fixture;
#   - title, message and logic agree: the metadata's compliant ARM snippet, wrapped into a
#     minimal template with a Translator account, makes the rule pass, and so does the
#     Terraform snippet wrapped into a minimal plan; the bare account without the snippet
#     makes the rule fail or unknown (rules listed in BARE_PASSES excepted, with the reason).
# POSIX sh and awk only.
#   sh tests/rules/meta.sh build/transguard
set -u
TG=${1:?usage: meta.sh path/to/transguard}
case $TG in /*) ;; *) TG=$(pwd)/$TG ;; esac
cd "$(dirname "$0")/../.." || exit 2 # the repository root: docs/ and fixtures/ are read from there

# Rules whose bare account (no snippet) legitimately passes, with the reason. For these the
# snippet must still pass, with a different message than the bare account's.
BARE_PASSES="TG004 TG012 TG024"
bare_passes_why() {
    case $1 in
    TG004) echo "an account without network rules has no rule to fault (TG003 judges the default action)" ;;
    TG012) echo "without a role assignment nothing grants Owner, Contributor or User Access Administrator at the account" ;;
    TG024) echo "without settings.allowed_locations any region passes; the bare account is regional" ;;
    esac
}
# Rules for which the bare account is n/a (it uses nothing the rule judges), with the reason.
# For these the snippet must still pass.
BARE_NA="TG005 TG011 TG021 TG022 TG023 TG031 TG032 TG040"
bare_na_why() {
    case $1 in
    TG005) echo "n/a without a private endpoint (TG001 fails that); the bare account has none" ;;
    TG011) echo "nothing on the bare account needs a managed identity (no customer-managed key, no user-owned storage)" ;;
    TG021) echo "the bare account has no customer-managed key" ;;
    TG022) echo "the bare account has no customer-managed key, so no key vault to judge" ;;
    TG023) echo "the bare account has no customer-managed key" ;;
    TG031 | TG032) echo "n/a without a diagnostic setting (TG030 fails that)" ;;
    TG040) echo "without allowed_skus, n/a unless Document Translation (user-owned storage) is configured" ;;
    esac
}


# A rule that needs settings keeps them in fixtures/rules/<ID>/.transguard.yaml (its
# fixtures find it upward); the snippet and bare runs use it too.

# The deployment context for the ARM runs: snippets use resourceId(), whose value depends on
# the subscription and resource group a real deployment has.
ARM_CONTEXT="--subscription 00000000-0000-0000-0000-000000000000 --resource-group rg-translator --location westeurope"

tmp=$(mktemp -d) || exit 2
# META_KEEP=1 keeps the generated templates and plans, for a look at a failure.
if [ -n "${META_KEEP:-}" ]; then echo "meta.sh: work files in $tmp"; else trap 'rm -rf "$tmp"' EXIT INT TERM; fi
failn=0 okn=0
bad() { failn=$((failn + 1)); echo "FAIL $*"; }
ok() { okn=$((okn + 1)); }

if ! "$TG" rules --format json >"$tmp/rules.json" 2>"$tmp/rules.err"; then
    echo "FAIL transguard rules --format json: $(cat "$tmp/rules.err")"
    exit 1
fi

# One file per rule and field: $tmp/<ID>.<field>, the JSON string unescaped; $tmp/ids lists
# the ids in order. The JSON has one member per line.
awk -v dir="$tmp" '
function unescape(s,   out, i, c, n) {
    out = ""
    n = length(s)
    for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (c != "\\") { out = out c; continue }
        i++
        c = substr(s, i, 1)
        if (c == "n") out = out "\n"
        else if (c == "t") out = out "\t"
        else if (c == "r") out = out "\r"
        else if (c == "u") { out = out "\\u" substr(s, i + 1, 4); i += 4 }
        else out = out c           # \" \\ \/
    }
    return out
}
/^[ \t]*"[a-z_]+":[ \t]*"/ {
    key = $0
    sub(/^[ \t]*"/, "", key); sub(/".*/, "", key)
    val = $0
    sub(/^[ \t]*"[a-z_]+":[ \t]*"/, "", val)
    sub(/",?[ \t\r]*$/, "", val)
    if (key == "id") {
        id = val
        print id > (dir "/ids")
    }
    if (id == "") next
    f = dir "/" id "." key
    printf "%s", unescape(val) > f
    close(f)
}' "$tmp/rules.json"

if [ ! -s "$tmp/ids" ]; then
    echo "FAIL transguard rules --format json lists no rules"
    exit 1
fi

# hcl2plan [SNIPPET]: a Terraform plan (terraform show -json shape, the parts transguard
# reads) for the account azurerm_cognitive_account.translator plus whatever SNIPPET declares.
# A snippet is a list of resource blocks, or attributes and blocks of the account itself.
# References (azurerm_x.y.id) are unknown until apply and listed in the configuration, as
# Terraform writes them. Anything else HCL can say is refused, so nothing passes by accident.
hcl2plan() {
    awk '
function die(msg) { print "hcl2plan: line " NR ": " msg ": " $0 > "/dev/stderr"; failed = 1; exit 2 }
function jstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function node(kind, name, parent,   n) {
    n = ++N; K[n] = kind; NM[n] = name; P[n] = parent; C[n] = 0
    if (parent) { C[parent]++; CH[parent, C[parent]] = n }
    return n
}
function account() {
    if (!acct) { acct = node("res", "translator", 0); T[acct] = "azurerm_cognitive_account"; RES[++NRES] = acct }
    return acct
}
function target(c) { return c ? c : account() }
function refs(t,   p, n, first) {
    n = split(t, p, ".")
    first = p[1]; sub(/\[.*/, "", first)
    if (first ~ /^(var|local|module|each|count|path|self|terraform)$/ || n < 3)
        return "[" jstr(t) "]"
    if (first == "data") return "[" jstr(t) "]"
    return "[" jstr(t) "," jstr(p[1] "." p[2]) "]"
}
function value(n, v,   inner) {
    if (v ~ /^"([^"\\]|\\.)*"$/) {
        if (index(v, "${") || index(v, "%{")) die("templates are not supported")
        V[n] = "const"; J[n] = v; return
    }
    if (v ~ /^(true|false|null|-?[0-9]+(\.[0-9]+)?)$/) { V[n] = "const"; J[n] = v; return }
    # a list of one reference ([azurerm_x.y.id]): unknown, or known, like the reference
    if (v ~ /^\[[ \t]*[A-Za-z_][A-Za-z0-9_-]*(\[[0-9]+\])?(\.[A-Za-z_][A-Za-z0-9_-]*(\[[0-9]+\])?)+[ \t]*\]$/) {
        inner = v; gsub(/^\[[ \t]*|[ \t]*\]$/, "", inner)
        V[n] = "lref"; J[n] = refs(inner); REF[n] = inner; return
    }
    if (v ~ /^\[.*\]$/) {
        inner = v; gsub(/"([^"\\]|\\.)*"/, "", inner)
        gsub(/true|false|null/, "", inner)
        if (inner ~ /[A-Za-z_]/) die("a list with expressions is not supported")
        sub(/,[ \t]*\]$/, "]", v)
        V[n] = "const"; J[n] = v; return
    }
    if (v ~ /^[A-Za-z_][A-Za-z0-9_-]*(\[[0-9]+\])?(\.[A-Za-z_][A-Za-z0-9_-]*(\[[0-9]+\])?)+$/) {
        V[n] = "ref"; J[n] = refs(v); REF[n] = v; return
    }
    die("unsupported value")
}
# A reference to a resource the snippet declares is unknown until apply; one to anything
# else (a resource already in the state) is known: give it a plausible value.
function resolve(n,   t, p, k, addr, v, S, G) {
    t = REF[n]; k = split(t, p, ".")
    addr = p[1] "." p[2]
    if (addr in DECL) return
    S = "/subscriptions/00000000-0000-0000-0000-000000000000"; G = S "/resourceGroups/rg-translator"
    if (k == 3 && p[3] == "location") v = "westeurope"
    else if (k == 3 && p[3] == "name") v = p[2]
    else if (k == 3 && p[3] == "id") {
        if (p[1] == "azurerm_resource_group") v = S "/resourceGroups/" p[2]
        else if (p[1] == "azurerm_subnet") v = G "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/" p[2]
        else if (p[1] == "azurerm_log_analytics_workspace") v = G "/providers/Microsoft.OperationalInsights/workspaces/" p[2]
        else if (p[1] == "azurerm_storage_account") v = G "/providers/Microsoft.Storage/storageAccounts/" p[2]
        else if (p[1] == "azurerm_user_assigned_identity") v = G "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" p[2]
        else if (p[1] == "azurerm_key_vault") v = G "/providers/Microsoft.KeyVault/vaults/" p[2]
        else if (p[1] == "azurerm_private_dns_zone") v = G "/providers/Microsoft.Network/privateDnsZones/privatelink.cognitiveservices.azure.com" # a zone already in the state
        else if (p[1] == "azurerm_key_vault_key") v = "https://kv-prod.vault.azure.net/keys/" p[2] "/0123456789abcdef0123456789abcdef"
    } else if (k == 3 && p[1] == "azurerm_key_vault_key" && p[3] == "versionless_id") v = "https://kv-prod.vault.azure.net/keys/" p[2]
    if (v == "") { print "hcl2plan: no value known for the reference " t " (declare the resource in the snippet, or teach resolve() its value)" > "/dev/stderr"; failed = 1; return }
    if (V[n] == "lref") { V[n] = "klref"; KV[n] = "[" jstr(v) "]" }
    else { V[n] = "kref"; KV[n] = jstr(v) }
}
function obj(n, mode,   out, sep, i, c, j, d, arr, sep2) {
    out = "{"; sep = ""
    if (K[n] == "res" && mode == "unk") { out = out "\"id\":true"; sep = "," }
    for (i = 1; i <= C[n]; i++) {
        c = CH[n, i]
        if (K[c] == "attr") {
            if (mode == "after" && V[c] == "const") { out = out sep jstr(NM[c]) ":" J[c]; sep = "," }
            else if (mode == "after" && (V[c] == "kref" || V[c] == "klref")) { out = out sep jstr(NM[c]) ":" KV[c]; sep = "," }
            else if (mode == "unk" && V[c] == "ref") { out = out sep jstr(NM[c]) ":true"; sep = "," }
            else if (mode == "unk" && V[c] == "lref") { out = out sep jstr(NM[c]) ":[true]"; sep = "," }
            else if (mode == "expr") {
                out = out sep jstr(NM[c]) ":{" (V[c] == "const" ? "\"constant_value\":" : "\"references\":") J[c] "}"
                sep = ","
            }
            continue
        }
        if ((mode SUBSEP n SUBSEP NM[c]) in done) continue
        done[mode, n, NM[c]] = 1
        arr = "["; sep2 = ""
        for (j = i; j <= C[n]; j++) {
            d = CH[n, j]
            if (K[d] == "block" && NM[d] == NM[c]) { arr = arr sep2 obj(d, mode); sep2 = "," }
        }
        out = out sep jstr(NM[c]) ":" arr "]"; sep = ","
    }
    return out "}"
}
BEGIN { N = 0; NRES = 0; acct = 0; cur = 0; sp = 0; inmap = 0 }
{
    line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t\r]+$/, "", line)
    if (line == "" || line ~ /^(#|\/\/)/) next
    # a map of string constants over several lines (tags = { ... }): a constant object
    if (inmap) {
        if (line == "}") { J[inmap] = J[inmap] "}"; inmap = 0; next }
        if (line !~ /^[A-Za-z_][A-Za-z0-9_-]*[ \t]*=[ \t]*"([^"\\$%]|\\.)*"$/) die("a map holds only name = \"string\" lines")
        k = line; sub(/[ \t]*=.*/, "", k); v = line; sub(/^[^=]*=[ \t]*/, "", v)
        J[inmap] = J[inmap] (J[inmap] == "{" ? "" : ",") jstr(k) ":" v; next
    }
    if (line ~ /^[A-Za-z_][A-Za-z0-9_-]*[ \t]*=[ \t]*\{$/) {
        name = line; sub(/[ \t]*=.*/, "", name)
        p = target(cur)
        if ((p, name) in HAS) die("attribute set twice")
        HAS[p, name] = 1
        inmap = node("attr", name, p); V[inmap] = "const"; J[inmap] = "{"; next
    }
    if (line ~ /^resource[ \t]+"[^"]+"[ \t]+"[^"]+"[ \t]*\{$/) {
        if (sp) die("a resource inside a block")
        split(line, q, "\"")
        if (q[2] == "azurerm_cognitive_account") {
            if (acct) die("a second account")
            acct = node("res", q[4], 0); T[acct] = q[2]; RES[++NRES] = acct; n = acct
        } else { n = node("res", q[4], 0); T[n] = q[2]; RES[++NRES] = n }
        ST[++sp] = cur; cur = n; next
    }
    if (line ~ /^[A-Za-z_][A-Za-z0-9_-]*[ \t]*\{$/) {
        b = line; sub(/[ \t]*\{$/, "", b)
        n = node("block", b, target(cur))
        ST[++sp] = cur; cur = n; next
    }
    if (line == "}") { if (!sp) die("unbalanced }"); cur = ST[sp--]; next }
    if (line ~ /^[A-Za-z_][A-Za-z0-9_-]*[ \t]*=[ \t]*[^ \t]/) {
        name = line; sub(/[ \t]*=.*/, "", name)
        v = line; sub(/^[^=]*=[ \t]*/, "", v)
        p = target(cur)
        if ((p, name) in HAS) die("attribute set twice")
        HAS[p, name] = 1
        value(node("attr", name, p), v); next
    }
    die("unsupported syntax")
}
END {
    if (failed) exit 2
    if (sp || inmap) { print "hcl2plan: unclosed block" > "/dev/stderr"; exit 2 }
    a = account()
    for (r = 1; r <= NRES; r++) DECL[T[RES[r]] "." NM[RES[r]]] = 1
    for (n = 1; n <= N; n++) if (V[n] == "ref" || V[n] == "lref") resolve(n)
    if (failed) exit 2
    split("name=\"tr-prod\" location=\"westeurope\" kind=\"TextTranslation\" sku_name=\"S1\" resource_group_name=\"rg-translator\"", base, " ")
    for (i = 1; i <= 5; i++) {
        k = base[i]; sub(/=.*/, "", k); v = base[i]; sub(/^[^=]*=/, "", v)
        if (!((a, k) in HAS)) { n = node("attr", k, a); V[n] = "const"; J[n] = v }
    }
    printf "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",\"resource_changes\":["
    for (i = 1; i <= NRES; i++) {
        r = RES[i]; addr = T[r] "." NM[r]
        printf "%s{\"address\":%s,\"mode\":\"managed\",\"type\":%s,\"name\":%s,", (i > 1 ? "," : ""), jstr(addr), jstr(T[r]), jstr(NM[r])
        printf "\"provider_name\":\"registry.terraform.io/hashicorp/azurerm\",\"change\":{\"actions\":[\"create\"],\"before\":null,"
        printf "\"after\":%s,\"after_unknown\":%s}}", obj(r, "after"), obj(r, "unk")
    }
    printf "],\"configuration\":{\"root_module\":{\"resources\":["
    for (i = 1; i <= NRES; i++) {
        r = RES[i]; addr = T[r] "." NM[r]
        printf "%s{\"address\":%s,\"mode\":\"managed\",\"type\":%s,\"name\":%s,", (i > 1 ? "," : ""), jstr(addr), jstr(T[r]), jstr(NM[r])
        printf "\"provider_config_key\":\"azurerm\",\"expressions\":%s,\"schema_version\":0}", obj(r, "expr")
    }
    printf "]}}}\n"
}' ${1+"$1"}
}

# arm2template [SNIPPET]: a template with the account tr-prod plus the snippet: a whole
# resource (an account replaces the bare one), the account's "properties" member, or a member
# of its properties.
arm2template() {
    bare='"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "tr-prod", "location": "westeurope", "kind": "TextTranslation", "sku": { "name": "S1" }'
    printf '{\n"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n"contentVersion": "1.0.0.0",\n"resources": [\n'
    if [ $# = 0 ]; then
        printf '{ %s }\n' "$bare"
    else
        first=$(awk 'NF { sub(/^[ \t]+/, ""); print substr($0, 1, 1); exit }' "$1")
        if [ "$first" = "{" ]; then
            if grep -qi '"type"[[:space:]]*:[[:space:]]*"Microsoft\.CognitiveServices/accounts"' "$1"; then
                cat "$1"
            else
                printf '{ %s },\n' "$bare"
                cat "$1"
            fi
        elif awk 'NF { exit !($0 ~ /^[ \t]*"properties"[ \t]*:/) }' "$1"; then
            printf '{ %s,\n' "$bare"
            cat "$1"
            printf '\n}'
        else
            printf '{ %s,\n"properties": {\n' "$bare"
            cat "$1"
            printf '\n}\n}'
        fi
    fi
    printf '\n]\n}\n'
}

# judge ID FILE [FLAGS...]: prints "<status>|<message>" for each result of rule ID, and the
# exit status in $tmp/rc.
judge() {
    id=$1 file=$2
    shift 2
    "$TG" check --format json --show-passed --rule "$id" "$@" "$file" >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/rc"
    awk '
    /"status":/ { s = $0; sub(/.*"status":[ \t]*"/, "", s); sub(/".*/, "", s) }
    /"message":/ { m = $0; sub(/.*"message":[ \t]*"/, "", m); sub(/",?[ \t]*$/, "", m); if (s != "") print s "|" m; s = "" }
    ' "$tmp/out"
}

for id in $(cat "$tmp/ids"); do
    # 1. metadata
    for f in id name severity title rationale remediation arm_snippet terraform_snippet; do
        if [ -s "$tmp/$id.$f" ] && grep -q '[^[:space:]]' "$tmp/$id.$f"; then ok; else bad "$id: metadata field $f is empty"; fi
    done
    case $(cat "$tmp/$id.severity" 2>/dev/null) in
    critical | high | medium | low | info) ok ;;
    *) bad "$id: severity '$(cat "$tmp/$id.severity" 2>/dev/null)' is not critical, high, medium, low or info" ;;
    esac

    # 2. docs page
    page=docs/rules/$id.md
    if [ ! -f "$page" ]; then
        bad "$id: no page $page"
    else
        for f in id name title; do
            v=$(cat "$tmp/$id.$f" 2>/dev/null)
            if [ -n "$v" ] && grep -qF -- "$v" "$page"; then ok; else bad "$id: $page does not give the $f '$v'"; fi
        done
        v=$(cat "$tmp/$id.severity" 2>/dev/null)
        if grep -qF -- "| Severity | $v |" "$page"; then ok; else bad "$id: $page does not give the severity '$v' (| Severity | $v |)"; fi
        for f in azure_policy mcsb; do
            label=$([ $f = mcsb ] && echo "MCSB control" || echo "Azure Policy built-in")
            v=$(cat "$tmp/$id.$f" 2>/dev/null)
            if [ -n "$v" ]; then
                v=${v##*/} # the definition GUID
                if grep -F -- "$label" "$page" | grep -qF -- "$v"; then ok; else bad "$id: $page: the '$label' line does not give '$v' (metadata $f)"; fi
            else
                if grep -F -- "$label" "$page" | grep -qi 'none'; then ok; else bad "$id: metadata $f is empty and $page does not say none on its '$label' line"; fi
            fi
        done
        # every fixture linked, and every fixture link resolves
        for fx in fixtures/rules/"$id"/*/*.json; do
            [ -f "$fx" ] || continue
            if grep -qF "../../$fx" "$page"; then ok; else bad "$id: $page does not link the fixture $fx"; fi
        done
        for link in $(grep -o '(\.\./\.\./fixtures/[^)]*)' "$page" | sed 's/^(\.\.\/\.\.\///; s/)$//'); do
            if [ -f "$link" ]; then ok; else bad "$id: $page links $link, which does not exist"; fi
        done
        if grep -qF "($id.md)" docs/rules/README.md 2>/dev/null; then ok; else bad "$id: docs/rules/README.md does not link $id.md"; fi
    fi

    # 3. fixtures
    for fmt in arm tfplan; do
        for want in pass fail; do
            if ls fixtures/rules/"$id"/$fmt/$want-*.json >/dev/null 2>&1; then ok; else bad "$id: no fixtures/rules/$id/$fmt/$want-*.json"; fi
        done
    done

    # 4. title, message and logic agree: the compliant snippets pass, the bare account does not
    exempt=no na_ok=no
    for e in $BARE_PASSES; do [ "$e" = "$id" ] && exempt=yes; done
    for e in $BARE_NA; do [ "$e" = "$id" ] && na_ok=yes; done
    cfg=fixtures/rules/$id/.transguard.yaml
    for fmt in arm tfplan; do
        if [ $fmt = arm ]; then
            snip=$tmp/$id.arm_snippet
            arm2template "$snip" >"$tmp/$id-$fmt-snippet.json"
            arm2template >"$tmp/$id-$fmt-bare.json"
            # shellcheck disable=SC2086 # word splitting wanted
            set -- $ARM_CONTEXT
            [ -f "$cfg" ] && set -- "$@" --config "$cfg"
        else
            snip=$tmp/$id.terraform_snippet
            if ! hcl2plan "$snip" >"$tmp/$id-$fmt-snippet.json" 2>"$tmp/hcl.err"; then
                bad "$id: the Terraform snippet cannot be read: $(cat "$tmp/hcl.err")"
                continue
            fi
            hcl2plan </dev/null >"$tmp/$id-$fmt-bare.json"
            set --
            [ -f "$cfg" ] && set -- --config "$cfg"
        fi
        [ -s "$snip" ] || continue
        res=$(judge "$id" "$tmp/$id-$fmt-snippet.json" "$@")
        rc=$(cat "$tmp/rc")
        if [ "$rc" -gt 1 ]; then
            bad "$id: the $fmt snippet, wrapped, does not check (exit $rc): $(head -3 "$tmp/err" "$tmp/out" | tr '\n' ' ')"
            continue
        fi
        if [ -n "$res" ] && ! printf '%s\n' "$res" | grep -qv '^pass|'; then
            ok
        else
            bad "$id: the compliant $fmt snippet does not pass the rule: ${res:-no result}"
            continue
        fi
        snip_msg=$(printf '%s\n' "$res" | sed -n '1s/^[^|]*|//p')
        bres=$(judge "$id" "$tmp/$id-$fmt-bare.json" "$@")
        bstatus=$(printf '%s\n' "$bres" | sed -n '1s/|.*//p')
        bmsg=$(printf '%s\n' "$bres" | sed -n '1s/^[^|]*|//p')
        case $bstatus in
        fail | unknown) ok ;;
        n/a) if [ $na_ok = yes ]; then ok; else bad "$id: ($fmt) the bare account gets 'n/a' ($bmsg), not fail or unknown"; fi ;;
        pass)
            if [ $exempt = yes ] && [ "$bmsg" != "$snip_msg" ]; then
                ok
            elif [ $exempt = yes ]; then
                bad "$id: ($fmt) the bare account and the snippet pass with the same message: the snippet changes nothing"
            else
                bad "$id: ($fmt) the bare account, without the snippet, passes too ($bmsg): the rule does not check what the snippet fixes"
            fi
            ;;
        n/a) if [ $na_ok = yes ]; then ok; else bad "$id: ($fmt) the bare account gets 'n/a' ($bmsg), not fail or unknown"; fi ;;
        *) bad "$id: ($fmt) the bare account gets '${bstatus:-no result}' ($bmsg), not fail or unknown" ;;
        esac
    done
done

# no page for a rule that does not exist
for page in docs/rules/TG*.md; do
    [ -f "$page" ] || continue
    pid=$(basename "$page" .md)
    if grep -qx "$pid" "$tmp/ids"; then ok; else bad "$page: no rule $pid"; fi
done

for e in $BARE_PASSES; do echo "note: $e: bare account may pass: $(bare_passes_why "$e")"; done
for e in $BARE_NA; do echo "note: $e: bare account may be n/a: $(bare_na_why "$e")"; done
echo "rule metadata: $okn checks passed, $failn failed"
[ "$failn" = 0 ]
