#!/usr/bin/env bash
# test_cli_stock.sh - --stock and the campaign files of a batch, end to end:
# what a chemist checks when a stock is given (the route starts from the
# protected diazepane on the shelf and is shorter, reagents are marked, a
# stock form wins, every stock format gives the same answer) and what a
# series with --out adds up to (reagents.csv totals agree with the
# per-compound reports; library.md / library.json name the shared
# intermediates and the route groups, largest first).
#
# Usage: test_cli_stock.sh path/to/dzp-plan
# Prints one line per failed check and "N passed, N failed"; exits non-zero
# when any check failed.  Needs python3 (to read the JSON).
set -u

BIN=${1:?usage: test_cli_stock.sh path/to/dzp-plan}
HERE=$(cd "$(dirname "$0")" && pwd)
MOL="$HERE/../molecules"
export SOURCE_DATE_EPOCH=1790000000
T=$(mktemp -d "${TMPDIR:-/tmp}/dzp-stock.XXXXXX")
trap 'rm -rf "$T"' EXIT
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
expect_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi; }
run() { "$BIN" "$@" >"$T/out" 2>"$T/err"; RC=$?; }
# jq_py EXPR FILE: print a python expression over the JSON document `d`
jq_py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"; }

HPZ=C1CNCCNC1
BOC_HPZ='CC(C)(C)OC(=O)N1CCCNCC1'
# a mono-substituted target: 1-(2-chloro-4-fluorobenzyl)homopiperazine
MONO='Clc1cc(F)ccc1CN1CCCNCC1'

# ---- without a stock: as before, in_stock null, the route starts from the substrate
run --from $HPZ --to "$MONO" --format json
expect_eq "no stock: exit" 0 "$RC"
cp "$T/out" "$T/nostock.json"
n_plain=$(jq_py "len(d['route']['steps'])" "$T/nostock.json")
expect_eq "no stock: Boc, reductive amination, Boc removal" \
    "['boc_protect', 'reductive_amination_aldehyde', 'boc_deprotect']" \
    "$(jq_py "[s['rule'] for s in d['route']['steps']]" "$T/nostock.json")"
expect_eq "no stock: in_stock is null on every reagent" "{None}" \
    "$(jq_py "{r['in_stock'] for s in d['route']['steps'] for r in s['reagents']}" "$T/nostock.json")"
expect_eq "no stock: starts from the substrate" "C1CNCCNC1 False" \
    "$(jq_py "d['route']['start']['smiles'] + ' ' + str(d['route']['start_from_stock'])" "$T/nostock.json")"

# ---- a stock with 1-Boc-homopiperazine, in three formats
for kind in smi csv sdf; do
    run --from $HPZ --to "$MONO" --format json --stock "$MOL/stock.$kind" --quiet
    expect_eq "stock.$kind: exit" 0 "$RC"
    cp "$T/out" "$T/stock_$kind.json"
    # the same document but for the command line that made it
    jq_py "json.dumps({k: v for k, v in d.items() if k != 'generator'}, sort_keys=True)" \
        "$T/out" >"$T/stock_$kind.cmp"
done
check "SMILES and CSV stocks give the same document" cmp -s "$T/stock_smi.cmp" "$T/stock_csv.cmp"
check "SMILES and SDF stocks give the same document" cmp -s "$T/stock_smi.cmp" "$T/stock_sdf.cmp"
S="$T/stock_csv.json"
expect_eq "stock: starts from 1-Boc-homopiperazine, in stock" "O=C(N1CCNCCC1)OC(C)(C)C True" \
    "$(jq_py "d['route']['start']['smiles'] + ' ' + str(d['route']['start_from_stock'])" "$S")"
expect_eq "stock: one step shorter (no Boc protection)" "$((n_plain - 1))" \
    "$(jq_py "len(d['route']['steps'])" "$S")"
expect_eq "stock: reductive amination on the free N, then Boc removal" \
    "['reductive_amination_aldehyde', 'boc_deprotect']" \
    "$(jq_py "[s['rule'] for s in d['route']['steps']]" "$S")"
expect_eq "stock: the aldehyde and STAB are in stock, DCE (not listed) is not" "True True False" \
    "$(jq_py "[{r['role']: r['in_stock'] for r in d['route']['steps'][0]['reagents']}[k] for k in ('electrophile','reductant','solvent')]" "$S" | tr -d "[],")"
run --from $HPZ --to "$MONO" --stock "$MOL/stock.csv" --scale 2mmol --quiet
check "stock Markdown says where the route starts" \
    grep -q 'Starts from `O=C(N1CCNCCC1)OC(C)(C)C` (1-Boc-homopiperazine), in stock: it' "$T/out"
