#!/usr/bin/env bash
# The bash completion (completion/refnet.bash), driven as bash drives it:
# COMP_WORDS and COMP_CWORD set (words split at = and :, as bash does), then
# _refnet called; COMPREPLY is compared with what should be offered.
#
#   bash.sh REFNET REPOSITORY
set -u
refnet=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-bashcomp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/work" "$tmp/work/netA" "$tmp/work/netB"
ln -s "$refnet" "$tmp/bin/refnet"
: >"$tmp/work/roster.csv"
cp "$root/tests/golden/complete-queries/net/contacts.csv" "$tmp/work/netA/"
export PATH="$tmp/bin:$PATH"
cd "$tmp/work" || exit 2
. "$root/completion/refnet.bash" || exit 1
[ "$(complete -p refnet)" = "complete -F _refnet refnet" ] || { echo "FAIL: not registered"; exit 1; }

S=$root/datasets/sample
fail=0
# offers "WORD WORD..." [WORD...]: completing the last word offers exactly
# these (sorted, space-separated).
offers() {
  local want=$1; shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _refnet 2>/dev/null
  local got
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | paste -sd ' ')
  if [ "$got" != "$want" ]; then
    echo "FAIL: $* <TAB>"; echo "  want: $want"; echo "  got:  $got"; fail=1
  fi
}
# includes "WORD..." [WORD...]: ...offers at least these.
includes() {
  local want=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _refnet 2>/dev/null
  for w in $want; do
    printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "$w" ||
      { echo "FAIL: $* <TAB> does not offer $w (got ${COMPREPLY[*]})"; fail=1; }
  done
  printf '%s\n' "${COMPREPLY[@]}" | grep -q '^__' &&
    { echo "FAIL: $* <TAB> offers a hidden command"; fail=1; }
}

# Commands, and top-level options.
includes "check intro render report reciprocity help" refnet ""
offers "intro" refnet intr
offers "--help --version" refnet -
offers "import intro" refnet help i
# Options per command, from its option table.
offers "--for --format" refnet intro --fo
offers "--from" refnet intro --fr
offers "--max-hops" refnet intro --ma
offers "--map" refnet import csv chapter --ma
includes "--exact --samples --communities --as-of --raw-cells -o" refnet stats -
offers "" refnet check --fro
# --format values per command, however the option is written.
offers "dot pdf png svg" refnet render --format ""
offers "pdf png" refnet render --format p
offers "json text" refnet check --format = ""
offers "csv json text tsv" refnet intro x --format ""
# Other options with a fixed set of values.
offers "sfdp" refnet render --layout sf
offers "leiden louvain" refnet stats --communities l
# Contact ids of the network on the line: NETWORK_DIR, --contacts, or ".".
offers "kevin-doyle" refnet intro "$S" --for ke
offers "kevin-doyle" refnet intro --as-of 2026-11-01 "$S" -k 2 --for ke
offers "kevin-doyle" refnet followup --contacts = "$S/contacts.csv" --for ke
offers "kevin-doyle" refnet intro --contacts "$S/contacts.csv" --to ke
offers "ann-lee ann-marie" refnet render netA --for ann
offers 'bob\ smith' refnet match netA --for b
(cd netA && offers "ann-lee ann-marie" refnet intro --for an)
offers "" refnet intro netB --for a
# A list of ids, and the id before FROM:NEED.
offers "dana-wu,kevin-doyle" refnet intro "$S" --avoid dana-wu,ke
offers "tom-kowalski:" refnet render "$S" --intro tom
offers "" refnet render "$S" --intro tom-kowalski : est
# Subcommand words, then directories and files.
offers "csv linkedin" refnet import ""
offers "netA netB" refnet check net
offers "netA netB" refnet import csv net
offers "roster.csv" refnet import csv chapter --contacts ro
offers "roster.csv" refnet import linkedin chapter --member dana = ro
offers "" refnet import linkedin chapter --member da

[ $fail = 0 ] && echo "bash completion: all cases pass"
exit $fail
