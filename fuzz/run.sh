#!/usr/bin/env bash
# Build the fuzz harnesses (when needed) and run each for SECONDS, one after
# the other; exit non-zero when any of them finds a crash, a leak, undefined
# behaviour, a timeout or runs out of memory.  SECONDS=0 only replays the
# corpora (a regression check of a few seconds).
#   fuzz/run.sh SECONDS [HARNESS...]      (default: all four)
# Environment: DZP_FUZZ_BUILD (default build-fuzz) is the build directory.
# Findings go to $DZP_FUZZ_BUILD/artifacts/HARNESS/, the full output to
# $DZP_FUZZ_BUILD/logs/HARNESS.log; inputs the fuzzer found interesting are
# kept in $DZP_FUZZ_BUILD/corpus/HARNESS/ and picked up by the next run.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:?usage: fuzz/run.sh SECONDS [fuzz_smiles|fuzz_plan|fuzz_rules|fuzz_batch ...]}"
shift
case "$seconds" in ''|*[!0-9]*) echo "fuzz/run.sh: SECONDS must be a whole number" >&2; exit 2;; esac
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(fuzz_smiles fuzz_plan fuzz_rules fuzz_batch)
build="${DZP_FUZZ_BUILD:-$src/build-fuzz}"

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -DDZP_FUZZ=ON -DDZP_BUILD_TESTS=OFF \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
cmake --build "$build" --target fuzzers -j"$(nproc)" >/dev/null
"$src/fuzz/seeds.sh" "$build/seeds" >/dev/null

# Longest input each harness is given: a SMILES (the library refuses more
# than 4000 bytes), a pair of them, one rule file (the test fixture's are
# at most 2.2 kB; the shipped transformations.yaml is cut), a compound list.
max_len() {
  case "$1" in
    fuzz_smiles) echo 1024;;
    fuzz_plan) echo 1024;;
    fuzz_rules) echo 16384;;
    fuzz_batch) echo 8192;;
  esac
}

# The malloc stacks are kept two frames deep: Open Babel is built without
# frame pointers, and the fast unwinder walking on through its frames reads
# garbage, which made every stack unique (slow, and memory that grew until
# -rss_limit_mb).  Two frames (the allocator and its caller) are exact and
# enough for fuzz/lsan.supp; to see a leak's whole stack, replay its input
# with ASAN_OPTIONS=fast_unwind_on_malloc=0.
export ASAN_OPTIONS="malloc_context_size=2:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$src/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

failed=()
for h in "${harnesses[@]}"; do
  [ -x "$build/fuzz/$h" ] || { echo "fuzz/run.sh: no harness $h" >&2; exit 2; }
  mkdir -p "$build/corpus/$h" "$build/artifacts/$h" "$build/logs"
  log="$build/logs/$h.log"
  if [ "$seconds" -eq 0 ]; then
    limit=(-runs=0)
  else
    limit=(-max_total_time="$seconds")
  fi
  # New inputs go to the first directory; the committed regression corpus
  # and the seeds are read (and every one of them run) at the start.
  corpora=("$build/corpus/$h" "$build/seeds/$h")
  [ -d "$src/fuzz/corpus/$h" ] && corpora+=("$src/fuzz/corpus/$h")
  dict=()
  [ -f "$build/seeds/$h.dict" ] && dict=(-dict="$build/seeds/$h.dict")
  echo "== $h (${seconds}s)"
  if "$build/fuzz/$h" "${limit[@]}" ${dict[@]+"${dict[@]}"} -max_len="$(max_len "$h")" -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$h/" "${corpora[@]}" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
  else
    failed+=("$h")
    echo "$h FAILED; the report (full log: $log):"
    grep -n -m1 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY|ALARM|out-of-memory|deadly signal' "$log" |
      head -n 1 | cut -d: -f1 | { read -r at || at=1; tail -n +"$((at > 5 ? at - 5 : 1))" "$log" | head -n 60; }
    ls -1 "$build/artifacts/$h" | sed "s|^|  reproducer: $build/artifacts/$h/|"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: findings in ${failed[*]}; replay one with: $build/fuzz/HARNESS FILE" >&2
  exit 1
fi
echo "fuzz/run.sh: no findings"
