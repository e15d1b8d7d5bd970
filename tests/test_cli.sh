#!/usr/bin/env bash
# CLI tests: run the built dzp-plan as a chemist would, on every worked
# example of tests/fixtures/examples.tsv in both formats, and check the exit
# status of cli.md, the JSON contract of route-json.md, the one-sentence
# errors on stderr, and the Markdown a person reads.
# Usage: test_cli.sh PATH/TO/dzp-plan
set -u
bin="$1"
# Every report records its date: one date for every run, so runs compare byte for byte.
export SOURCE_DATE_EPOCH=1790000000
here="$(cd "$(dirname "$0")" && pwd)"
cases="$here/fixtures/examples.tsv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# python3 reads the JSON; each check is a Python expression over `d`.
json_check() { # name file expr
  if python3 - "$2" "$3" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, "expected exactly one JSON line, got %d" % len(lines)
d = json.loads(lines[0])
if not eval(sys.argv[2]):
    sys.exit(1)
PY
  then ok; else bad "$1: $3"; fi
}

expected_exit() {
  case "$1" in ok) echo 0 ;; no_route) echo 1 ;; *) echo 2 ;; esac
}

# --- every example, both formats ---------------------------------------------
while IFS=$'\t' read -r name from to expected _; do
  case "$name" in ''|'#'*) continue ;; esac
  want="$(expected_exit "$expected")"
  "$bin" --from "$from" --to "$to" --format json >"$tmp/$name.json" 2>"$tmp/$name.err"
  got=$?
  check "$name: json exit $got, want $want" "[ $got -eq $want ]"
  json_check "$name" "$tmp/$name.json" "d['schema'] == 'dzp-plan.route/1' and d['status'] == '$expected'"
  if [ "$expected" = ok ]; then
    json_check "$name verified" "$tmp/$name.json" \
      "d['route']['verified'] is True and d['message'] is None and (d['route']['steps'][-1]['product']['smiles'] if d['route']['steps'] else d['substrate']['smiles']) == d['target']['smiles']"
    check "$name: nothing on stderr" "[ ! -s '$tmp/$name.err' ]"
  else
    json_check "$name refusal" "$tmp/$name.json" "d['route'] is None and isinstance(d['message'], str) and len(d['message']) > 10"
    check "$name: one line on stderr" "[ \"\$(wc -l < '$tmp/$name.err')\" -eq 1 ]"
    check "$name: stderr repeats the message" \
      "python3 -c \"import json,sys; d=json.load(open('$tmp/$name.json')); sys.exit(0 if d['message'] in open('$tmp/$name.err').read() else 1)\""
  fi
  "$bin" --from "$from" --to "$to" >"$tmp/$name.md" 2>/dev/null
  got=$?
  check "$name: md exit $got, want $want" "[ $got -eq $want ]"
  check "$name: md has a title" "head -1 '$tmp/$name.md' | grep -q '^# '"
  check "$name: md has no trailing spaces or tabs" "! grep -qP '[ \t]$|\t' '$tmp/$name.md'"
done <"$cases"

# --- the contract in detail, on the Buchwald example ---------------------------
t='Cc1ccc(cc1)N1CCCN(Cc2ccco2)CC1'
"$bin" --from C1CNCCNC1 --to "$t" --format json >"$tmp/tf.json"
json_check "sites" "$tmp/tf.json" \
  "[s['label'] for s in d['sites']] == ['N1','N4'] and all(s['substrate'] == 'NH' for s in d['sites']) and d['sites'][0]['equivalent_to'] == 'N4' and d['sites'][1]['equivalent_to'] == 'N1'"
json_check "substituents" "$tmp/tf.json" \
  "all(s['target'] == 'R' and '*' in s['substituent'] for s in d['sites'])"
json_check "step keys" "$tmp/tf.json" \
  "all(set(['n','kind','rule','site','pg','reagents','conditions','workup','product','flags']) <= set(s) for s in d['route']['steps'])"
json_check "step order" "$tmp/tf.json" \
  "[s['kind'] for s in d['route']['steps']][0] == 'protect' and [s['kind'] for s in d['route']['steps']][2] == 'deprotect'"