check "stock Markdown: step 1 takes the stock compound at the scale" \
    grep -q '^| substrate | 1-Boc-homopiperazine | `O=C(N1CCNCCC1)OC(C)(C)C` | 1 | 2.00 mmol, 401 mg |' "$T/out"

# ---- a stock form wins: the aryl iodide on the shelf beats the bromide to order
printf 'Ic1ccc(C)cc1 4-iodotoluene\n' >"$T/iodide.smi"
run --from "$BOC_HPZ" --to 'CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(C)cc1' --format json
expect_eq "without stock: the bromide" "buchwald_hartwig_bromide" "$(jq_py "d['route']['steps'][0]['rule']" "$T/out")"
run --from "$BOC_HPZ" --to 'CC(C)(C)OC(=O)N1CCCN(CC1)c1ccc(C)cc1' --format json --stock "$T/iodide.smi" --quiet
expect_eq "with the iodide in stock: the iodide, marked in stock" "buchwald_hartwig_iodide True" \
    "$(jq_py "d['route']['steps'][0]['rule'] + ' ' + str(d['route']['steps'][0]['reagents'][0]['in_stock'])" "$T/out")"

# ---- the target itself in stock: nothing to make
printf 'CN1CCCNCC1 1-methylhomopiperazine\n' >"$T/target.smi"
run --from $HPZ --to CN1CCCNCC1 --stock "$T/target.smi" --quiet
expect_eq "target in stock: exit" 0 "$RC"
check "target in stock: nothing to make" \
    grep -q 'Nothing to make: the target is in stock as 1-methylhomopiperazine.' "$T/out"

# ---- a salt on the shelf is its amine at hand; a repeated row is merged and said
printf 'Cl.Cl.CN1CCCNCC1 1-methylhomopiperazine dihydrochloride\nO=Cc1ccco1 furfural\nO=c1ccco1 typo\nO=Cc1ccco1 furfural again\n' >"$T/salt.smi"
run --from $HPZ --to 'CN1CCCN(Cc2ccco2)CC1' --stock "$T/salt.smi" --format json
expect_eq "salt: the route starts from its parent, named as the salt" \
    "CN1CCNCCC1 True 1" \
    "$(jq_py "d['route']['start']['smiles'] + ' ' + str(d['route']['start_from_stock']) + ' ' + str(len(d['route']['steps']))" "$T/out")"
check "salt and repeat said in the stock line" grep -q \
    "stock: 2 building blocks from '$T/salt.smi' in [0-9.]* s; 1 repeated row merged; 1 salt or solvate also stands for the parent; 1 unreadable row skipped" "$T/err"

# ---- bad stock rows: reported by line, the rest used; nothing usable: exit 2
printf 'smiles,name\nO=Cc1ccco1,furfural\nC1CC(,broken\nCC(C)(C)OC(=O)N1CCCNCC1,Boc-hpz\n' >"$T/bad.csv"
run --from $HPZ --to "$MONO" --format json --stock "$T/bad.csv"
expect_eq "bad row: exit" 0 "$RC"
check "bad row named with its line" grep -q "stock file '$T/bad.csv', line 3: the SMILES 'C1CC(' has 1 unclosed '('" "$T/err"
check "the other rows used" grep -q "stock: 2 building blocks" "$T/err"
printf 'smiles\nC1CC(\n' >"$T/empty.csv"
run --from $HPZ --to "$MONO" --stock "$T/empty.csv"
expect_eq "no usable row: exit" 2 "$RC"
check "no usable row: one sentence" grep -q "holds no readable building block" "$T/err"

# ---- a large stock with unreadable rows, read on several threads: never a
# crash (Open Babel's global error log was turned on to explain a bad row
# while other threads parsed: heap corruption in 4 of 10 runs)
crashes=0
for i in 1 2 3 4 5; do
    "$BIN" --from $HPZ --to 'CN1CCCNCC1' --stock "$MOL/bench_10k.smi" --quiet >/dev/null 2>"$T/big.err"
    rc=$?
    [ "$rc" -eq 0 ] || crashes=$((crashes + 1))
done
expect_eq "bench_10k.smi as a stock, 5 runs: no crash" 0 "$crashes"
check "its bad rows are still explained in Open Babel's words" grep -q "cannot be kekulized" "$T/big.err"

# ---- the series as one campaign
run --from $HPZ --batch "$MOL/series.smi" --stock "$MOL/stock.csv" --scale 1mmol \
    --out "$T/camp" --format json --quiet
expect_eq "series: exit" 0 "$RC"
for f in reagents.csv library.md library.json index.json; do
    check "series writes $f" test -s "$T/camp/$f"
