#!/usr/bin/env bash
# `cmake --install` gives a relocatable tree: installed into p1 and moved to
# p2, dzp-plan plans with p2's own rules, from another directory and with
# DZP_RULES unset, although the source tree (and its rules/) still exists.
# The proof is the rules' sha256 in the provenance and, stronger, that a
# mistake put into p2's copy of the rules (and only there) is what it
# reports.  Also: --rules and DZP_RULES still win, a symbolic link to the
# installed program works, a program without rules says where it looked,
# the build tree's program still plans with the source rules, and the man
# page and completion are installed.
# Usage: test_install.sh PATH/TO/dzp-plan CMAKE BUILD_DIR SOURCE_DIR
set -u
bin="$1"
cmake="$2"
build="$3"
src="$4"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
unset DZP_RULES DESTDIR
from=C1CNCCNC1
to='CC(=O)N1CCCNCC1'
rules_sha() { grep -o '"rules":"[0-9a-f]*"' "$1" | head -1 | cut -d'"' -f4; }

if ! "$cmake" --install "$build" --prefix "$tmp/p1" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "FAIL: cmake --install $build --prefix $tmp/p1"
  exit 1
fi
mv "$tmp/p1" "$tmp/p2"
p2="$tmp/p2"
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1

for f in bin/dzp-plan share/dzp-plan/rules/vocabulary.yaml share/man/man1/dzp-plan.1 \
         share/bash-completion/completions/dzp-plan share/doc/dzp-plan/route.schema.json; do
  [ -e "$p2/$f" ] && ok || bad "$f is not installed"
done
[ -z "$(find "$p2" -name 'dzp-plan.source-rules')" ] && ok ||
  bad "the build tree's record of its source rules was installed"
bash --norc -c 'source "$1" && complete -p dzp-plan' _ "$p2/share/bash-completion/completions/dzp-plan" \
  >/dev/null 2>&1 && ok || bad "the installed completion does not register dzp-plan"

# the reference: the source rules, named explicitly
"$bin" --rules "$src/rules" --from "$from" --to "$to" --format json >"$tmp/ref.json" 2>/dev/null
want="$(rules_sha "$tmp/ref.json")"
[ -n "$want" ] && ok || bad "no rules sha256 in the reference run"

# the moved tree plans with its own rules
"$p2/bin/dzp-plan" --from "$from" --to "$to" --format json >"$tmp/moved.json" 2>"$tmp/moved.err"
rc=$?
[ "$rc" = 0 ] && grep -q '"status":"ok"' "$tmp/moved.json" && ok ||
  bad "the moved install does not plan (exit $rc): $(cat "$tmp/moved.err")"
[ "$(rules_sha "$tmp/moved.json")" = "$want" ] && ok ||
  bad "the moved install's rules sha256 $(rules_sha "$tmp/moved.json") is not the source rules' $want"

# through a symbolic link (say, in ~/.local/bin) to the installed program
mkdir "$tmp/links" && ln -s "$p2/bin/dzp-plan" "$tmp/links/dzp-plan"
"$tmp/links/dzp-plan" --from "$from" --to "$to" --format json >"$tmp/link.json" 2>/dev/null
[ "$(rules_sha "$tmp/link.json")" = "$want" ] && ok || bad "a symbolic link to the installed program finds no rules"

# change the installed copy only: the installed program sees the change
printf '\n# changed in the install tree only\n' >>"$p2/share/dzp-plan/rules/planner.yaml"
"$p2/bin/dzp-plan" --from "$from" --to "$to" --format json >"$tmp/changed.json" 2>/dev/null
got="$(rules_sha "$tmp/changed.json")"
[ -n "$got" ] && [ "$got" != "$want" ] && ok ||
  bad "changing the installed rules did not change the rules sha256 ($got)"
sed -i 's/condition_classes: \[acid, tbu_cation\]/condition_classes: [acdi, tbu_cation]/' \
  "$p2/share/dzp-plan/rules/transformations.yaml"
"$p2/bin/dzp-plan" --from "$from" --to "$to" >"$tmp/broken.out" 2>"$tmp/broken.err"
rc=$?
[ "$rc" = 2 ] && grep -qF "$p2/share/dzp-plan/rules/transformations.yaml:" "$tmp/broken.err" && ok ||
  bad "a mistake in the installed rules is not what the installed program reports (exit $rc): $(cat "$tmp/broken.err")"

# --rules DIR, then DZP_RULES, win over the installed rules
"$p2/bin/dzp-plan" --rules "$src/rules" --from "$from" --to "$to" --format json >"$tmp/opt.json" 2>/dev/null
[ "$(rules_sha "$tmp/opt.json")" = "$want" ] && ok || bad "--rules DIR does not win over the installed rules"
DZP_RULES="$src/rules" "$p2/bin/dzp-plan" --from "$from" --to "$to" --format json >"$tmp/env.json" 2>/dev/null
[ "$(rules_sha "$tmp/env.json")" = "$want" ] && ok || bad "DZP_RULES does not win over the installed rules"
DZP_RULES="$tmp/nowhere" "$p2/bin/dzp-plan" --rules "$src/rules" --from "$from" >/dev/null 2>&1 && ok ||
  bad "--rules DIR does not win over DZP_RULES"

# a program with no rules anywhere: exit 2, one sentence naming where it looked
mkdir -p "$tmp/bare/bin" && cp "$p2/bin/dzp-plan" "$tmp/bare/bin/"
"$tmp/bare/bin/dzp-plan" --from "$from" --to "$to" >"$tmp/none.out" 2>"$tmp/none.err"
rc=$?
[ "$rc" = 2 ] && [ ! -s "$tmp/none.out" ] && [ "$(wc -l <"$tmp/none.err")" = 1 ] &&
  grep -qF "$tmp/bare/share/dzp-plan/rules" "$tmp/none.err" && grep -q 'DZP_RULES' "$tmp/none.err" && ok ||
  bad "without rules: exit $rc, stderr: $(cat "$tmp/none.err")"

# the build tree's program, run from elsewhere, plans with the source rules
"$bin" --from "$from" --to "$to" --format json >"$tmp/build.json" 2>/dev/null
[ "$(rules_sha "$tmp/build.json")" = "$want" ] && ok || bad "the build tree's dzp-plan does not find the source rules"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
