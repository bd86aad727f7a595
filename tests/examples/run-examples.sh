#!/usr/bin/env bash
# run-examples.sh ROOT BINARY: every example of the documentation runs as
# written on the sample network.
#
# The examples are
#   * the lines under "example:" / "examples:" in `refnet help COMMAND`, for
#     every command `refnet help` lists;
#   * in README.md, datasets/README.md and docs/*.md, the command lines of
#     code blocks (fenced, or indented by four spaces): a line that is
#     `refnet COMMAND ...` or `$ refnet COMMAND ...` for a command refnet has
#     (a line ending in \ continues on the next).  A synopsis (a line with
#     " [") is not an example.
# Each runs with bash in a fresh directory holding a copy of datasets/ and an
# empty docs/ (so `-o docs/sample.svg` works), `refnet` being the binary
# under test.  It must exit 0; but when the documentation shows an error
# message right after it (the next line starts "refnet:" or "refnet CMD:"),
# it must fail and print that very line on stderr.
#
# Skipped, and listed: `refnet import` examples, which read a person's own
# export files (LinkedIn archives, address books) that no sample holds, and
# the examples after one in the same code block or help text (they use what
# it imported); tests/golden/import-* run the importers on fixtures.
set -u
ROOT=$1
BIN=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet-examples.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
REFNET_BIN=$BIN
export LC_ALL=C TZ=UTC REFNET_BIN

commands=$("$BIN" help | awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }')
[ -n "$commands" ] || { echo "no commands in 'refnet help'"; exit 1; }

list=$TMP/.examples   # SOURCE, COMMAND, EXPECTED ERROR LINE, BLOCK; US-separated
                      # (a tab would let read merge an empty field)
: > "$list"
for c in $commands; do
  "$BIN" help "$c" | awk -v src="refnet help $c" '
    /^examples?:$/ { f = 1; next }
    f && /^  refnet / { line = substr($0, 3)
      while (line ~ /\\$/ && (getline next_line) > 0) {
        sub(/\\$/, "", line); sub(/^ +/, "", next_line); line = line next_line }
      printf "%s\037%s\037\037%s\n", src, line, src }' >> "$list"
done
for f in "$ROOT"/README.md "$ROOT"/datasets/README.md "$ROOT"/docs/*.md; do
  awk -v src="${f#"$ROOT"/}" -v cmds=" $(echo $commands) " '
    function is_example(s,   w) {
      if (s !~ /^refnet [a-z]+( |$)/ || s ~ / \[/) return 0
      split(s, w, " "); return index(cmds, " " w[2] " ") > 0
    }
    function strip(s) { sub(/^ +/, "", s); sub(/^\$ /, "", s); return s }
    /^ *```/ { fenced = !fenced; block++; next }
    {
      code = fenced || /^    /
      if (!code) block++
      s = strip($0)
      if (pending != "") {
        err = (code && s ~ /^refnet( [a-z]+)?: /) ? s : ""
        printf "%s\037%s\037%s\037%s\n", pending_src, pending, err, src ":" pending_block
        pending = ""
      }
      if (!code || !is_example(s)) next
      start = NR
      while (s ~ /\\$/ && (getline next_line) > 0) {
        sub(/\\$/, "", s); s = s strip(next_line) }
      pending = s; pending_src = src ":" start; pending_block = block
    }
    END { if (pending != "") printf "%s\037%s\037\037%s\n", pending_src, pending, src ":" pending_block }' "$f" >> "$list"
done

n=0 ran=0 failed=0 skipped="" skip_block=""
while IFS=$'\037' read -r src cmd want block; do
  n=$((n + 1))
  case $cmd in
    "refnet import "*) skip_block=$block ;;
  esac
  if [ "$block" = "$skip_block" ]; then
    skipped="$skipped  $src: $cmd"$'\n'
    continue
  fi
  work=$TMP/$n
  mkdir -p "$work/docs"
  cp -R "$ROOT/datasets" "$work/datasets"
  (cd "$work" && bash -c 'refnet() { "$REFNET_BIN" "$@"; }; '"$cmd" ) \
    > "$work/.out" 2> "$work/.err" < /dev/null
  rc=$?
  ran=$((ran + 1))
  ok=1
  if [ -z "$want" ]; then
    [ "$rc" = 0 ] || ok=0
  else
    [ "$rc" != 0 ] && grep -qxF -- "$want" "$work/.err" || ok=0
  fi
  if [ "$ok" = 0 ]; then
    failed=$((failed + 1))
    echo "FAIL $src: $cmd"
    echo "  exit status $rc${want:+ (the documentation shows: $want)}"
    sed 's/^/  stderr: /' "$work/.err" | head -5
  fi
  rm -rf "$work"
done < "$list"
[ -n "$skipped" ] && printf 'skipped (they read a person'"'"'s own export files):\n%s' "$skipped"
echo "$ran examples run, $failed failed"
[ "$ran" -gt 20 ] || { echo "too few examples found: the extraction is broken"; exit 1; }
[ "$failed" = 0 ]
