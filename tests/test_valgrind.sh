#!/usr/bin/env bash
# The CLI under valgrind: a full route, a refusal and a site analysis must
# run with no memory error and no definite leak (Open Babel's one-time
# plugin and template loads are reachable, not lost).
# Usage: test_valgrind.sh PATH/TO/dzp-plan
set -u
bin="$1"
if ! command -v valgrind >/dev/null; then
  echo "valgrind not installed: skipped"
  echo "0 passed, 0 failed"
  exit 0
fi
pass=0
fail=0
run() {
  # When dzp-plan is linked with mimalloc (src/CMakeLists.txt), --soname-synonyms
  # makes valgrind replace its malloc too; mimalloc gives new, delete and free one
  # address, so valgrind cannot tell them apart: mismatched frees are left to the
  # AddressSanitizer build, which checks them.
  if valgrind -q --soname-synonyms=somalloc=libmimalloc.so* --show-mismatched-frees=no --suppressions="$(dirname "$0")/valgrind.supp" --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
       "$bin" "$@" >/dev/null 2>"$tmp"; then rc=0; else rc=$?; fi
  if [ "$rc" -ne 99 ] && ! grep -q "Invalid\|uninitialised" "$tmp"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: valgrind $*"; cat "$tmp"
  fi
}
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
run --from C1CNCCNC1 --to 'COC(OC)c1ccc(CN2CCCN(CC2)c2ccccc2)cc1' --format json
run --from C1CNCCNC1 --to 'C1C2CC3CC1CC(C2)(C3)N1CCCNCC1'
run --from 'CC1CNCCCN1' --to 'CC1CNCCCN1Cc1ccccc1' --scale 2g
run --from C1CNCCNX1
run --from C1CCNCC1 --format json
run --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(C#N)cc1' --format html
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