json_check "pd flag" "$tmp/tf.json" \
  "any(f['id'] == 'pd_catalyst_poisoning' and f['mitigation'] and f['source'] for s in d['route']['steps'] if s['kind'] == 'buchwald_hartwig' for f in s['flags'])"
json_check "conditions" "$tmp/tf.json" \
  "all(len(s['conditions']['temperature_c']) == 2 and s['conditions']['atmosphere'] in ('air','N2','Ar') for s in d['route']['steps'])"
json_check "reagent roles" "$tmp/tf.json" \
  "all(r['role'] in ('electrophile','nucleophile','reductant','catalyst','ligand','base','acid','additive','solvent') for s in d['route']['steps'] for r in s['reagents'])"
json_check "formula" "$tmp/tf.json" "d['target']['formula'] == 'C17H22N2O' and abs(d['target']['mw'] - 270.37) < 0.01"
json_check "alternatives" "$tmp/tf.json" \
  "len(d['alternatives']) > 0 and all(set(['summary','steps','rejected']) <= set(a) for a in d['alternatives'])"

# --- site analysis -----------------------------------------------------------------
"$bin" --from 'CC1CNCCCN1' --format json >"$tmp/sites.json"
check "sites exit" "[ $? -eq 0 ]"
json_check "2-methyl sites" "$tmp/sites.json" \
  "d['route'] is None and d['target'] is None and [s['equivalent_to'] for s in d['sites']] == [None, None] and d['sites'][0]['hindrance'] > d['sites'][1]['hindrance']"
"$bin" --from 'CC(C)(C)OC(=O)N1CCCNCC1' --format json >"$tmp/boc.json"
json_check "mono-Boc sites" "$tmp/boc.json" \
  "d['sites'][0]['substrate'] == 'PG:Boc' and d['sites'][1]['substrate'] == 'NH' and d['sites'][0]['equivalent_to'] is None"
"$bin" --from 'C1CNCCNC1' >"$tmp/sites.md"
check "sites md table" "grep -q '| N1' '$tmp/sites.md'"

# --- bad input: one sentence, exit 2 -------------------------------------------------
bad_from() { # smiles words
  "$bin" --from "$1" --format json >"$tmp/bad.json" 2>"$tmp/bad.err"
  local rc=$?
  check "bad --from '$1' exit $rc" "[ $rc -eq 2 ]"
  check "bad --from '$1' one line" "[ \"\$(wc -l < '$tmp/bad.err')\" -eq 1 ]"
  check "bad --from '$1' says '$2'" "grep -qi -- '$2' '$tmp/bad.err'"
  json_check "bad --from '$1' document" "$tmp/bad.json" "d['status'] == 'invalid_input' and d['substrate'] is None and d['sites'] == []"
}
bad_from 'C1CCNCC1' 'piperidine'
bad_from 'C1CNCCN1' 'piperazine'
bad_from 'C1CCNCNC1' '1,3-diazepane'
bad_from 'C1=CNCCNC1' 'diazepine'
bad_from 'c1ccc2c(c1)CNCCN2' 'benzodiazepine'
bad_from 'C1CNCCNX1' 'not valid'
bad_from 'CC(C(C' 'unclosed'
bad_from '' 'empty'
bad_from 'c1cccc1' 'kekulized'

