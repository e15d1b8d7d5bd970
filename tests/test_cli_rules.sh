#!/usr/bin/env bash
# CLI tests of the rule language: a mistaken rule file is refused before
# anything is planned, with exit status 2, one line on stderr naming
# file:line:column, nothing on stdout, and no route planned with it - for a
# single target, a batch and the site analysis alike.
# Usage: test_cli_rules.sh PATH/TO/dzp-plan
set -u
bin="$1"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# mistaken NAME FILE SED-EXPR PATTERN-ON-STDERR [FILE-THE-ERROR-NAMES]
mistaken() {
  local name="$1" file="$2" expr="$3" pattern="$4" at="${5:-$2}" d="$tmp/$1" rc
  mkdir -p "$d"
  cp "$here"/../rules/*.yaml "$d/"
  sed -i "$expr" "$d/$file"
  if cmp -s "$d/$file" "$here/../rules/$file"; then bad "$name: the sed expression changed nothing"; return; fi
  for mode in single batch sites; do
    case "$mode" in
      single) "$bin" --rules "$d" --from C1CNCCNC1 --to 'CC(=O)N1CCCNCC1' --format json >"$d/out" 2>"$d/err" ;;
      batch) printf 'CN1CCCNCC1 a\nC1CNCCN1C(=O)OC(C)(C)C b\n' | "$bin" --rules "$d" --from C1CNCCNC1 --batch - --format json >"$d/out" 2>"$d/err" ;;
      sites) "$bin" --rules "$d" --from C1CNCCNC1 >"$d/out" 2>"$d/err" ;;
    esac
    rc=$?
    [ "$rc" = 2 ] && ok || bad "$name ($mode): exit $rc, expected 2"
    [ ! -s "$d/out" ] && ok || bad "$name ($mode): something was printed on stdout"
    [ "$(wc -l <"$d/err")" = 1 ] && ok || bad "$name ($mode): stderr is not one line: $(cat "$d/err")"
    grep -qE "$at:[0-9]+:[0-9]+: .*$pattern" "$d/err" && ok || bad "$name ($mode): stderr lacks $at:line:col and '$pattern': $(cat "$d/err")"
  done
}

mistaken acid_class transformations.yaml 's/condition_classes: \[acid, tbu_cation\]/condition_classes: [acdi, tbu_cation]/' "not 'acdi'"
mistaken step_kind transformations.yaml '0,/kind: reductive_amination/s//kind: reductive_amnation/' "not 'reductive_amnation'"
mistaken one_atom_pg protecting_groups.yaml 's/smarts: "\[#7\]C(=O)OC(\[CH3\])(\[CH3\])\[CH3\]"/smarts: "[#7]"/' "breaks the contract"
mistaken flag_deleted side_reactions.yaml 's/- id: silica_tailing/- id: silica_tailing_gone/' "names the flag 'silica_tailing'" transformations.yaml
mistaken role transformations.yaml '0,/role: reductant/s//role: reductnat/' "not 'reductnat'"

# hostile rule files (issue 12): a FIFO, a 200,000-deep nest, a 5 MB file are
# refused at once with file:line:column, never hang
hostile() { # name expected-message
  local started=$SECONDS
  timeout 20 "$bin" --rules "$tmp/h" --from C1CNCCNC1 --to 'CC(=O)N1CCCNCC1' >/dev/null 2>"$tmp/h.err"
  local rc=$?
  if [ $rc = 2 ] && grep -q "planner.yaml:[0-9]*:[0-9]*: $2" "$tmp/h.err" && [ $((SECONDS - started)) -lt 5 ]; then
    ok
  else
    bad "hostile $1: exit $rc in $((SECONDS - started)) s: $(cat "$tmp/h.err")"
  fi
}
rm -rf "$tmp/h" && cp -r "$here/../rules" "$tmp/h" && rm "$tmp/h/planner.yaml"
mkfifo "$tmp/h/planner.yaml"
hostile fifo "not a regular file (a FIFO)"
rm "$tmp/h/planner.yaml"
python3 -c "print('planner: ' + '[' * 200000 + ']' * 200000)" >"$tmp/h/planner.yaml"
hostile deep "nested more than 64 levels deep"
head -c 5000000 /dev/zero | tr '\0' '#' >"$tmp/h/planner.yaml"
hostile big "the file is 5000000 bytes, more than"

# the real rules still plan (the test above is not refusing everything)
"$bin" --rules "$here/../rules" --from C1CNCCNC1 --to 'CC(=O)N1CCCNCC1' --format json >"$tmp/good" 2>/dev/null
[ $? = 0 ] && grep -q '"status":"ok"' "$tmp/good" && ok || bad "the real rules do not plan"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
