#!/usr/bin/env bash
# pictures.sh - what structure pictures cost: dzp-plan drawing the reports of
# 1,000 targets (--out, every molecule of every route plus the scheme)
# against Open Babel drawing the same 1,000 targets (obabel -osvg: one SVG
# holding a drawing of each molecule), with the same targets planned without pictures as the
# baseline that isolates the drawing.
#
# Usage: bash bench/pictures.sh [BUILD_DIR]      (default: build)
#
# Builds nothing: run `bash .ci/setup` first.  Prints a Markdown table:
# wall-clock seconds, the SVG files written, and milliseconds per picture.
# dzp-plan exits 1 or 2 on this series (rows with no route, invalid rows
# on purpose); that is not a failure here.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-build}"
plan="$build/dzp-plan"
series="molecules/bench_1k.smi"

die() { echo "bench/pictures.sh: $*" >&2; exit 1; }
command -v obabel >/dev/null || die "obabel not found: apt-get install openbabel"
[ -x "$plan" ] || die "$plan not found: run 'bash .ci/setup' first (or pass the build directory)"
[ -r "$series" ] || die "$series not found: see molecules/README.md"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Wall-clock seconds of a command (its exit status 0, 1 or 2 accepted).
seconds() {
  local t0 t1 rc
  t0="$(date +%s.%N)"
  set +e
  "$@" >/dev/null 2>"$tmp/err"
  rc=$?
  set -e
  t1="$(date +%s.%N)"
  [ "$rc" -le 2 ] || die "$* failed ($rc): $(tail -n 3 "$tmp/err")"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

grep -v -e '^[[:space:]]*$' -e '^#' "$series" | awk '{ print $1 }' > "$tmp/targets.smi"
rows="$(wc -l < "$tmp/targets.smi")"

ob_s="$(seconds obabel -ismi "$tmp/targets.smi" -osvg -e -O "$tmp/obabel.svg")"
ob_n="$(awk '/molecules? converted/ { n = $1 } END { print n + 0 }' "$tmp/err")"

plain_s="$(seconds "$plan" --from C1CNCCNC1 --batch "$series" --format md --quiet)"
pics_s="$(seconds "$plan" --from C1CNCCNC1 --batch "$series" --format md --quiet --out "$tmp/dzp")"
dzp_n="$(find "$tmp/dzp" -name '*.svg' | wc -l)"
jobs2_s="$(seconds "$plan" --from C1CNCCNC1 --batch "$series" --format md --quiet --out "$tmp/dzp2" \
  --jobs 2)"

per() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", n ? 1000 * s / n : 0 }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
echo "| run ($rows targets) | seconds | pictures | ms per picture |"
echo "| --- | ---: | ---: | ---: |"
printf '| obabel -osvg, the targets in one SVG | %.2f | %d | %s |\n' "$ob_s" "$ob_n" "$(per "$ob_s" "$ob_n")"
printf '| dzp-plan, Markdown without pictures | %.2f | 0 | — |\n' "$plain_s"
printf '| dzp-plan --out, reports with pictures | %.2f | %d | %s (drawing only: %s) |\n' \
  "$pics_s" "$dzp_n" "$(per "$pics_s" "$dzp_n")" "$(per "$(minus "$pics_s" "$plain_s")" "$dzp_n")"
printf '| dzp-plan --out --jobs 2 | %.2f | %d | %s |\n' "$jobs2_s" "$dzp_n" "$(per "$jobs2_s" "$dzp_n")"