usage() { # name expected-exit args...
  local name="$1" want="$2"
  shift 2
  "$bin" "$@" >"$tmp/u.out" 2>"$tmp/u.err"
  local rc=$?
  check "$name: exit $rc, want $want" "[ $rc -eq $want ]"
}
usage "help" 0 --help
check "help text" "grep -q -- '--from SMILES' '$tmp/u.out'"
usage "version" 0 --version
check "version text" "grep -q '^dzp-plan [0-9]' '$tmp/u.out'"
usage "no --from" 2 --to C1CNCCNC1
usage "unknown option" 2 --frm C1CNCCNC1
check "unknown option named in one sentence" "grep -qx \"dzp-plan: unknown option '--frm': did you mean '--from'?\" '$tmp/u.err' && ! grep -q 'unrecognized' '$tmp/u.err'"
usage "an abbreviation is not an option (new-user trial: --form became --format)" 2 --form C1CNCCNC1 --to 'CC(=O)N1CCCNCC1'
check "--form named as unknown, --from suggested" "grep -qx \"dzp-plan: unknown option '--form': did you mean '--from'?\" '$tmp/u.err'"
usage "a value that looks like an option is a value" 0 --from C1CNCCNC1 --to 'CC(=O)N1CCCNCC1' --name --weird
check "--name --weird titles the report" "grep -q '^# --weird: route to' '$tmp/u.out'"
usage "missing value" 2 --from C1CNCCNC1 --to
check "missing value named" "grep -q \"option '--to' needs a value\" '$tmp/u.err'"
usage "missing stock file" 2 --from C1CNCCNC1 --to 'C1CNCCN(C)C1' --stock "$tmp/no-such-stock.csv"
check "missing stock file named in one sentence" "grep -q \"cannot read the stock file '$tmp/no-such-stock.csv': No such file\" '$tmp/u.err'"
usage "bad format" 2 --from C1CNCCNC1 --format xml
usage "bad jobs" 2 --from C1CNCCNC1 --batch - --jobs 0
usage "bad scale" 2 --from C1CNCCNC1 --to C1CNCCNC1 --scale lots
usage "to and batch" 2 --from C1CNCCNC1 --to C1CNCCNC1 --batch x.smi
usage "stray argument" 2 --from C1CNCCNC1 C1CNCCNC1
usage "rules dir missing" 2 --from C1CNCCNC1 --rules /nonexistent/rules
check "rules error names the file" "grep -q 'nonexistent' '$tmp/u.err'"
check "a missing rules directory is said to be missing" "grep -q 'rules directory /nonexistent/rules does not exist' '$tmp/u.err'"

# --- pictures: --format html, --out for one target, --name ------------------------------
t='CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(C#N)cc1'
"$bin" --from C1CNCCNC1 --to "$t" --format html --name 'Cpd <7>' >"$tmp/page.html" 2>"$tmp/page.err"
rc=$?
check "html: exit $rc, want 0" "[ $rc -eq 0 ]"
check "html: one page, nothing on stderr" "[ \"\$(grep -c '<!DOCTYPE html>' '$tmp/page.html')\" -eq 1 ] && [ ! -s '$tmp/page.err' ]"
check "html: substrate, target, 2 products and the scheme drawn inline" \
  "[ \"\$(grep -o '<figure' '$tmp/page.html' | wc -l)\" -eq 5 ]"
check "html: ring nitrogens tagged" "grep -q '>N1<' '$tmp/page.html' && grep -q '>N4<' '$tmp/page.html'"
check "html: no script, nothing fetched" "! grep -Eq '<script|src=\"http|href=\"http|@import' '$tmp/page.html'"
check "html: a provenance footer, one fact per line" "grep -q '^rules sha256 [0-9a-f]\{64\}\$' '$tmp/page.html'"
check "html: the name is escaped" "grep -q 'Cpd &lt;7&gt;' '$tmp/page.html' && ! grep -q 'Cpd <7>' '$tmp/page.html'"
"$bin" --from C1CNCCNC1 --to "$t" --out "$tmp/one" --name 'Cpd 7/a' >"$tmp/one.out" 2>&1
rc=$?
check "--out one target: exit $rc, want 0, stdout empty" "[ $rc -eq 0 ] && [ ! -s '$tmp/one.out' ]"
check "--out one target: report named by --name, its pictures beside it, no index" \
  "[ \"\$(cd '$tmp/one' && ls | tr '\n' ' ')\" = 'Cpd_7_a-scheme.svg Cpd_7_a-step1.svg Cpd_7_a-step2.svg Cpd_7_a-substrate.svg Cpd_7_a-target.svg Cpd_7_a-thumb.svg Cpd_7_a.md ' ]"
check "--out one target: the report links its pictures and is titled by the name" \
  "grep -q '^# Cpd 7/a: route to' '$tmp/one/Cpd_7_a.md' && grep -q '](Cpd_7_a-step2.svg)' '$tmp/one/Cpd_7_a.md'"
check "--out one target: the pictures are SVG documents" \
  "head -c 60 '$tmp/one/Cpd_7_a-target.svg' | grep -q '^<svg xmlns=\"http://www.w3.org/2000/svg\"'"
