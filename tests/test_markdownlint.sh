#!/usr/bin/env bash
# Every kind of Markdown dzp-plan writes passes markdownlint (markdownlint-cli2
# with the project's .markdownlint-cli2.jsonc): a route with --scale and
# --routes 3, a site analysis, a refusal, an invalid target, a batch --out
# directory (reports, pictures linked, index.md), the README and fuzz/README.md.
# Usage: test_markdownlint.sh PATH/TO/dzp-plan SOURCE_DIR
# Exit 77 (skipped) when markdownlint-cli2 is not installed, unless CI is set
# (.ci/setup installs it with npm).
set -u
bin="$1"
src="$2"
lint="$(command -v markdownlint-cli2 || true)"
if [ -z "$lint" ]; then
  if [ -n "${CI:-}" ]; then echo "FAIL: markdownlint-cli2 missing in CI"; exit 1; fi
  echo "markdownlint-cli2 not installed: skipped"
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$src/.markdownlint-cli2.jsonc" "$tmp/"
cp "$src/README.md" "$tmp/README.md"
cp "$src/fuzz/README.md" "$tmp/fuzz-README.md"
"$bin" --from C1CNCCNC1 --to 'CN1CCCN(CC1)c1ccc(C)cc1' --scale 5mmol --routes 3 >"$tmp/route.md"
"$bin" --from C1CNCCNC1 >"$tmp/sites.md"
"$bin" --from C1CNCCNC1 --to 'Ic1ccc(cc1)N1CCCN(CC1)c1ccc(Br)cc1' >"$tmp/no_route.md" 2>/dev/null
"$bin" --from C1CNCCNC1 --to 'C1CNCCNX1' >"$tmp/invalid.md" 2>/dev/null
"$bin" --from C1CNCCNC1 --to 'CC(C)(C)OC(=O)N1CCC(CC1)N1CCCN(CC1)C(=O)c1ccc(cc1)S(=O)(=O)N1CCOCC1' \
  >"$tmp/long_title.md" 2>/dev/null
printf '%s\n' 'CN1CCCN(CC1)c1ccc(C#N)cc1 nitrile' 'O=C(c1ccccc1)N1CCCNCC1 benzamide' \
  'C1CNCCNX1 bad row' 'Ic1ccc(cc1)N1CCCN(CC1)c1ccc(Br)cc1 no route' >"$tmp/list.smi"
"$bin" --from C1CNCCNC1 --batch "$tmp/list.smi" --out "$tmp/batch" --scale 2mmol --quiet 2>/dev/null
n="$(find "$tmp" -name '*.md' | wc -l)"
if (cd "$tmp" && "$lint" '**/*.md' >"$tmp/lint.out" 2>&1); then
  echo "markdownlint: $n files clean"
  exit 0
fi
cat "$tmp/lint.out"
exit 1
