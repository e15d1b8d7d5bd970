#!/usr/bin/env bash
# run.sh - the batch benchmark: dzp-plan against Open Babel's own SMILES
# round trip on the same targets, --jobs 1 against --jobs 2 (and that both
# print the same bytes) and against the machine's own ceiling (two separate
# --jobs 1 runs on the halves at once), and peak memory on 5,000 against
# 20,000 rows.
#
# The targets are generated, nearly unique ones (dzp-gen-series --unique:
# no target twice, as in a real compound list; only the few invalid rows
# repeat), 5,000 and 20,000 of them (obabel converts the 5,000);
# the committed series molecules/bench_10k.smi (with repeats, invalid and
# unplannable rows) is timed too.
# Usage: bash bench/run.sh [BUILD_DIR]      (default: build)
#
# Builds nothing: run `bash .ci/setup` first.  Each command runs under
# `/usr/bin/time -v`, which gives the wall-clock time and the peak resident
# set size.  With worker processes, that peak is the largest single process,
# not the sum of all of them.  dzp-plan may exit 1 or 2 on this series
# (there are rows with no route, and rows with invalid SMILES on purpose),
# so a dzp-plan run counts as failed only when it exits otherwise or does
# not print one JSON line per row.  The script exits non-zero when a
# command fails or --jobs 2 prints other bytes than --jobs 1, never because
# a speed goal is missed (the goals are printed beside the results).
set -euo pipefail

case "${1:-}" in
-h|--help) sed -n '2,/^set -e/p' "$0" | sed -e '/^set -e/d' -e 's/^# \{0,1\}//'; exit 0 ;;
esac
# BUILD_DIR is a path from where the script is run; it works from the root.
case "${1:-}" in
"") build="$(cd "$(dirname "$0")/.." && pwd)/build" ;;
/*) build="$1" ;;
*) build="$PWD/$1" ;;
esac
cd "$(dirname "$0")/.."

plan="$build/dzp-plan"
gen="$build/bench/dzp-gen-series"
series10k="molecules/bench_10k.smi"

die() { echo "bench/run.sh: $*" >&2; exit 1; }

command -v obabel >/dev/null ||
  die "obabel not found: install the Debian package openbabel (apt-get install openbabel)"
command -v /usr/bin/time >/dev/null ||
  die "/usr/bin/time not found: install the Debian package time (apt-get install time)"
for bin in "$plan" "$gen"; do
  [ -x "$bin" ] || die "$bin not found: run 'bash .ci/setup' first (or pass the build directory)"
done
for f in "$series10k"; do
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

# dzp-plan --batch FILE --format json --quiet --jobs N > OUT; KEY LABEL FILE N OUT.
time_plan() {
  local rows lines rc
  rows="$(rows_of "$3")"
  set +e
  /usr/bin/time -v -o "$tmp/time" "$plan" --from C1CNCCNC1 --batch "$3" --format json \
    --quiet --jobs "$4" > "$5" 2> "$tmp/err"
  rc="$?"
  set -e
  lines="$(wc -l < "$5")"
  if [ "$rc" -gt 2 ] || [ "$lines" -ne "$rows" ]; then
    die "dzp-plan --batch $3 --jobs $4 exited $rc with $lines JSON lines for $rows rows: $(tail -n 3 "$tmp/err")"
  fi
  record "$1" "$2" "$rows" "$tmp/time"
}

# The machine's own ceiling for two processes: the 5,000 rows as two halves,
# each planned by its own `dzp-plan --jobs 1`, both at once.  On a shared
# or throttled machine two processes get less than twice the CPU, and
# --jobs 2 cannot beat this.  KEY LABEL FILE.
time_halves() {
  local rows half
  rows="$(rows_of "$3")"
  half=$(( (rows + 1) / 2 ))
  head -n "$half" "$3" > "$tmp/half1.smi"
  tail -n +"$((half + 1))" "$3" > "$tmp/half2.smi"
  /usr/bin/time -v -o "$tmp/time" bash -c '
    "$1" --from C1CNCCNC1 --batch "$2" --format json --quiet --jobs 1 > /dev/null 2>&1 &
    "$1" --from C1CNCCNC1 --batch "$3" --format json --quiet --jobs 1 > /dev/null 2>&1
    wait' _ "$plan" "$tmp/half1.smi" "$tmp/half2.smi"
  record "$1" "$2" "$rows" "$tmp/time"
}

series5k="$tmp/unique_5k.smi"
series20k="$tmp/unique_20k.smi"
smiles5k="$tmp/unique_5k_smiles.smi"
smiles10k="$tmp/bench_10k_smiles.smi"
"$gen" --count 5000 --seed 1 --unique > "$series5k" || die "$gen --count 5000 failed"
"$gen" --count 20000 --seed 1 --unique > "$series20k" || die "$gen --count 20000 failed"
cut -d ' ' -f 1 "$series5k" > "$smiles5k"
cut -d ' ' -f 1 "$series10k" > "$smiles10k"

# --jobs output is compared byte for byte: fix the date every report records.
export SOURCE_DATE_EPOCH=0
echo "bench/run.sh: timing on $(nproc) CPU(s); this takes a few minutes" >&2
time_obabel obabel "obabel -ismi -ocan -e" "$smiles5k"
time_plan j1 "dzp-plan --jobs 1" "$series5k" 1 "$tmp/j1.json"
time_plan j2 "dzp-plan --jobs 2" "$series5k" 2 "$tmp/j2.json"
time_halves halves "two --jobs 1 on halves" "$series5k"
time_plan m20k "dzp-plan --jobs 1 (20k)" "$series20k" 1 "$tmp/m20k.json"
time_obabel obabel10k "obabel, bench_10k.smi" "$smiles10k"
time_plan b10k "dzp-plan, bench_10k.smi" "$series10k" 1 "$tmp/b10k.json"
if cmp -s "$tmp/j1.json" "$tmp/j2.json"; then same=yes; else same=NO; fi

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
    printf "dzp-plan (jobs 1) / obabel, time per target, 5k unique:  %s (goal 3, floor about 2)\n",
           ratio(secs["j1"] / rows["j1"], secs["obabel"] / rows["obabel"])
    printf "the same on bench_10k.smi:                              %s\n",
           ratio(secs["b10k"] / rows["b10k"], secs["obabel10k"] / rows["obabel10k"])
    printf "speedup, jobs 1 / jobs 2:                               %s (goal 1.8)\n",
           ratio(secs["j1"], secs["j2"])
    printf "the machine, two processes on halves at once:           %s (its ceiling for jobs 2)\n",
           ratio(secs["j1"], secs["halves"])
    printf "peak memory, 20k / 5k rows:                             %s (goal 1.15, under 96 MB)\n",
           ratio(mb["m20k"], mb["j1"])
  }' "$results"
echo "jobs 1 and jobs 2 printed the same bytes: $same"
[ "$same" = yes ] || die "--jobs 2 printed other bytes than --jobs 1 on the same rows"
echo "(obabel wrote $obabel_converted canonical SMILES of bench_10k.smi: it skips what it cannot parse and accepts some bad rows)"