"$bin" --from C1CNCCNC1 --to "$t" >"$tmp/plain.md" 2>/dev/null
check "markdown on stdout stays picture-free" "! grep -q '\.svg' '$tmp/plain.md'"
usage "html batch without --out" 2 --from C1CNCCNC1 --batch - --format html
check "html batch without --out says to add --out" "grep -q 'add --out DIR' '$tmp/u.err'"
usage "--name with --batch" 2 --from C1CNCCNC1 --batch - --name x

# --- provenance: version, rules fingerprint, date, command ------------------------------
rules_dir="$here/../rules"
want_hash="$(cd "$rules_dir" && cat sources.yaml side_reactions.yaml vocabulary.yaml scaffold.yaml \
  functional_groups.yaml protecting_groups.yaml reagents.yaml transformations.yaml masks.yaml \
  planner.yaml reagent_validity.yaml | sha256sum | cut -d' ' -f1)"
SOURCE_DATE_EPOCH=1790000000 "$bin" --from C1CNCCNC1 --to 'CN1CCCNCC1' --format json --quiet \
  >"$tmp/prov.json" 2>/dev/null
json_check "provenance: generator names the tool, version, rules hash, date and command" "$tmp/prov.json" \
  "d['generator'] == {'name': 'dzp-plan', 'version': d['generator']['version'], 'rules': '$want_hash', 'date': '2026-09-21T14:13:20Z', 'command': 'dzp-plan --from C1CNCCNC1 --to CN1CCCNCC1 --format json'}"
SOURCE_DATE_EPOCH=1790000000 "$bin" --from C1CNCCNC1 --to 'CN1CCCNCC1' --name "a'b" >"$tmp/prov.md" 2>/dev/null
check "provenance: Markdown ends with the block, the command quoted for a shell" python3 -c '
import sys
tail = open(sys.argv[1], encoding="utf-8").read().splitlines()[-7:]
want = ["## Provenance", "", "```text", "dzp-plan 0.1.0", "rules sha256 " + sys.argv[2],
        "date 2026-09-21T14:13:20Z",
        "command dzp-plan --from C1CNCCNC1 --to CN1CCCNCC1 --name " + chr(39) + "a" + chr(39)
        + chr(92) + chr(39) + chr(39) + "b" + chr(39)]
assert tail == want[1:] + ["```"], tail' "$tmp/prov.md" "$want_hash"

# --- names and sources a chemist recognises -------------------------------------------
"$bin" --from C1CNCCNC1 --to 'CN1CCCN(CC1)c1ccc(OC(F)(F)F)cc1' --format html >"$tmp/src.html" 2>/dev/null
"$bin" --from C1CNCCNC1 --to 'CN1CCCN(CC1)c1ccc(OC(F)(F)F)cc1' >"$tmp/src.md" 2>/dev/null
check "an unnamed building block is its class and formula, not its SMILES" \
  "grep -q '| electrophile | aryl bromide, C7H4BrF3O | ' '$tmp/src.md'"
check "sources: seed documents cited by title, listed once, no hash-named files" \
  "grep -q '^## Sources' '$tmp/src.md' && [ \"\$(grep -c 'Troubleshooting 1,4-Diazepane Functionalization' '$tmp/src.md')\" -eq 1 ] && ! grep -Eq '[0-9]{3}_[0-9a-f]{16}\.txt' '$tmp/src.md' '$tmp/src.html'"
check "sources: every flag cites a listed number" \
  "grep -o '(sources [0-9, ]*)' '$tmp/src.md' | grep -o '[0-9]\+' | sort -un | while read -r k; do grep -q \"^\$k\\. \" '$tmp/src.md' || exit 1; done"

# --- from the second medicinal-chemist review ------------------------------------------
mc() { # name from to file
  "$bin" --from "$2" --to "$3" --format json >"$tmp/$4.json" 2>/dev/null
}
mc lactam_me 'O=C1CCNCCN1' 'CN1CCNCCC1=O' mc1
json_check "review: the lactam N is methylated with NaH/MeI after the amine N is protected" "$tmp/mc1.json" \
  "[s['rule'] for s in d['route']['steps']] == ['boc_protect', 'lactam_n_methylation', 'boc_deprotect']"
