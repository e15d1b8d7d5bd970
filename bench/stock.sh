#!/usr/bin/env bash
# stock.sh - what --stock FILE costs: dzp-plan reading a large file of
# building blocks (canonicalized on one thread per CPU, then held in a hash
# set) before it plans a small series, against the same series planned
# without a stock (the difference is the stock's own cost) and against Open
# Babel canonicalizing the same molecules (obabel -ocan, one thread: the
# floor for the canonicalization).  Two stock sizes show how it scales.
#
# Usage: bash bench/stock.sh [BUILD_DIR]      (default: build)
#
# Environment (all optional):
#   ROWS=1000000       rows of the large stock
#   SMALL_ROWS=100000  rows of the small stock (0: skip it)
#   TARGETS=100        targets planned: the first rows of molecules/bench_1k.smi
#   JOBS=2             --jobs of the extra large-stock run (1: skip it)
#
# Builds nothing: run `bash .ci/setup` first.  The stock is generated here,
# deterministically and without the network, by a small python3 program
# (stdlib only): an aryl or heteroaryl ring A carrying a synthetic handle
# (aldehyde, aryl bromide or iodide, acid chloride, acid, amines, sulfonyl
# chloride, boronic acid, benzyl bromide, alcohols, alkyne), optionally a
# substituent, and a linker to a substituted ring B.  A handle is never a
# substituent and ring B has no handle, so no two rows are the same molecule
# (checked once against obabel -ocan for 1,000,000 rows).  A few real
# building blocks the planner asks for come first (1-Boc-homopiperazine,
# furfural, 4-bromotoluene...).  The small stock is the first rows of the
# large one.
#
# Each command runs under `/usr/bin/time -v` (wall clock, user + system CPU,
# peak resident set size of the largest single process: with --jobs that is
# one process, not the sum).  dzp-plan runs without --quiet so that its
# "stock: N building blocks" line can be checked against the rows written;
# the progress line it adds goes to a file.  dzp-plan exits 1 or 2 on this
# series (rows with no route, invalid rows on purpose); a run counts as
# failed only when it exits otherwise, does not print one JSON line per
# target, or keeps another number of building blocks than the stock holds.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-build}"
plan="$build/dzp-plan"
series="molecules/bench_1k.smi"
rows="${ROWS:-1000000}"
small_rows="${SMALL_ROWS:-100000}"
targets="${TARGETS:-100}"
jobs="${JOBS:-2}"

die() { echo "bench/stock.sh: $*" >&2; exit 1; }

command -v obabel >/dev/null ||
  die "obabel not found: install the Debian package openbabel (apt-get install openbabel)"
command -v /usr/bin/time >/dev/null ||
  die "/usr/bin/time not found: install the Debian package time (apt-get install time)"
command -v python3 >/dev/null || die "python3 not found (it generates the stock)"
[ -x "$plan" ] || die "$plan not found: run 'bash .ci/setup' first (or pass the build directory)"
[ -r "$series" ] || die "$series not found: see molecules/README.md"
for v in rows small_rows targets jobs; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
if [ "$rows" -lt 1 ] || [ "$targets" -lt 1 ] || [ "$jobs" -lt 1 ]; then
  die "ROWS, TARGETS and JOBS must be at least 1"
