#!/bin/sh
# Writes the generated hostile and odd inputs the command-line cases use into $1.
set -eu
out=$1
head='{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0","resources":['
acct='{"type":"Microsoft.CognitiveServices/accounts","apiVersion":"2024-10-01","name":"tr-ok","location":"westeurope","kind":"TextTranslation","sku":{"name":"S1"},"properties":{"publicNetworkAccess":"Disabled"}}'

# JSON nested 100,000 deep
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' >"$out/deep.json"
# a 1 MB string value inside a valid template
awk -v h="$head" -v a="$acct" 'BEGIN { printf "%s%s,{\"type\":\"Microsoft.Storage/storageAccounts\",\"name\":\"s\",\"properties\":{\"x\":\"", h, a;
  for (i = 0; i < 1048576; i++) printf "x"; print "\"}}]}" }' >"$out/bigstring.json"
# numbers beyond 2^63 and an out-of-range number
printf '%s%s,{"type":"x/y","name":"n","properties":{"big":92233720368547758080000}}]}\n' "$head" "$acct" >"$out/bignum.json"
printf '%s%s,{"type":"x/y","name":"n","properties":{"huge":1e400}}]}\n' "$head" "$acct" >"$out/hugenum.json"
# invalid UTF-8 on line 3
printf '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.\377",\n  "resources": []\n}\n' >"$out/badutf8.json"
# a NUL byte on line 2
printf '{\n  "a": "x\000y"\n}\n' >"$out/nul.json"
# a double BOM
printf '\357\273\277\357\273\277{}\n' >"$out/doublebom.json"
# truncated template
printf '%s%s' "$head" "$acct" | head -c 200 >"$out/truncated.json"
# UTF-16LE with BOM (what PowerShell > writes) holding a good template
printf '%s%s]}\r\n' "$head" "$acct" | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } >"$out/utf16.json"
# a folder: one good template, one broken, one unrelated JSON, one Bicep file
mkdir -p "$out/mixed/sub"
printf '%s%s]}\n' "$head" "$acct" >"$out/mixed/good.json"
printf '{ "resources": [ \n' >"$out/mixed/broken.json"
printf '{"name":"my-package","version":"1.0.0"}\n' >"$out/mixed/package.json"
printf 'param name string\n' >"$out/mixed/sub/main.bicep"
# Terraform: a plan (not yet supported) and a state file (reported, not checked)
printf '{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{}},"resource_changes":[]}\n' >"$out/plan.json"
printf '{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{}}}\n' >"$out/state.json"
mkfifo "$out/fifo.json"
printf '{"a":1}' | iconv -t UTF-16LE > "$out/utf16-nobom.json"
printf '{"format_version":"2.0","planned_values":{"root_module":{}},"resource_changes":[]}\n' >"$out/plan2.json"
