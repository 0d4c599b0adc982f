#!/bin/sh
# Runs the product over every JSON file of the shared real-world corpus: no crash, no
# hang, and every file either checked or reported with a reason (an error, or a note
# saying why it was skipped). For the ARM templates, the accounts found and every rule's
# verdict must equal tests/corpus/expected/<name>.txt — verdicts checked by reading each
# template (no file there: the template deploys no account). Skipped, with a message,
# when ../shared is absent.
#   sh tests/corpus/run.sh build/transguard
set -u
TG=${1:?usage: run.sh path/to/transguard}
CORPUS=${TG_CORPUS:-../shared/corpus}
if [ ! -d "$CORPUS" ]; then
    echo "corpus test skipped: $CORPUS is not here (it lives beside the repository)"
    exit 0
fi
pass=0 failn=0
for f in $(find "$CORPUS/arm" "$CORPUS/tfplan" -name '*.json' | sort); do
    out=$(timeout 30 "$TG" check --format json --show-passed "$f" 2>/dev/null)
    rc=$?
    why=""
    if [ "$rc" -gt 2 ]; then
        why="exit status $rc (crash or hang)"
    else
        fmt=$(printf '%s\n' "$out" | grep -o '"format":[[:space:]]*"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
        case $fmt in
        arm|arm-parameters|tfplan) ;;
        "") why="not listed in files[]" ;;
        *) printf '%s\n' "$out" | grep -qE '"(note|error)":[[:space:]]*"' || why="format $fmt without a reason" ;;
        esac
    fi
    expected="tests/corpus/expected/$(basename "$f" .json).txt"
    actual=$(printf '%s\n' "$out" | awk -f tests/corpus/verdicts.awk)
    if [ -z "$why" ] && [ -f "$expected" ]; then
        printf '%s\n' "$actual" | cmp -s - "$expected" || why="verdicts differ from $expected:
$(printf '%s\n' "$actual" | diff "$expected" - | head -20)"
    elif [ -z "$why" ] && [ -n "$actual" ]; then
        why="accounts found but no $expected"
    fi
    if [ -n "$why" ]; then
        failn=$((failn + 1))
        echo "FAIL $f: $why"
    else
        pass=$((pass + 1))
    fi
done
echo "corpus: $pass files handled, $failn failed"
[ "$failn" = 0 ]
