#!/bin/sh
# Command-line tests as data: each tests/cli/cases/NAME.case holds the arguments, the
# expected exit status and what stdout/stderr must and must not contain; NAME.stdout,
# when present, is the exact expected standard output. Run from the repository root:
#   sh tests/cli/run.sh build/transguard
# Generated inputs (too big or too odd to keep in git) are written to $TMP first; cases
# refer to them as $TMP/... .
set -u
TG=${1:?usage: run.sh path/to/transguard}
case $TG in /*) ;; *) TG=$(pwd)/$TG ;; esac
ROOT=$(pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

sh "$ROOT/tests/cli/generate.sh" "$TMP"

pass=0 failn=0
for case_file in "$ROOT"/tests/cli/cases/*.case; do
    name=$(basename "$case_file" .case)
    args="" expect_exit="" envs="" cwd="$ROOT" tty=""
    : >"$TMP/has.out"; : >"$TMP/lacks.out"; : >"$TMP/has.err"; : >"$TMP/lacks.err"; : >"$TMP/has.file"
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
        "#"*|"") ;;
        args:*) args=${line#args:} ;;
        exit:*) expect_exit=$(echo "${line#exit:}" | tr -d ' ') ;;
        env:*) envs="$envs ${line#env:}" ;;
        tty:*) tty=yes ;;
        file-has:*) printf '%s\n' "${line#file-has: }" >>"$TMP/has.file" ;;
        cwd:*) cwd=$(echo "${line#cwd:}" | sed "s|\$TMP|$TMP|g; s|\$ROOT|$ROOT|g" | sed 's/^ *//') ;;
        stdout-has:*) printf '%b\n' "${line#stdout-has: }" >>"$TMP/has.out" ;;
        stdout-lacks:*) printf '%b\n' "${line#stdout-lacks: }" >>"$TMP/lacks.out" ;;
        stderr-has:*) printf '%s\n' "${line#stderr-has: }" >>"$TMP/has.err" ;;
        stderr-lacks:*) printf '%s\n' "${line#stderr-lacks: }" >>"$TMP/lacks.err" ;;
        *) echo "FAIL $name: cannot read line: $line"; failn=$((failn + 1)); continue 2 ;;
        esac
    done <"$case_file"
    args=$(printf '%s' "$args" | sed "s|\$TMP|$TMP|g; s|\$ROOT|$ROOT|g")
    rm -f "$TMP"/output.*
    if [ -n "$tty" ]; then
        # under a pseudo-terminal (util-linux script), to see what a person would see
        (cd "$cwd" && env $envs timeout 60 script -qefc "$TG $args" /dev/null) >"$TMP/out" 2>"$TMP/err" </dev/null
    else
        # shellcheck disable=SC2086
        (cd "$cwd" && env $envs timeout 60 "$TG" $args) >"$TMP/out" 2>"$TMP/err"
    fi
    rc=$?
    why=""
    [ "$rc" = "$expect_exit" ] || why="exit $rc, expected $expect_exit"
    while IFS= read -r want; do
        grep -qF -- "$want" "$TMP/out" || why="$why; stdout lacks: $want"
    done <"$TMP/has.out"
    while IFS= read -r bad; do
        ! grep -qF -- "$bad" "$TMP/out" || why="$why; stdout has: $bad"
    done <"$TMP/lacks.out"
    while IFS= read -r want; do
        grep -qF -- "$want" "$TMP/err" || why="$why; stderr lacks: $want"
    done <"$TMP/has.err"
    while IFS= read -r spec; do
        f=${spec%% *} want=${spec#* }
        grep -qF -- "$want" "$TMP/$f" 2>/dev/null || why="$why; $f lacks: $want"
    done <"$TMP/has.file"
    while IFS= read -r bad; do
        ! grep -qF -- "$bad" "$TMP/err" || why="$why; stderr has: $bad"
    done <"$TMP/lacks.err"
    if [ -f "$ROOT/tests/cli/cases/$name.stdout" ] && ! cmp -s "$ROOT/tests/cli/cases/$name.stdout" "$TMP/out"; then
        why="$why; stdout differs from $name.stdout:
$(diff "$ROOT/tests/cli/cases/$name.stdout" "$TMP/out" | head -20)"
    fi
    if [ -n "$why" ]; then
        failn=$((failn + 1))
        echo "FAIL $name: ${why#; }"
        echo "  stdout: $(head -c 600 "$TMP/out")"
        echo "  stderr: $(head -c 600 "$TMP/err")"
    else
        pass=$((pass + 1))
    fi
done
echo "cli tests: $pass passed, $failn failed"
[ "$failn" = 0 ]
