#!/usr/bin/env bash
# Write the seed corpora of the fuzz harnesses into OUT (default
# build-fuzz/seeds), one directory per harness, from the project's own
# inputs: molecules/, rules/ and tests/fixtures/.  Generated, not committed
# (a few thousand files); the small regression corpus fuzz/corpus/ is.
#   fuzz/seeds.sh [OUT]
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$src/build-fuzz/seeds}"
rm -rf "$out"
mkdir -p "$out"/{fuzz_smiles,fuzz_plan,fuzz_rules,fuzz_batch}
cd "$src"

# Every SMILES the project ships: .smi lines (first field), the stock CSV's
# smiles column, both columns of the test fixtures' substrate/target pairs.
# Of the 10k benchmark list every 25th line is enough (the 1k list is whole).
smiles_list() {
  cut -f1 -d' ' molecules/bench_1k.smi
  awk 'NR % 25 == 0 {print $1}' molecules/bench_10k.smi
  cut -f1 molecules/series.smi molecules/stock.smi
  tail -n +2 molecules/stock.csv | cut -d, -f1
  grep -hv '^#' tests/fixtures/examples.tsv tests/fixtures/realism.tsv | cut -f2,3 | tr '\t' '\n'
}
smiles_list | tr -d '\r' | awk 'NF' | sort -u |
  awk -v d="$out/fuzz_smiles" '{f = sprintf("%s/smi-%05d", d, NR); printf "%s", $0 > f; close(f)}'

# Substrate/target pairs, "FROM\nTO": the fixtures' pairs, and the series and
# part of the benchmark list as targets from homopiperazine.
{
  grep -hv '^#' tests/fixtures/examples.tsv tests/fixtures/realism.tsv | cut -f2,3
  cut -f1 molecules/series.smi | sed 's/^/C1CNCCNC1\t/'
  awk 'NR % 10 == 0 {print "C1CNCCNC1\t" $1}' molecules/bench_1k.smi
} | tr -d '\r' | awk -F'\t' 'NF == 2' | sort -u |
  awk -F'\t' -v d="$out/fuzz_plan" '{f = sprintf("%s/pair-%04d", d, NR); printf "%s\n%s", $1, $2 > f; close(f)}'

# Rule files: the first byte picks the file (fuzz_rules.c lists them in the
# loader's order), the rest is its text: the shipped rules and the test
# fixture's set.
files=(sources side_reactions vocabulary scaffold functional_groups protecting_groups
       reagents transformations masks planner reagent_validity)
for i in "${!files[@]}"; do
  for dir in rules tests/fixtures/rules_ok; do
    f="$dir/${files[$i]}.yaml"
    [ -f "$f" ] || continue
    tag="$(basename "$dir")"
    { printf "\\$(printf '%03o' "$i")"; cat "$f"; } > "$out/fuzz_rules/$tag-${files[$i]}"
  done
done

# Compound lists: the shipped ones (the long ones cut to 200 lines), and
# the fixtures as tab-separated text (neither .smi nor CSV: rows of errors).
for f in molecules/*.smi molecules/*.csv tests/fixtures/*.tsv; do
  head -n 200 "$f" > "$out/fuzz_batch/$(basename "$f")"
done

# Dictionaries (libFuzzer -dict, fuzz/run.sh passes them): the keys the
# rule files use, with the YAML that joins them; SMILES tokens.
{
  grep -ohE '^[ -]*[a-z_]+:' rules/*.yaml | sed -E 's/^[ -]*//' | sort -u
  printf '%s\n' '- ' '&a ' '*a' '!!str ' '---' '...' '{' '}' '[' ']' 'null' 'true' '"' "'" '|' '>'
} | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' > "$out/fuzz_rules.dict"
printf '%s\n' '[nH]' '[NH+]' '[N+](=O)[O-]' '@@' '@' '/' '\\' '%10' 'Cl' 'Br' '*' '.' \
  'N1CCCNCC1' 'C(=O)OC(C)(C)C' 'c1ccccc1' '[C@@H]' '[2H]' '#' '=' '(' ')' |
  sed 's/"/\\"/g; s/.*/"&"/' > "$out/fuzz_smiles.dict"
cp "$out/fuzz_smiles.dict" "$out/fuzz_plan.dict"

for d in "$out"/*/; do
  echo "$(basename "$d"): $(find "$d" -type f | wc -l) seeds"
done