mc cyanamide 'CN1CCCNCC1' 'CN1CCCN(CC1)C#N' mc2
json_check "review: a cyanamide comes from cyanogen bromide" "$tmp/mc2.json" \
  "[s['rule'] for s in d['route']['steps']] == ['n_cyanation_cyanogen_bromide'] and d['route']['steps'][0]['reagents'][0]['smiles'] == 'BrC#N'"
mc cf3 'CN1CCCNCC1' 'CN1CCCN(CC1)C(F)(F)F' mc3
json_check "review: N-CF3 is refused for its real reason" "$tmp/mc3.json" \
  "d['status'] == 'no_route' and 'N-trifluoromethyl' in d['message'] and 'tertiary' not in d['message']"
mc diacid 'CC(C)(C)OC(=O)N1CCCNCC1' 'OC(=O)c1ccc(cc1)C(=O)N1CCCN(CC1)C(=O)OC(C)(C)C' mc4
json_check "review: a diacid is bought as its mono-ester and freed after the coupling" "$tmp/mc4.json" \
  "[s['kind'] for s in d['route']['steps']] == ['acylation', 'unmask'] and d['route']['steps'][0]['reagents'][0]['smiles'].count('C(=O)O') <= 1 and 'OC' in d['route']['steps'][0]['reagents'][0]['smiles']"
mc thiazole 'CN1CCCNCC1' 'CN1CCCN(CC1)c1ncc(C)s1' mc6
json_check "review: a 2-halothiazole takes the amine by thermal SNAr, Pd coupling as the alternative" "$tmp/mc6.json" \
  "[s['rule'] for s in d['route']['steps']] == ['snar_thiazole_halide'] and any('Buchwald' in a['summary'] for a in d['alternatives'])"
mc sites_me 'CN1CCCNCC1' 'CN1CCCN(CC1)c1ccc(cn1)C#N' mc7
json_check "review: the site table pairs the nitrogens as the route does (the N-methyl keeps its methyl)" "$tmp/mc7.json" \
  "[(x['substrate'], x['substituent'], x['substrate_substituent']) for x in d['sites'] if x['substrate'] == 'R'] == [('R', '*C', '*C')] and d['route']['steps'][0]['site'] == [x['label'] for x in d['sites'] if x['substrate'] == 'NH'][0]"
mc chloropropyl 'CC(C)(C)OC(=O)N1CCCNCC1' 'ClCCCN1CCCN(CC1)C(=O)OC(C)(C)C' mc8
json_check "review: a 3-chloropropyl comes from 1-bromo-3-chloropropane, not 3-chloropropanal (acrolein)" "$tmp/mc8.json" \
  "d['route']['steps'][0]['reagents'][0]['smiles'] == 'ClCCCBr' and any('acrolein' in a['rejected'] for a in d['alternatives'])"
mc chiral_ald 'CC(C)(C)OC(=O)N1CCCNCC1' 'C[C@@H](CN1CCCN(CC1)C(=O)OC(C)(C)C)c1ccccc1' mc5
json_check "review: an alpha-chiral aldehyde is not used (it epimerises)" "$tmp/mc5.json" \
  "all(s['kind'] != 'reductive_amination' for s in d['route']['steps']) and any('alpha stereocentre' in a['rejected'] or 'epimerises' in a['rejected'] for a in d['alternatives'])"

# --- a malformed rule file: file:line:column ------------------------------------------
cp -r "$here/../rules" "$tmp/rules"
sed -i 's/^    cleavage: acid$/    cleavage: acid\n    cleavge: typo/' "$tmp/rules/protecting_groups.yaml"
usage "malformed rules" 2 --from C1CNCCNC1 --rules "$tmp/rules"
check "malformed rules position" "grep -qE 'protecting_groups.yaml:[0-9]+:[0-9]+:.*cleavge' '$tmp/u.err'"

# --- --scale gives masses for the reagents ---------------------------------------------
"$bin" --from C1CNCCNC1 --to 'CC(C)CN1CCCN(CC(C)C)CC1' --scale 5mmol --format json >"$tmp/scale.json"
json_check "scale" "$tmp/scale.json" \
  "any(abs(r.get('mass_mg', 0) - 901.4) < 2 for s in d['route']['steps'] for r in s['reagents'] if r['role'] == 'electrophile')"

