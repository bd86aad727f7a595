#!/usr/bin/env bash
# cmake --install into a staging directory (DESTDIR) under the prefix
# /usr/local, then the tree: the binary runs --version, the man page renders
# without a warning, both completion files and the documents are there, and
# nothing lands outside DESTDIR/usr/local.  A second install with another
# --prefix and no DESTDIR shows the prefix is honoured.
#
#   destdir.sh CMAKE BUILD_DIR SOURCE_DIR
set -u
cmake=$1 build=$2 src=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

DESTDIR=$tmp/stage "$cmake" --install "$build" --prefix /usr/local >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; bad "cmake --install failed"; exit 1; }
r=$tmp/stage/usr/local

[ -x "$r/bin/refnet" ] || bad "no bin/refnet"
first=$("$r/bin/refnet" --version | head -n 1)
[ "$first" = "$("$build/refnet" --version | head -n 1)" ] || bad "installed --version says '$first'"
"$r/bin/refnet" --version | grep -q '^  igraph ' || bad "--version names no library"

man1=$r/share/man/man1/refnet.1
[ -f "$man1" ] || bad "no share/man/man1/refnet.1"
warn=$(groff -man -Tutf8 -ww -z "$man1" 2>&1)
[ -z "$warn" ] || bad "groff warns about the man page: $warn"
if command -v man >/dev/null; then
  page=$(MANWIDTH=80 man -l "$man1" 2>"$tmp/man.err")
  [ -s "$tmp/man.err" ] && bad "man -l: $(cat "$tmp/man.err")"
  grep -q '^REFNET(1)' <<<"$page" || bad "man -l does not show REFNET(1)"
  # man finds it by name under the installed prefix.
  [ "$(MANPATH=$r/share/man man -w refnet 2>/dev/null)" = "$man1" ] || bad "man -w refnet does not find it"
fi

[ -f "$r/share/bash-completion/completions/refnet" ] || bad "no bash completion"
[ -f "$r/share/zsh/site-functions/_refnet" ] || bad "no zsh completion"
bash -n "$r/share/bash-completion/completions/refnet" || bad "bash completion does not parse"
if command -v zsh >/dev/null; then
  zsh -n "$r/share/zsh/site-functions/_refnet" || bad "zsh completion does not parse"
fi

doc=$r/share/doc/refnet
[ -f "$doc/README.md" ] || bad "no share/doc/refnet/README.md"
for d in "$src"/docs/*.md; do
  [ -f "$doc/docs/$(basename "$d")" ] || bad "no share/doc/refnet/docs/$(basename "$d")"
done

outside=$(cd "$tmp/stage" && find . -type f ! -path './usr/local/*')
[ -z "$outside" ] || bad "installed outside the prefix: $outside"

"$cmake" --install "$build" --prefix "$tmp/other" >"$tmp/log2" 2>&1 || bad "install to another prefix failed"
[ -x "$tmp/other/bin/refnet" ] && [ -f "$tmp/other/share/man/man1/refnet.1" ] ||
  bad "--prefix $tmp/other not honoured"

[ $fail = 0 ] && echo "installed tree complete: $(cd "$tmp/stage" && find . -type f | wc -l) files"
exit $fail
