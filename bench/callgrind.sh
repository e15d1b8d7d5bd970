#!/usr/bin/env bash
# callgrind.sh - where the planner's instructions go, per target, side by side
# with Open Babel's own `obabel -ismi -ocan` of the same targets.
#
# Usage: bash bench/callgrind.sh [BUILD_DIR] [ROWS] [OUT_DIR]
#        (defaults: build, 200 rows, a new temporary directory; relative
#        paths are taken from where you run it)
#
# Generates ROWS distinct targets (dzp-gen-series --unique), runs both
# programs under valgrind's callgrind (instruction counts: exact and
# repeatable, unlike wall time on a shared machine), and prints the
# instructions per target of each, their ratio, and the planner's heaviest
# functions (inclusive: a function that calls itself, like Open Babel's
# canonical labelling, is counted more than once, so only dzp-plan's own
# functions are listed).  The raw profiles stay in OUT_DIR for
# callgrind_annotate or kcachegrind.  Start-up (loading the rules, Open
# Babel's plugins) is measured by a run on one target and subtracted, so
# the figures are the cost per target of a long batch.
set -euo pipefail

die() { echo "bench/callgrind.sh: $*" >&2; exit 1; }
case "${1:-}" in
-h|--help) sed -n '2,/^set -e/p' "$0" | sed -e '/^set -e/d' -e 's/^# \{0,1\}//'; exit 0 ;;
esac
# Arguments are paths from where the script is run; it works from the root.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
build="$(absolute "${1:-build}")"
[ -n "${1:-}" ] || build="$(cd "$(dirname "$0")/.." && pwd)/build"
rows="${2-200}"
out="$(absolute "${3:-$(mktemp -d "${TMPDIR:-/tmp}/dzp-callgrind.XXXXXX")}")"
cd "$(dirname "$0")/.."
plan="$build/dzp-plan"
gen="$build/bench/dzp-gen-series"
command -v valgrind >/dev/null ||
  die "valgrind not found: install the Debian package valgrind (apt-get install valgrind)"
command -v obabel >/dev/null ||
  die "obabel not found: install the Debian package openbabel (apt-get install openbabel)"
for bin in "$plan" "$gen"; do
  [ -x "$bin" ] || die "$bin not found: run 'bash .ci/setup' first (or pass the build directory)"
done
case "$rows" in ''|*[!0-9]*) die "ROWS must be a whole number, not '$rows'" ;; esac
[ "$rows" -ge 2 ] || die "ROWS must be at least 2"

mkdir -p "$out"
"$gen" --count "$rows" --seed 11 --unique > "$out/targets.smi"
head -n 1 "$out/targets.smi" > "$out/one.smi"
cut -d ' ' -f 1 "$out/targets.smi" > "$out/targets-smiles.smi"
cut -d ' ' -f 1 "$out/one.smi" > "$out/one-smiles.smi"

# Total instructions of one callgrind run: NAME then the command.  The
# command may exit 1 or 2 (rows with no route or invalid rows); a crash or
# a profile without its summary stops the script.
instructions() {
  local name="$1" rc=0; shift
  valgrind --tool=callgrind --callgrind-out-file="$out/$name.callgrind" "$@" \
    > /dev/null 2> "$out/$name.log" || rc=$?
  [ "$rc" -le 2 ] || die "$name exited $rc under valgrind: see $out/$name.log"
  local total
  total="$(awk '/^summary:/ { print $2 }' "$out/$name.callgrind" 2>/dev/null)"
  [ -n "$total" ] || die "$name left no callgrind summary: see $out/$name.log"
  echo "$total"
}

plan_args=(--from C1CNCCNC1 --format json --quiet --jobs 1)
echo "bench/callgrind.sh: profiling $rows targets (this takes a few minutes)" >&2
p_all=$(instructions plan "$plan" "${plan_args[@]}" --batch "$out/targets.smi")
p_one=$(instructions plan-one "$plan" "${plan_args[@]}" --batch "$out/one.smi")
o_all=$(instructions obabel obabel -ismi "$out/targets-smiles.smi" -ocan -e -O /dev/null)
o_one=$(instructions obabel-one obabel -ismi "$out/one-smiles.smi" -ocan -e -O /dev/null)

awk -v pa="$p_all" -v po="$p_one" -v oa="$o_all" -v oo="$o_one" -v n="$rows" 'BEGIN {
  p = (pa - po) / (n - 1); o = (oa - oo) / (n - 1)
  printf "instructions per target, start-up subtracted (%d targets):\n", n
  printf "  obabel -ismi -ocan        %12.0f\n", o
  printf "  dzp-plan --format json    %12.0f\n", p
  printf "  ratio                     %12.2f\n", p / o
  printf "start-up: dzp-plan %.0fM, obabel %.0fM instructions\n", po / 1e6, oo / 1e6
}'
echo
echo "dzp-plan's heaviest functions of its own (inclusive, whole run):"
callgrind_annotate --inclusive=yes "$out/plan.callgrind" 2>/dev/null |
  sed -e 's/ \[[^]]*\]$//' -e "s|$PWD/||" |
  awk '/^-+$/ { n++; next }
       n >= 3 && $2 ~ /^\(/ && $NF ~ /^src\// {
         name = $NF; sub(/\x27[0-9]+$/, "", name)
         if (!seen[name]++ && shown++ < 30) print }' | cut -c1-140
echo "(raw profiles in $out)"