fi
[ "$small_rows" -lt "$rows" ] || small_rows=0

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Data rows of a .smi file (not blank, not a # comment).
rows_of() { grep -cv -e '^[[:space:]]*$' -e '^#' "$1"; }

# The stock: ROWS "SMILES name" lines after one comment line, on stdout.
gen_stock() {
  python3 - "$1" <<'PY'
import math, sys

rows = int(sys.argv[1])
# Handles on ring A; never used as a plain substituent.
H = ["O=C", "Br", "I", "ClC(=O)", "OC(=O)", "NC", "N", "CNC", "ClS(=O)(=O)",
     "OB(O)", "BrC", "OC", "O", "C#C"]
# Plain substituents: X on ring A, Y on ring B (ring digit 3 is free).
S = ["F", "Cl", "C", "CC", "C(C)C", "C(C)(C)C", "OC", "OCC", "OC(F)(F)F",
     "C(F)(F)F", "C#N", "SC", "C3CC3", "N(C)C", "C(C)=O", "S(C)(=O)=O",
     "OC(F)F", "C(F)F", "OC3CC3", "OCC(F)(F)F"]
# Ring A: handle {h}, linker and ring B {l}, at fixed, distinct positions.
A = ["{h}c1ccc({l})cc1", "{h}c1cccc({l})c1", "{h}c1ccccc1{l}"]
A += ["{h}c1c(%s)cc({l})cc1" % x for x in S]
A += ["{h}c1cc(%s)c({l})cc1" % x for x in S]
A += ["{h}c1cc(%s)cc({l})c1" % x for x in S]
A += ["{h}c1ccc({l})nc1", "{h}c1ccc({l})cn1", "{h}c1ccc({l})s1", "{h}c1ccc({l})o1",
      "{h}c1cnc({l})s1", "{h}c1ncc({l})s1", "{h}c1cnc({l})nc1", "{h}c1cnc({l})cn1"]
L = ["", "O", "C", "CC", "OC", "CO", "C(=O)N", "NC(=O)", "N(C)", "S(=O)(=O)N"]
B = ["c2ccccc2", "c2ccccn2", "c2cccnc2", "c2cccs2"]
B += ["c2ccc(%s)cc2" % y for y in S] + ["c2cccc(%s)c2" % y for y in S]
B += ["c2ccccc2%s" % y for y in S] + ["c2ccc(%s)cn2" % y for y in S]
B += ["c2ccc(%s)nc2" % y for y in S] + ["c2ccc(%s)s2" % y for y in S]
real = [("CC(C)(C)OC(=O)N1CCCNCC1", "1-Boc-homopiperazine"), ("O=Cc1ccco1", "furfural"),
        ("Brc1ccc(C)cc1", "4-bromotoluene"), ("O=Cc1ccccc1", "benzaldehyde"),
        ("Brc1ccccc1", "bromobenzene"), ("CC(=O)Cl", "acetyl_chloride"),
        ("O=C(Cl)c1ccccc1", "benzoyl_chloride"), ("CS(=O)(=O)Cl", "mesyl_chloride")]
n = len(H) * len(A) * len(L) * len(B)
if rows > n + len(real):
    sys.exit("bench/stock.sh: the generator makes at most %d rows" % (n + len(real)))
step = 7919 * 104729          # walk the whole space in a scattered, fixed order
while math.gcd(step, n) != 1:
    step += 1
out = sys.stdout
out.write("# bench/stock.sh: %d building blocks, generated\n" % rows)
k = min(len(real), rows)
out.write("".join("%s %s\n" % r for r in real[:k]))
lines = []
for i in range(rows - k):
    j, b = divmod(i * step % n, len(B))
    j, l = divmod(j, len(L))
    h, a = divmod(j, len(A))
    lines.append("%s BB%07d\n" % (A[a].format(h=H[h], l=L[l] + B[b]), i + 1))
    if len(lines) == 65536:
        out.write("".join(lines))
        lines = []
out.write("".join(lines))
PY
}

# "SECONDS CPU_SECONDS MB" from a `time -v` report.
parse_time() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
                               for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /User time|System time/ { cpu += $2 }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.2f %.2f %.1f\n", s, cpu, kb / 1024 }' "$1"
}

results="$tmp/results"
: > "$results"

# One row of the table: KEY STOCK_ROWS KEPT IN_STOCK TIME_REPORT LABEL...
record() {
  local secs cpu mb
  read -r secs cpu mb < <(parse_time "$5")
  echo "$1 $2 $3 $4 $secs $cpu $mb ${*:6}" >> "$results"
}

# obabel -ismi STOCK -ocan -O /dev/null; KEY STOCK LABEL.  -e: go on past a
# row it cannot parse (there should be none).
time_obabel() {
  local n converted
  n="$(rows_of "$2")"
  /usr/bin/time -v -o "$tmp/time" obabel -ismi "$2" -ocan -e -O /dev/null 2> "$tmp/err" ||
    die "obabel failed on $2: $(tail -n 3 "$tmp/err")"
  converted="$(awk '/molecules? converted/ { n = $1 } END { print n + 0 }' "$tmp/err")"
  [ "$converted" -eq "$n" ] || echo "bench/stock.sh: obabel converted $converted of $n rows" >&2
  record "$1" "$n" "$converted" - "$tmp/time" "$3"
}

# dzp-plan --batch TARGETS [--stock STOCK] --jobs N; KEY STOCK|- N LABEL.
time_plan() {
  local n=0 lines rc kept=- in_stock stock_opt=()
  if [ "$2" != - ]; then
    n="$(rows_of "$2")"
    stock_opt=(--stock "$2")
  fi
  set +e
  /usr/bin/time -v -o "$tmp/time" "$plan" --from C1CNCCNC1 --batch "$tmp/targets.smi" \
    "${stock_opt[@]}" --format json --jobs "$3" 2> "$tmp/err" > "$tmp/out.json"
  rc=$?
  set -e
  lines="$(wc -l < "$tmp/out.json")"
  if [ "$rc" -gt 2 ] || [ "$lines" -ne "$targets" ]; then
    die "dzp-plan ${stock_opt[*]} --jobs $3 exited $rc with $lines JSON lines for $targets targets: $(tail -n 3 "$tmp/err")"
  fi
  if [ "$2" != - ]; then
    kept="$(sed -n 's/^dzp-plan: stock: \([0-9]*\) building blocks.*/\1/p' "$tmp/err")"
    [ "$kept" = "$n" ] ||
      die "dzp-plan kept '${kept}' building blocks of the $n distinct rows of $2: $(grep stock "$tmp/err" | head -n 3)"
  fi
  in_stock="$(awk '{ n += gsub(/"in_stock":true/, "") } END { print n + 0 }' "$tmp/out.json")"
  record "$1" "$n" "$kept" "$in_stock" "$tmp/time" "${@:4}"
}

