#!/usr/bin/env bash
# Golden cases that need a tool besides refnet say so in their `requires`
# file, and run-golden.sh skips them (exit 77, with a message) where the tool
# is missing instead of failing them.
#   1. Every case whose cmd runs one of the tools below lists it.
#   2. With a PATH that lacks xmllint, a case requiring it is skipped with
#      the message; REFNET_GOLDEN_UPDATE=1 leaves its expected files alone.
#   3. With the tool present the same case runs and passes (not skipped).
#   4. A requirement that no machine has (a made-up tool) is skipped too.
#
#   requires.sh REFNET GOLDEN_DIR
set -u
refnet=$1
golden=$(cd "$2" && pwd)
run=$golden/run-golden.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-requires.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. A tool run as a command (at the start of a command, after a pipe, ;,
#    &&, ||, if, then, !, $( or timeout N, or after VAR=value) is required.
tools='xmllint|dot|neato|fdp|sfdp|circo|twopi|python3|chromium|zsh|groff|man|jq|unzip'
# One awk over every cmd and requires file (a process per case is slow).
reqs=$(ls "$golden"/*/requires 2>/dev/null)
awk -v tools="$tools" '
  function casename(f) { sub(/\/[^\/]*$/, "", f); sub(/.*\//, "", f); return f }
  FILENAME ~ /\/requires$/ { sub(/#.*/, ""); for (i = 1; i <= NF; i++) req[casename(FILENAME) " " $i] = 1; next }
  /^[[:space:]]*#/ { next }
  {
    line = $0
    pat = "(^|[;&|(!]|[$][(]|(if|then|do|else|timeout [0-9]+)[[:space:]]|[A-Za-z_]+=[^ ]*[[:space:]])[[:space:]]*(" tools ")([[:space:]]|$)"
    while (match(line, pat)) {
      m = substr(line, RSTART, RLENGTH)
      sub(/[[:space:]]+$/, "", m)
      n = split(m, w, /[^A-Za-z0-9]+/)
      used[casename(FILENAME) " " w[n]] = 1
      line = substr(line, RSTART + RLENGTH)
    }
  }
  END { for (k in used) if (!(k in req)) { split(k, p, " "); print p[1] " runs " p[2] ", but " p[1] "/requires does not list it" } }
' $reqs "$golden"/*/cmd | sort >"$tmp/unlisted"
while IFS= read -r line; do bad "$line"; done <"$tmp/unlisted"

# 2. A PATH without xmllint: every program of the real PATH but that one.
mkdir "$tmp/path"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  # In PATH order: a name already linked from an earlier directory stays.
  [ -d "$d" ] && ln -s "$d"/* "$tmp/path/" 2>/dev/null
done
rm -f "$tmp/path/xmllint"
# A copy of the case, so that nothing here can rewrite the real one.
cp -r "$golden/out-graphml" "$tmp/out-graphml"
case=$tmp/out-graphml
grep -qx xmllint "$case/requires" || bad "out-graphml/requires does not name xmllint"
PATH=$tmp/path bash -c 'command -v xmllint' >/dev/null && bad "xmllint still on the reduced PATH"
out=$(PATH=$tmp/path bash "$run" "$case" "$refnet" 2>&1)
rc=$?
[ "$rc" = 77 ] || bad "without xmllint, run-golden.sh exited $rc, expected 77 (skipped): $out"
want="skipped: out-graphml needs xmllint, not found on PATH (scripts/install-deps --test installs the test tools)"
[ "$out" = "$want" ] || bad "without xmllint, the message is '$out', expected '$want'"
before=$(cat "$case/expected.out" | cksum)
out=$(PATH=$tmp/path REFNET_GOLDEN_UPDATE=1 bash "$run" "$case" "$refnet" 2>&1)
rc=$?
[ "$rc" = 77 ] || bad "REFNET_GOLDEN_UPDATE=1 without xmllint exited $rc, expected 77"
[ "$(cat "$case/expected.out" | cksum)" = "$before" ] || bad "a skipped update rewrote out-graphml/expected.out"

# 3. With xmllint the case runs (and passes).
if command -v xmllint >/dev/null; then
  out=$(bash "$run" "$case" "$refnet" 2>&1)
  rc=$?
  [ "$rc" = 0 ] || bad "with xmllint, out-graphml exited $rc: $out"
fi

# 4. A tool that does not exist, in a copy of a case without requirements.
cp -r "$golden/usage-version" "$tmp/needs-more"
printf '# a tool no machine has\nsh refnet-no-such-tool-here\n' >"$tmp/needs-more/requires"
out=$(bash "$run" "$tmp/needs-more" "$refnet" 2>&1)
rc=$?
[ "$rc" = 77 ] || bad "a case requiring a missing tool exited $rc, expected 77"
case $out in
  "skipped: needs-more needs refnet-no-such-tool-here, not found on PATH"*) ;;
  *) bad "a case requiring a missing tool said '$out'" ;;
esac

[ $fail = 0 ] && echo "requires files complete; cases needing a missing tool are skipped"
exit $fail
