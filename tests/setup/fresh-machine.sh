#!/usr/bin/env bash
# The set-up path of a fresh machine, simulated on this one:
#  1. scripts/install-deps (without --test) asks apt for every package that
#     configuring the build needs: each pkg-config module CMakeLists.txt
#     requires, libcsv's header and library, the compiler and build tools.
#     dpkg-query and apt-get are replaced by stubs that say nothing is
#     installed and record what would be installed.
#  2. The configure command of scripts/run-sample succeeds where pkg-config
#     cannot find cmocka (or any other test-only package).
#  3. A tests build without cmocka still configures (golden cases only), and
#     with REFNET_REQUIRE_CMOCKA=ON (as scripts/test) it fails.
# Usage: fresh-machine.sh REPOSITORY
set -u
root=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-fresh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 1. What install-deps would install, on a machine that has nothing.
mkdir -p "$tmp/stubs"
cat >"$tmp/stubs/dpkg-query" <<'STUB'
#!/bin/sh
exit 1
STUB
cat >"$tmp/stubs/apt-get" <<'STUB'
#!/bin/sh
[ "$1" = update ] && exit 0
for a in "$@"; do case $a in -*|install) ;; *) echo "$a" >>"$APT_LOG" ;; esac; done
STUB
chmod +x "$tmp/stubs/"*
for mode in build test; do
  log=$tmp/apt-$mode
  : >"$log"
  arg=""; [ $mode = test ] && arg=--test
  APT_LOG=$log PATH="$tmp/stubs:$PATH" bash "$root/scripts/install-deps" $arg \
    >/dev/null 2>&1 || bad "install-deps $arg failed with the stubs"
done
needs=$(sed -n 's/^ *pkg_check_modules([A-Z0-9_]* REQUIRED IMPORTED_TARGET \(.*\))/\1/p' \
          "$root/CMakeLists.txt")
[ -n "$needs" ] || bad "found no required pkg-config module in CMakeLists.txt"
for m in $needs; do
  pc=$(pkg-config --variable=pcfiledir "$m" 2>/dev/null)/$m.pc
  pkg=$(dpkg -S "$pc" 2>/dev/null | head -n 1 | cut -d: -f1)
  if [ -z "$pkg" ]; then bad "no installed package provides $m.pc"; continue; fi
  grep -qx "$pkg" "$tmp/apt-build" || bad "install-deps does not install $pkg (for $m)"
done
for f in /usr/include/csv.h; do
  pkg=$(dpkg -S "$f" 2>/dev/null | head -n 1 | cut -d: -f1)
  grep -qx "${pkg:-?}" "$tmp/apt-build" || bad "install-deps does not install the package of $f"
done
for p in cmake pkg-config gcc make; do
  grep -qx "$p" "$tmp/apt-build" || bad "install-deps does not install $p"
done
grep -qx libcmocka-dev "$tmp/apt-build" && bad "install-deps installs cmocka without --test"
grep -qx libcmocka-dev "$tmp/apt-test" || bad "install-deps --test does not install cmocka"

# 2. and 3. Configure with a pkg-config path that lacks cmocka.
mkdir -p "$tmp/pc"
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
  for pc in "$d"/*.pc; do
    [ -e "$pc" ] && [ "$(basename "$pc")" != cmocka.pc ] && ln -sf "$pc" "$tmp/pc/"
  done
done
line=$(grep -m1 '^cmake -S \. -B build ' "$root/scripts/run-sample")
[ -n "$line" ] || bad "scripts/run-sample has no 'cmake -S . -B build' line"
flags=$(printf '%s\n' "$line" | sed 's/^cmake -S \. -B build //; s/>.*//')
configure() {  # NAME FLAGS...: configure into $tmp/NAME without cmocka
  local name=$1; shift
  (cd "$root" && PKG_CONFIG_LIBDIR="$tmp/pc" cmake -S . -B "$tmp/$name" "$@") \
    >"$tmp/$name.log" 2>&1
}
# shellcheck disable=SC2086
configure sample $flags || { bad "run-sample's configure fails without cmocka"; tail -5 "$tmp/sample.log"; }
configure golden -DREFNET_TESTS=ON || { bad "a tests build without cmocka fails"; tail -5 "$tmp/golden.log"; }
grep -q "cmocka not found" "$tmp/golden.log" || bad "a tests build without cmocka does not say so"
configure strict -DREFNET_TESTS=ON -DREFNET_REQUIRE_CMOCKA=ON \
  && bad "REFNET_REQUIRE_CMOCKA=ON configures without cmocka"

[ $fail = 0 ] && echo "fresh machine: install-deps and configure without test packages work"
exit $fail