load() { awk '{ print $1, $2, $3 }' /proc/loadavg; }

awk -v max="$targets" '!/^[[:space:]]*$/ && !/^#/ { print; if (++n == max) exit }' "$series" \
  > "$tmp/targets.smi"
[ "$(wc -l < "$tmp/targets.smi")" -eq "$targets" ] || die "$series has fewer than $targets rows"

load_before="$(load)"
echo "bench/stock.sh: $(nproc) CPU(s), load average $load_before; generating $rows rows" >&2
t0="$(date +%s.%N)"
gen_stock "$rows" > "$tmp/stock.smi" || die "the stock generator failed"
t1="$(date +%s.%N)"
gen_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
[ "$(rows_of "$tmp/stock.smi")" -eq "$rows" ] || die "the generator wrote the wrong number of rows"
if [ "$small_rows" -gt 0 ]; then
  head -n "$((small_rows + 1))" "$tmp/stock.smi" > "$tmp/stock_small.smi"
fi

if [ "$small_rows" -gt 0 ]; then
  time_obabel ob_s "$tmp/stock_small.smi" "obabel -ocan"
fi
time_obabel ob_l "$tmp/stock.smi" "obabel -ocan"
time_plan none - 1 "dzp-plan, no stock"
if [ "$small_rows" -gt 0 ]; then
  time_plan dz_s "$tmp/stock_small.smi" 1 "dzp-plan --stock"
fi
time_plan dz_l "$tmp/stock.smi" 1 "dzp-plan --stock"
if [ "$jobs" -gt 1 ]; then
  time_plan dz_j "$tmp/stock.smi" "$jobs" "dzp-plan --stock --jobs $jobs"
fi
load_after="$(load)"

echo "Stock: $rows generated rows ($(du -m "$tmp/stock.smi" | cut -f 1) MB, written in ${gen_s} s);" \
  "$targets targets from $series; $(nproc) CPU(s)."
echo
awk -v targets="$targets" '
  { k = $1; key[NR] = k; n[k] = $2; kept[k] = $3; ins[k] = $4
    secs[k] = $5; cpu[k] = $6; mb[k] = $7
    label[k] = $8; for (i = 9; i <= NF; i++) label[k] = label[k] " " $i }
  function per(a, b) { return b > 0 ? a / b : 0 }
  END {
    print "| run | stock rows | kept | wall s | CPU s | peak RSS MB | stock rows/s (wall) | CPU us/row | in-stock marks |"
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= NR; i++) {
      k = key[i]
      if (k ~ /^ob_/) {
        rate = sprintf("%.0f", per(n[k], secs[k])); us = sprintf("%.0f", 1e6 * per(cpu[k], n[k]))
      } else if (k != "none" && "none" in secs) {
        rate = sprintf("%.0f", per(n[k], secs[k] - secs["none"]))
        us = sprintf("%.0f", 1e6 * per(cpu[k] - cpu["none"], n[k]))
      } else { rate = "—"; us = "—" }
      printf "| %s | %d | %s | %.2f | %.2f | %.1f | %s | %s | %s |\n", label[k], n[k], kept[k],
             secs[k], cpu[k], mb[k], rate, us, ins[k]
    }
    print ""
    print "dzp-plan rows: stock rows/s and CPU us/row are net of the run without a stock."
    for (i = 1; i <= NR; i++) {
      k = key[i]
      if (k !~ /^dz_/ || !("none" in secs)) continue
      ob = (k == "dz_s") ? "ob_s" : "ob_l"
      printf "- %s, %d rows: the stock costs %.2f s and %.1f MB (%.0f bytes a row)", label[k], n[k],
             secs[k] - secs["none"], mb[k] - mb["none"], per(1048576 * (mb[k] - mb["none"]), n[k])
      if (ob in secs && secs[k] > secs["none"])
        printf "; load %.2fx as fast as obabel -ocan (wall), %.2fx its CPU per row",
               per(secs[ob], secs[k] - secs["none"]), per(cpu[k] - cpu["none"], cpu[ob])
      print ""
    }
  }' "$results"
echo
echo "Load average (1, 5, 15 min): $load_before before the runs, $load_after after them."