done
python3 - "$T/camp" >"$T/py.out" 2>&1 <<'PY'
import csv, glob, json, math, os, sys
d = sys.argv[1]
def sig3(x):
    return 0 if x == 0 else round(x, 2 - int(math.floor(math.log10(abs(x)))))
reports = {}
for p in sorted(glob.glob(os.path.join(d, "DZP-*.json"))):
    doc = json.load(open(p))
    reports[doc["name"]] = doc
assert len(reports) == 24, len(reports)
# reagents.csv: one row per distinct reagent; totals = the reports' own sums
want, users = {}, {}
for name, doc in reports.items():
    start = doc["route"]["start"]["smiles"]  # the starting material is on the list too
    want[start] = want.get(start, 0) + doc["scale_mmol"]
    users.setdefault(start, []).append(name)
    for s in doc["route"]["steps"]:
        for r in s["reagents"]:
            key = r["smiles"] or r["name"]
            want[key] = want.get(key, 0) + (r["mmol"] or 0)
            users.setdefault(key, []).append(name)
rows = list(csv.DictReader(open(os.path.join(d, "reagents.csv"))))
assert [*rows[0].keys()] == ["smiles", "name", "role", "total_mmol", "total_mass_mg",
                             "total_volume_ml", "used_by", "in_stock"], rows[0].keys()
assert len(rows) == len(want), (len(rows), len(want))
for row in rows:
    key = row["smiles"] or row["name"]
    if row["total_mmol"]:
        got, exp = float(row["total_mmol"]), sig3(want[key])
        # the reports print 3 significant figures: their sum may differ in the last one
        assert abs(got - exp) <= 1e-9 + 5e-3 * exp, (key, got, exp)
    assert row["used_by"].split("; ") == sorted(set(users[key]), key=users[key].index), key
    assert row["in_stock"] in ("true", "false"), row
starts = [r for r in rows if r["role"] == "starting material"]
assert any(r["name"] == "1-Boc-homopiperazine" and r["in_stock"] == "true" for r in starts), starts
bought = [r["name"] for r in rows if r["role"] == "electrophile" and r["in_stock"] == "false"]
assert bought, "the series needs some electrophile not in stock"
# library.json: shared intermediates used by two or more, with their totals
lib = json.load(open(os.path.join(d, "library.json")))
assert lib["schema"] == "dzp-plan.library/1" and lib["compounds"] == 24 and lib["planned"] == 24
assert lib["shared_intermediates"], "no shared intermediate"
for sh in lib["shared_intermediates"]:
    assert len(sh["compounds"]) >= 2, sh
    made = [s["amounts"]["product_mmol"] for n in sh["compounds"]
            for s in reports[n]["route"]["steps"][:-1] if s["product"]["smiles"] == sh["smiles"]]
    assert len(made) == len(sh["compounds"]), sh
    assert abs(sh["total_mmol"] - sig3(sum(made))) <= 5e-3 * sh["total_mmol"], sh
# route groups: every compound once, largest group first, steps as the reports have them
sizes = [len(g["compounds"]) for g in lib["route_groups"]]
assert sizes == sorted(sizes, reverse=True), sizes
assert sorted(n for g in lib["route_groups"] for n in g["compounds"]) == sorted(reports)
for g in lib["route_groups"]:
    for n in g["compounds"]:
        r = reports[n]["route"]
        steps = (["stock"] if r["start_from_stock"] else []) + [s["rule"] for s in r["steps"]]
        assert steps == g["steps"], (n, steps, g["steps"])
print("ok")
PY
check "series: reagents.csv and library.json agree with the reports ($(tail -1 "$T/py.out"))" \
    grep -qx ok "$T/py.out"
check "library.md lists the shared intermediates and the groups" \
    grep -q '^## Shared intermediates' "$T/camp/library.md"
check "library.md: group 1 is the largest" grep -q '^### Group 1: ' "$T/camp/library.md"
# --jobs 2 gives the same campaign files
run --from $HPZ --batch "$MOL/series.smi" --stock "$MOL/stock.csv" --scale 1mmol \
    --out "$T/camp2" --format json --quiet --jobs 2
for f in reagents.csv library.md library.json; do
    check "--jobs 2: the same $f" cmp -s "$T/camp/$f" "$T/camp2/$f"
done
# without --scale and --stock: totals and in_stock empty
run --from $HPZ --batch "$MOL/series.smi" --out "$T/camp3" --quiet
expect_eq "no scale, no stock: totals and in_stock empty (row 2: the substrate)" ",,,DZP-001,1" \
    "$(sed -n 2p "$T/camp3/reagents.csv" | python3 -c "import csv,sys; r=next(csv.reader(sys.stdin)); print(','.join(r[3:6]) + ',' + r[6].split('; ')[0] + ',' + str(len(r[7]) == 0 and 1 or 0))")"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
