#!/usr/bin/env zsh
# The zsh completion (completion/_refnet), driven as a user drives it: an
# interactive zsh in a pseudo-terminal (zsh/zpty) with compinit and the
# completion directory in fpath gets a partial command line and a TAB.  A
# wrapper around compadd records the matches each completion offers (after
# zsh's own filtering by the word being completed), so the test compares
# words, not screen output.
#
#   zsh.zsh REFNET REPOSITORY
emulate -L zsh
setopt err_return no_unset
zmodload zsh/zpty
refnet=${1:A}
root=${2:A}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-zshcomp.XXXXXX")
trap 'zpty -d z 2>/dev/null; rm -rf $tmp' EXIT
mkdir $tmp/bin $tmp/work $tmp/work/netA $tmp/work/netB
ln -s $refnet $tmp/bin/refnet
: >$tmp/work/roster.csv
cp $root/tests/golden/complete-queries/net/contacts.csv $tmp/work/netA/

cat >$tmp/.zshrc <<RC
PS1='ready> '
unsetopt auto_list list_ambiguous auto_menu menu_complete beep
fpath=($root/completion \$fpath)
autoload -Uz compinit && compinit -u -d $tmp/.zcompdump
compadd() {
  # Calls that only ask (-O, -A, -D) or that add nothing are passed through.
  if (( \${@[(I)-[OAD]*]} )); then builtin compadd "\$@"; return; fi
  local -a __m
  builtin compadd -O __m "\$@"
  (( \$#__m )) && print -rl -- \$__m >>$tmp/matches
  builtin compadd "\$@"
}
cd $tmp/work
RC
zpty z "env -i HOME=$tmp ZDOTDIR=$tmp PATH=$tmp/bin:/usr/bin:/bin TERM=vt100 zsh -i"
# zle drops what is typed before it starts: wait for the first prompt, and
# after each line for the next one.
zpty -r z out '*ready> *'

# complete LINE: the sorted, space-separated matches TAB offers at its end.
complete() {
  local out
  : >$tmp/matches
  zpty -w -n z "$1"$'\t'
  zpty -w -n z $'\C-e\C-u'
  zpty -w z "print D''ONE"
  zpty -r z out '*DONE*ready> *'
  sort -u $tmp/matches | paste -sd ' ' -
}
fail=0
offers() {
  local want=$1 got
  got=$(complete "$2")
  if [[ $got != "$want" ]]; then
    print -r -- "FAIL: $2<TAB>"; print -r -- "  want: $want"; print -r -- "  got:  $got"; fail=1
  fi
}
includes() {
  local want=$1 got w
  got=" $(complete "$2") "
  for w in ${=want}; do
    [[ $got == *" $w "* ]] || { print -r -- "FAIL: $2<TAB> does not offer $w (got$got)"; fail=1; }
  done
  [[ $got != *' __'* ]] || { print -r -- "FAIL: $2<TAB> offers a hidden command"; fail=1; }
}

S=$root/datasets/sample
# Commands, and top-level options.
includes "check intro render report reciprocity help" "refnet "
offers "intro" "refnet intr"
offers "import intro" "refnet help i"
# Options per command, from its option table.
offers "--for --format" "refnet intro --fo"
offers "--max-hops" "refnet intro --ma"
offers "--map" "refnet import csv chapter --ma"
includes "--exact --samples --communities --as-of --raw-cells" "refnet stats --"
# --format values per command, however the option is written.
offers "dot pdf png svg" "refnet render --format "
offers "pdf png" "refnet render --format p"
offers "json text" "refnet check --format="
offers "csv json text tsv" "refnet intro x --format "
# Other options with a fixed set of values.
offers "sfdp" "refnet render --layout sf"
offers "leiden louvain" "refnet stats --communities l"
# Contact ids of the network on the line: NETWORK_DIR, --contacts, or ".".
offers "kevin-doyle" "refnet intro $S --for ke"
offers "kevin-doyle" "refnet intro --as-of 2026-11-01 $S -k 2 --for ke"
offers "kevin-doyle" "refnet followup --contacts=$S/contacts.csv --for ke"
offers "kevin-doyle" "refnet intro --contacts $S/contacts.csv --to ke"
offers "ann-lee ann-marie" "refnet render netA --for ann"
offers "bob smith" "refnet match netA --for b"
offers "" "refnet intro netB --for a"
# A list of ids, and the id before FROM:NEED.
offers "kevin-doyle" "refnet intro $S --avoid dana-wu,ke"
offers "tom-kowalski" "refnet render $S --intro tom"
# Subcommand words, then directories and files.
offers "csv linkedin" "refnet import "
offers "netA netB" "refnet check net"
offers "roster.csv" "refnet import csv chapter --contacts ro"
offers "roster.csv" "refnet import linkedin chapter --member dana=ro"

(( fail )) || print "zsh completion: all cases pass"
exit $fail
