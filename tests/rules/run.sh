#!/bin/sh
# Runs every rule fixture: fixtures/rules/<ID>/<format>/<expected>-<what>.json, where
# <expected> is pass, fail, unknown or na. Every Translator account in the file must get
# exactly that status from rule <ID> (and at least one account must be judged). Each
# rule must have at least one pass and one fail fixture.
#   sh tests/rules/run.sh build/transguard
set -u
TG=${1:?usage: run.sh path/to/transguard}
pass=0 failn=0
for dir in fixtures/rules/*/; do
    id=$(basename "$dir")
    for want in pass fail; do
        if ! ls "$dir"arm/"$want"-*.json >/dev/null 2>&1; then
            echo "FAIL $id: no arm/$want-*.json fixture"
            failn=$((failn + 1))
        fi
    done
    for f in "$dir"*/*.json; do
        case $f in *.parameters.json) continue ;; esac # read with their template
        [ -f "$f" ] || continue
        base=$(basename "$f")
        want=${base%%-*}
        [ "$want" = na ] && want=n/a
        out=$(timeout 30 "$TG" check --format json --show-passed --rule "$id" "$f" 2>&1)
        rc=$?
        statuses=$(printf '%s\n' "$out" | grep -o '"status":[[:space:]]*"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
        rules=$(printf '%s\n' "$out" | grep -o '"rule":[[:space:]]*"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' | sort -u)
        why=""
        [ "$rc" -le 1 ] || why="exit status $rc"
        [ -n "$statuses" ] || why="$why; no account judged"
        for s in $statuses; do
            [ "$s" = "$want" ] || why="$why; got $s"
        done
        for r in $rules; do
            [ "$r" = "$id" ] || why="$why; result for rule $r"
        done
        if [ -n "$why" ]; then
            failn=$((failn + 1))
            echo "FAIL $f: expected $want: ${why#; }"
            printf '%s\n' "$out" | grep -E '"(status|message)"' | head -8 | sed 's/^/    /'
        else
            pass=$((pass + 1))
        fi
    done
done
echo "rule fixtures: $pass passed, $failn failed"
[ "$failn" = 0 ]