# --- hostile input never crashes: status 0, 1 or 2 and at most one line of error --
long="$(printf 'C%.0s' $(seq 1 5000))"
ring="C1CNCCNC1$(printf 'C%.0s' $(seq 1 400))"
for s in "$long" "$ring" '*' '[*]N1CCCNCC1' '[Na+].[Cl-]' 'C1CNCCNC1.C1CNCCNC1' 'C%99CC%99' \
         '[U]' '[2H]N1CCCNCC1' 'C[C@H]([NH3+])C(=O)[O-]' 'é' 'C1CNCCNC1)' '((((' '[' ']' \
         'C1CN2CCN1CC2' 'C1CN(CCN1)C1CNCCNC1' 'N1CCNCCC1N1CCNCCC1' 'C=1CNCCNC=1' \
         '[N+]1(C)(C)CCCNCC1' 'O=C1CNCCNC1' 'C1CN=CCNC1'; do
  for role in from to; do
    if [ "$role" = from ]; then args=(--from "$s" --format json); else args=(--from C1CNCCNC1 --to "$s" --format json); fi
    "$bin" "${args[@]}" >"$tmp/h.out" 2>"$tmp/h.err"
    rc=$?
    check "hostile --$role '${s:0:30}': exit $rc" "[ $rc -le 2 ]"
    check "hostile --$role '${s:0:30}': at most one error line" "[ \"\$(wc -l < '$tmp/h.err')\" -le 1 ]"
    json_check "hostile --$role '${s:0:30}': one document" "$tmp/h.out" "d['schema'] == 'dzp-plan.route/1'"
  done
done

# --- every candidate route unsafe: a refusal that names the real reason -----------
# 1-(3,5-diiodophenyl)-1,4-diazepane: an unactivated aryl can only go on by
# Buchwald-Hartwig, and whichever halide the reagent couples at (I, Br or Cl),
# the Pd step would also couple at the target's own Ar-I, with or without a
# protecting group first.  No route (exit 1), not a crash.  (A 4-bromophenyl
# is no longer refused: 1-bromo-4-iodobenzene couples selectively at C-I.)
# --- --routes N: the N best complete routes in full ------------------------------------
usage "--routes 0" 2 --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1' --routes 0
check "--routes 0 said in one sentence" "grep -q \"dzp-plan: --routes takes a whole number from 1 to 20, not '0'\" '$tmp/u.err' && [ ! -s '$tmp/u.out' ]"
usage "--routes x" 2 --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1' --routes x
check "--routes x said in one sentence" "grep -q \"dzp-plan: --routes takes a whole number from 1 to 20, not 'x'\" '$tmp/u.err'"
usage "--routes 21" 2 --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1' --routes 21
"$bin" --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1' --routes 2 --format json >"$tmp/routes.json"
check "--routes 2 exit" "[ $? -eq 0 ]"
json_check "--routes 2: alternatives[0] is a verified route to the target" "$tmp/routes.json" \
  "d['alternatives'][0]['complete'] is True and d['alternatives'][0]['route']['verified'] is True and d['alternatives'][0]['route']['steps'][-1]['product']['smiles'] == d['target']['smiles'] and len(d['alternatives'][0]['route']['steps']) == d['alternatives'][0]['steps']"
json_check "--routes 2: only one alternative in full, complete on every one, complete first" "$tmp/routes.json" \
  "all(a['route'] is None for a in d['alternatives'][1:]) and all(isinstance(a['complete'], bool) for a in d['alternatives']) and [a['complete'] for a in d['alternatives']] == sorted([a['complete'] for a in d['alternatives']], reverse=True)"
json_check "default: complete on every alternative, no route in full" "$tmp/tf.json" \
  "all(isinstance(a['complete'], bool) and a['route'] is None for a in d['alternatives'])"
