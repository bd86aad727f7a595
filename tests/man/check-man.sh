#!/usr/bin/env bash
# Hold the man page to the program, so that neither can change alone.
#
#   check-man.sh REFNET MANPAGE
#
# What the program says, from three sources:
#   - `refnet help` (the overview) and `refnet __complete commands` (the
#     command table): the commands;
#   - `refnet COMMAND --help`: every option its help text names;
#   - `refnet __complete options|formats COMMAND`: the option table and the
#     --format values the parser is given.
# What the man page says: the .SS sections under COMMANDS (one per command,
# named by the command), the options named in each, and those under COMMON
# OPTIONS (which every command accepts).
#
# It fails, naming each difference, when
#   - a command has no section, or a section is no command;
#   - an option a command's help names or its parser accepts appears neither
#     in its section nor under COMMON OPTIONS;
#   - a section names an option its command does not accept, or COMMON
#     OPTIONS names one that some command does not accept;
#   - a section's --format values differ from the command's (or the help
#     text's differ from the parser's);
#   - an option of the overview is not under COMMON OPTIONS.
set -u
refnet=$1
man=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
problems=0
say() { echo "$man: $*"; problems=$((problems + 1)); }

# Option names in a text: --long and -x, where a boundary (start, space,
# bracket, comma, bar, slash) comes before and no word character after.
opts() {
  grep -oE '(^|[][ (,|/=])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[][ (,|/=]//' |
    grep -E '^(--[A-Za-z][A-Za-z0-9-]*|-[A-Za-z])$' | sort -u
}
# The values of "--format a|b|c" (lists of at least two) in a text, one per line.
formats() {
  grep -oE -- '--format +[a-z0-9]+(\|[a-z0-9]+)+' | sed -E 's/^--format +//' | tr '|' '\n' |
    sort -u
}

# The man page as plain text, by section: lines "KEY<TAB>text" where KEY is
# cmd:NAME inside a command's section, common under COMMON OPTIONS, and
# other elsewhere.
sed -e '/^\.\\"/d' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\e/\\/g' \
    -e 's/"//g' "$man" |
  awk -v OFS='\t' '
    /^\.SH / { sh = $0; sub(/^\.SH +/, "", sh); ss = ""; next }
    /^\.SS / { ss = $0; sub(/^\.SS +/, "", ss); next }
    { key = "other"
      if (sh == "COMMANDS" && ss != "") key = "cmd:" ss
      else if (sh == "COMMON OPTIONS") key = "common"
      print key, $0 }' >"$tmp/man"
section() { awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$tmp/man"; }

section common | opts >"$tmp/man-common"
awk -F '\t' '$1 ~ /^cmd:/ { print substr($1, 5) }' "$tmp/man" | sort -u >"$tmp/man-cmds"

# Commands: the overview's list and the command table.
"$refnet" help >"$tmp/overview" 2>&1 || say "'refnet help' failed"
{
  awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' \
    "$tmp/overview"
  "$refnet" __complete commands | cut -f1
} | sort -u >"$tmp/cmds"
[ -s "$tmp/cmds" ] || say "found no command in 'refnet help' nor 'refnet __complete commands'"
comm -23 "$tmp/cmds" "$tmp/man-cmds" | while read -r c; do
  echo "command '$c' (in 'refnet help') has no '.SS $c' section under COMMANDS"
done >"$tmp/p"
comm -13 "$tmp/cmds" "$tmp/man-cmds" | while read -r c; do
  echo "section '.SS $c' under COMMANDS is not a command of 'refnet help'"
done >>"$tmp/p"

# The overview's common options.
awk '/^common options:/ { on = 1 } on { print } on && /^$/ { exit }' "$tmp/overview" |
  opts | comm -23 - "$tmp/man-common" | while read -r o; do
  echo "option '$o' (common options of 'refnet help') is missing from COMMON OPTIONS"
done >>"$tmp/p"

while read -r c; do
  "$refnet" "$c" --help >"$tmp/help" 2>&1
  "$refnet" __complete options "$c" | cut -f1 | sort -u >"$tmp/parser"
  opts <"$tmp/help" >"$tmp/help-opts"
  section "cmd:$c" >"$tmp/sect"
  opts <"$tmp/sect" >"$tmp/man-opts"
  sort -u "$tmp/man-opts" "$tmp/man-common" >"$tmp/man-all"

  # Named in the help text or accepted by the parser, but not in the man page.
  comm -23 "$tmp/help-opts" "$tmp/man-all" | while read -r o; do
    echo "option '$o' of 'refnet $c' (named in 'refnet $c --help') is missing from '.SS $c' and COMMON OPTIONS"
  done >>"$tmp/p"
  comm -23 "$tmp/parser" "$tmp/man-all" | comm -23 - "$tmp/help-opts" | while read -r o; do
    echo "option '$o' of 'refnet $c' (accepted by its parser) is missing from '.SS $c' and COMMON OPTIONS"
  done >>"$tmp/p"

  # In the man page, but not something the command takes.  A command whose
  # options are not parsed by rn_cli_parse (help) is held to its help text.
  if [ -s "$tmp/parser" ]; then accepted=$tmp/parser; else accepted=$tmp/help-opts; fi
  comm -23 "$tmp/man-opts" "$accepted" | while read -r o; do
    echo "'.SS $c' names option '$o', which 'refnet $c' does not accept"
  done >>"$tmp/p"
  if [ -s "$tmp/parser" ]; then
    comm -23 "$tmp/man-common" "$tmp/parser" | while read -r o; do
      echo "COMMON OPTIONS names option '$o', which 'refnet $c' does not accept"
    done >>"$tmp/p"
  fi

  # --format values: the parser's, the help text's and the man page's.
  "$refnet" __complete formats "$c" | sort -u >"$tmp/f-parser"
  formats <"$tmp/help" >"$tmp/f-help"
  formats <"$tmp/sect" >"$tmp/f-man"
  sort -u "$tmp/f-parser" "$tmp/f-help" >"$tmp/f-all"
  if [ -s "$tmp/f-parser" ] && ! cmp -s "$tmp/f-parser" "$tmp/f-help"; then
    echo "'refnet $c --help' lists --format $(paste -sd '|' "$tmp/f-help"), its parser takes $(paste -sd '|' "$tmp/f-parser")"
  fi >>"$tmp/p"
  if [ -s "$tmp/f-all" ] && ! cmp -s "$tmp/f-all" "$tmp/f-man"; then
    echo "'.SS $c' lists --format '$(paste -sd '|' "$tmp/f-man")', 'refnet $c' takes '$(paste -sd '|' "$tmp/f-all")'"
  fi >>"$tmp/p"
done <"$tmp/cmds"

while IFS= read -r line; do say "$line"; done <"$tmp/p"
if [ "$problems" -gt 0 ]; then
  echo "$problems difference(s) between the man page and refnet: update $man (see the comment at its top)"
  exit 1
fi
echo "man page and refnet agree: $(wc -l <"$tmp/cmds") commands"
