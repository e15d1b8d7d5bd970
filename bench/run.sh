#!/usr/bin/env bash
# run.sh - the batch benchmark: dzp-plan against Open Babel's own SMILES
# round trip on the same targets, --jobs 1 against --jobs 2, and peak memory
# on 1k against 20k rows.
#
# Usage: bash bench/run.sh [BUILD_DIR]      (default: build)
#
# Builds nothing: run `bash .ci/setup` first.  Each command runs under
# `/usr/bin/time -v`, which gives the wall-clock time and the peak resident
# set size.  With worker processes, that peak is the largest single process,
# not the sum of all of them.  dzp-plan may exit 1 or 2 on this series
# (there are rows with no route, and rows with invalid SMILES on purpose),
# so a dzp-plan run counts as failed only when it exits otherwise or does
# not print one JSON line per row.  The script exits non-zero only when a
# command fails, never because a speed goal is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-build}"
plan="$build/dzp-plan"
gen="$build/bench/dzp-gen-series"
series10k="molecules/bench_10k.smi"
series1k="molecules/bench_1k.smi"

die() { echo "bench/run.sh: $*" >&2; exit 1; }

command -v obabel >/dev/null ||
  die "obabel not found: install the Debian package openbabel (apt-get install openbabel)"
command -v /usr/bin/time >/dev/null ||
  die "/usr/bin/time not found: install the Debian package time (apt-get install time)"
for bin in "$plan" "$gen"; do
  [ -x "$bin" ] || die "$bin not found: run 'bash .ci/setup' first (or pass the build directory)"
done
for f in "$series10k" "$series1k"; do
  [ -r "$f" ] || die "$f not found: see molecules/README.md to regenerate it"
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Data rows of a .smi file (not blank, not a # comment).
rows_of() { grep -cv -e '^[[:space:]]*$' -e '^#' "$1"; }

# Seconds and peak RSS (MB) from a `time -v` report, as "SECONDS MB".
parse_time() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
                               for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.2f %.1f\n", s, kb / 1024 }' "$1"
}

results="$tmp/results"
: > "$results"

# Record one row of the table: KEY LABEL ROWS TIME_REPORT.
record() {
  local secs mb
  read -r secs mb < <(parse_time "$4")
  echo "$1 $2 $3 $secs $mb" >> "$results"
}

# obabel -ismi FILE -ocan on a SMILES-only file; KEY LABEL FILE.  -e makes
# obabel skip a row it cannot parse: without it, it stops at the first one.
time_obabel() {
  local rows
  rows="$(rows_of "$3")"
  /usr/bin/time -v -o "$tmp/time" obabel -ismi "$3" -ocan -e -O /dev/null 2> "$tmp/err" ||
    die "obabel failed on $3: $(tail -n 3 "$tmp/err")"
  obabel_converted="$(awk '/molecules? converted/ { n = $1 } END { print n + 0 }' "$tmp/err")"
  record "$1" "$2" "$rows" "$tmp/time"
}

# dzp-plan --batch FILE --format json --quiet --jobs N; KEY LABEL FILE N.
time_plan() {
  local rows lines rc
  rows="$(rows_of "$3")"
  set +e
  /usr/bin/time -v -o "$tmp/time" "$plan" --from C1CNCCNC1 --batch "$3" --format json \
    --quiet --jobs "$4" 2> "$tmp/err" | wc -l > "$tmp/lines"
  rc="${PIPESTATUS[0]}"
  set -e
  lines="$(cat "$tmp/lines")"
  if [ "$rc" -gt 2 ] || [ "$lines" -ne "$rows" ]; then
    die "dzp-plan --batch $3 --jobs $4 exited $rc with $lines JSON lines for $rows rows: $(tail -n 3 "$tmp/err")"
  fi
  record "$1" "$2" "$rows" "$tmp/time"
}

series20k="$tmp/bench_20k.smi"
smiles10k="$tmp/bench_10k_smiles.smi"
"$gen" --count 20000 --seed 1 > "$series20k" || die "$gen --count 20000 failed"
cut -d ' ' -f 1 "$series10k" > "$smiles10k"

echo "bench/run.sh: timing on $(nproc) CPU(s); this takes a while" >&2
time_obabel obabel "obabel -ismi -ocan -e" "$smiles10k"
time_plan j1 "dzp-plan --jobs 1" "$series10k" 1
time_plan j2 "dzp-plan --jobs 2" "$series10k" 2
time_plan m1k "dzp-plan --jobs 1 (1k)" "$series1k" 1
time_plan m20k "dzp-plan --jobs 1 (20k)" "$series20k" 1

awk '
  { key[NR] = $1; rows[$1] = $(NF - 2); secs[$1] = $(NF - 1); mb[$1] = $NF
    label[$1] = $2; for (i = 3; i <= NF - 3; i++) label[$1] = label[$1] " " $i }
  function rate(k) { return secs[k] > 0 ? sprintf("%.0f", rows[k] / secs[k]) : "n/a" }
  function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
  END {
    printf "| %-26s | %6s | %8s | %10s | %12s |\n", "tool", "rows", "seconds", "targets/s", "peak RSS MB"
    printf "|%s|%s|%s|%s|%s|\n", "----------------------------", "--------", "----------",
           "------------", "--------------"
    for (i = 1; i <= NR; i++) { k = key[i]
      printf "| %-26s | %6d | %8.2f | %10s | %12.1f |\n", label[k], rows[k], secs[k], rate(k), mb[k] }
    print ""
    printf "dzp-plan (jobs 1) / obabel, time per target:  %s\n",
           ratio(secs["j1"] / rows["j1"], secs["obabel"] / rows["obabel"])
    printf "speedup, jobs 1 / jobs 2:                     %s\n", ratio(secs["j1"], secs["j2"])
    printf "peak memory, 20k / 1k rows:                   %s\n", ratio(mb["m20k"], mb["m1k"])
  }' "$results"
echo "(obabel wrote $obabel_converted canonical SMILES: it skips what it cannot parse and accepts some bad rows)"