"$bin" --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1' --routes 3 >"$tmp/routes.md"
check "--routes 3 md: three routes" "grep -q '^## Route 1 of 3 (chosen)' '$tmp/routes.md' && grep -q '^## Route 2 of 3$' '$tmp/routes.md' && grep -q '^## Route 3 of 3$' '$tmp/routes.md'"
check "--routes 3 md: step headings unique" "[ -z \"\$(grep '^#' '$tmp/routes.md' | sort | uniq -d)\" ]"
printf 'CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1 bocbn\nCc1ccc(cc1)N1CCCN(Cc2ccco2)CC1 tolfur\n' >"$tmp/routes.smi"
"$bin" --from C1CNCCNC1 --batch "$tmp/routes.smi" --routes 2 --format json --quiet >"$tmp/routes1.ndjson"
"$bin" --from C1CNCCNC1 --batch "$tmp/routes.smi" --routes 2 --format json --quiet --jobs 2 >"$tmp/routes2.ndjson"
check "--routes in batch: every row has a second route in full" \
  "python3 -c \"import json,sys; rows=[json.loads(l) for l in open('$tmp/routes1.ndjson')]; sys.exit(0 if len(rows) == 2 and all(r['alternatives'][0]['route']['verified'] for r in rows) else 1)\""
check "--routes in batch: --jobs 2 gives the same bytes" "cmp -s '$tmp/routes1.ndjson' '$tmp/routes2.ndjson'"

# 1-(4-iodothiophen-2-yl)-1,4-diazepane: a five-membered heteroaryl does no
# SNAr, and whichever halide a Buchwald-Hartwig reagent couples at (I, Br or
# Cl), the Pd step would also couple at the target's own Ar-I, with or without
# a protecting group first; the Pd-free Chan-Lam form needs a 2-thienylboronic
# acid, which protodeboronates.  No route (exit 1), not a crash.  (A
# 4-bromophenyl is no longer refused: 1-bromo-4-iodobenzene couples at C-I;
# nor is 3,5-diiodophenyl: Chan-Lam with the boronic acid leaves Ar-I alone.)
t='Ic1csc(c1)N1CCCNCC1'
"$bin" --from C1CNCCNC1 --to "$t" --format json >"$tmp/unsafe.json" 2>"$tmp/unsafe.err"
rc=$?
check "all unsafe: exit $rc, want 1" "[ $rc -eq 1 ]"
json_check "all unsafe: no_route, no route" "$tmp/unsafe.json" \
  "d['status'] == 'no_route' and d['route'] is None"
json_check "all unsafe: the message names the unsafe step and why" "$tmp/unsafe.json" \
  "d['message'].startswith('no safe route') and 'Buchwald' in d['message'] and 'aryl iodide' in d['message'] and 'competing_aryl_halide' in d['message']"
json_check "all unsafe: every Pd candidate was rejected for the same hazard, the Chan-Lam form for its reagent" "$tmp/unsafe.json" \
  "len(d['alternatives']) >= 2 and all(('competing_aryl_halide' in a['rejected']) if 'Buchwald' in a['summary'] else ('Chan-Lam' in a['summary'] and 'protodeboronates' in a['rejected']) for a in d['alternatives'])"
json_check "all unsafe: protected routes were tried too" "$tmp/unsafe.json" \
  "any('protection' in a['summary'] for a in d['alternatives'])"
check "all unsafe: one line on stderr" "[ \"\$(wc -l < '$tmp/unsafe.err')\" -eq 1 ]"
check "all unsafe: stderr names the hazard" "grep -q 'competing_aryl_halide' '$tmp/unsafe.err'"
"$bin" --from C1CNCCNC1 --to "$t" >"$tmp/unsafe.md" 2>/dev/null
rc=$?
check "all unsafe md: exit $rc, want 1" "[ $rc -eq 1 ]"
check "all unsafe md: says why" "grep -q 'would also attack the aryl iodide' '$tmp/unsafe.md'"

# --- hardening (issue 12) ---------------------------------------------------
# Control characters from the input reach stderr escaped, never raw (a
# terminal-escape injection otherwise).
"$bin" --from C1CNCCNC1 --to "$(printf 'C1CNC\033[31mCNC1')" >/dev/null 2>"$tmp/esc.err"
check "ESC in a SMILES: stderr escaped" "grep -q 'C1CNC\\\\x1B\\[31mCNC1' '$tmp/esc.err' && ! grep -q \"\$(printf '\\033')\" '$tmp/esc.err'"
printf 'C1CNCCN(C)C1\033 na\033]0;pwned\007me\nC1CNCCN(C)C1\r x\n\377C\n' >"$tmp/ctl.smi"
"$bin" --from C1CNCCNC1 --batch "$tmp/ctl.smi" --format json >/dev/null 2>"$tmp/ctl.err"
check "ESC, BEL, CR and 0xFF in batch rows: stderr escaped" "! LC_ALL=C grep -q \"\$(printf '[\\033\\007\\r\\377]')\" '$tmp/ctl.err' && grep -q 'x1B' '$tmp/ctl.err'"
# An ignored SIGHUP (nohup) stays ignored in the --out parent and in the
# --jobs workers: a hang-up does not stop the batch.
head -n 400 "$here/../molecules/bench_1k.smi" >"$tmp/hup.smi"
nohup "$bin" --from C1CNCCNC1 --batch "$tmp/hup.smi" --jobs 2 --out "$tmp/hup" --quiet \
  >/dev/null 2>"$tmp/hup.err" &
