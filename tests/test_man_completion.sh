#!/usr/bin/env bash
# The man page (docs/dzp-plan.1) and the bash completion
# (completion/dzp-plan.bash) that `cmake --install` installs are in step with
# the program: groff reads the page without a single warning (-ww), its
# version is the program's, and every option `dzp-plan --help` lists is in
# the rendered page and offered by the completion, as are the --format
# values; --batch/--stock complete files, --rules/--out directories.
# Usage: test_man_completion.sh PATH/TO/dzp-plan SOURCE_DIR
# Exit 77 (skipped) when groff is not installed, unless CI is set
# (.ci/setup installs groff-base).
set -u
bin="$1"
src="$2"
page="$src/docs/dzp-plan.1"
completion="$src/completion/dzp-plan.bash"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if ! command -v groff >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then echo "FAIL: groff missing in CI"; exit 1; fi
  echo "groff not installed (apt-get install groff-base): skipped"
  exit 77
fi

# --- the page is well-formed ------------------------------------------------
LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>"$tmp/warnings"
[ $? = 0 ] && [ ! -s "$tmp/warnings" ] && ok || bad "groff -man -ww warns: $(cat "$tmp/warnings")"
groff -man -Tascii -P-cbou "$page" >"$tmp/page.txt" 2>/dev/null
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  grep -qx "$section" "$tmp/page.txt" && ok || bad "the man page has no $section section"
done
version="$("$bin" --version | sed 's/^dzp-plan //')"
grep -q "^\.TH DZP\\\\-PLAN 1 [^ ]* \"dzp\\\\-plan $version\"" "$page" && ok ||
  bad "the man page's .TH line does not say dzp-plan $version (the program's --version)"

# --- every option of --help is in the page and the completion -------------
"$bin" --help >"$tmp/help"
grep -oE -- '(^|[[ ,|])--?[A-Za-z][A-Za-z-]*' "$tmp/help" | sed 's/^[[ ,|]//' | sort -u >"$tmp/options"
[ "$(wc -l <"$tmp/options")" -ge 15 ] && ok || bad "found only $(wc -l <"$tmp/options") options in --help"

# complete WORD... : what the completion offers for the last word
complete_words() {
  bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _dzp_plan; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" dzp-plan "$@"
}
complete_words - >"$tmp/offered"
# the tags of OPTIONS (such as "--from SMILES" or "-h, --help"), one a line
sed -n '/^OPTIONS$/,/^EXIT STATUS$/p' "$tmp/page.txt" | grep -E '^ {7}-' >"$tmp/tags"
while read -r opt; do
  grep -qE -- "(^|[ ,])$opt([ ,]|\$)" "$tmp/tags" && ok ||
    bad "$opt (in --help) is not described under OPTIONS in the man page"
  grep -qx -- "$opt" "$tmp/offered" && ok || bad "$opt (in --help) is not offered by the completion"
done <"$tmp/options"
# and nothing offered that --help does not list
while read -r opt; do
  grep -qx -- "$opt" "$tmp/options" && ok || bad "the completion offers $opt, which --help does not list"
done <"$tmp/offered"

formats="$(grep -oE -- '--format [a-z|]+' "$tmp/help" | head -1 | sed 's/--format //')"
for f in ${formats//|/ }; do
  complete_words --format "" | grep -qx "$f" && ok || bad "--format $f is not offered by the completion"
  complete_words --format = "" | grep -qx "$f" && ok || bad "--format=$f is not offered by the completion"
done

# --- files and directories ---------------------------------------------------
mkdir -p "$tmp/w/lists" && touch "$tmp/w/lists.smi"
cd "$tmp/w"
for opt in --batch --stock; do
  [ "$(complete_words "$opt" list | sort | tr '\n' ' ')" = "lists lists.smi " ] && ok ||
    bad "$opt does not complete file names: $(complete_words "$opt" list | tr '\n' ' ')"
done
for opt in --rules --out; do
  [ "$(complete_words "$opt" list | tr '\n' ' ')" = "lists " ] && ok ||
    bad "$opt does not complete directory names only: $(complete_words "$opt" list | tr '\n' ' ')"
done
[ -z "$(complete_words --to C)" ] && ok || bad "--to offers something for a SMILES"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