hup_pid=$!
sleep 1
kill -HUP "$hup_pid" 2>/dev/null
pkill -HUP -P "$hup_pid" 2>/dev/null
wait "$hup_pid"
rc=$?
check "nohup batch survives SIGHUP: exit $rc (2: the list holds invalid rows), want 2" "[ $rc -eq 2 ]"
check "nohup batch survives SIGHUP: the index is written" "grep -q 'planned' '$tmp/hup/index.md'"
# Options read strictly; --help and --version report a failed write.
usage "--shard 1/2x is not 1/2" 2 --from C1CNCCNC1 --batch "$here/../molecules/series.smi" --shard 1/2x
usage "--scale in hex is not read" 2 --from C1CNCCNC1 --to 'CN1CCCNCC1' --scale 0x10mmol
usage "--scale below 1 umol would print zeros" 2 --from C1CNCCNC1 --to 'CN1CCCNCC1' --scale 1e-300mmol
check "--scale refusal says what it takes" "grep -q 'at least 0.001 mmol' '$tmp/u.err'"
"$bin" --help >/dev/full 2>"$tmp/full.err"
rc=$?
check "--help to /dev/full: exit $rc, want 2, and says so" "[ $rc -eq 2 ] && grep -q 'cannot write the help text to standard output' '$tmp/full.err'"
"$bin" --version >/dev/full 2>"$tmp/full.err"
rc=$?
check "--version to /dev/full: exit $rc, want 2" "[ $rc -eq 2 ] && grep -q 'cannot write the version' '$tmp/full.err'"
usage "--quiet with --verbose" 2 --from C1CNCCNC1 --to 'CN1CCCNCC1' --quiet --verbose
"$bin" --from C1CNCCNC1 --batch "$here/../molecules/series.smi" --verbose >/dev/null 2>"$tmp/verbose.err"
check "--verbose: the rules and a line per row" "grep -q '^dzp-plan: rules from .* (sha256 [0-9a-f]\\{64\\})' '$tmp/verbose.err' && [ \"\$(grep -c ': ok, ' '$tmp/verbose.err')\" -eq 24 ]"
# An over-long line is one invalid row, the next row still planned.
python3 -c "print('C' * 70000 + ' long'); print('CN1CCCNCC1 fine')" >"$tmp/long.smi"
"$bin" --from C1CNCCNC1 --batch "$tmp/long.smi" --format json >"$tmp/long.json" 2>"$tmp/long.err"
rc=$?
check "over-long line: exit $rc, want 2, the next row planned" "[ $rc -eq 2 ] && grep -q 'line 1 (row1): the line is longer than 65,536 bytes' '$tmp/long.err' && grep -q '\"name\":\"fine\",\"status\":\"ok\"' '$tmp/long.json'"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$tmp/zero.rss" timeout 5 "$bin" --from C1CNCCNC1 --batch /dev/zero --quiet >/dev/null 2>&1
  rss=$(grep -E '^[0-9]+$' "$tmp/zero.rss" | tail -n 1)
  check "--batch /dev/zero: memory stays flat (${rss:-?} kB after 5 s)" "[ -n '$rss' ] && [ '${rss:-0}' -lt 150000 ]"
fi
# A closed pipe (| head) ends the run quietly.
"$bin" --from C1CNCCNC1 --batch "$here/../molecules/bench_1k.smi" --quiet 2>"$tmp/pipe.err" | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}
check "closed pipe: exit $rc, want 141, nothing on stderr" "[ $rc -eq 141 ] && [ ! -s '$tmp/pipe.err' ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
