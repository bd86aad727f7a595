#!/usr/bin/env bash
# Run one golden case: tests/golden/<case>/cmd is a shell snippet that calls
# `refnet ...` (a function running the binary under test).  It runs in the
# case's directory with ROOT (the repository) and TMP (a fresh directory)
# set.  Its stdout, stderr and exit status must equal expected.out,
# expected.err (empty when the file is missing) and expected.rc (0 when
# missing).  With REFNET_GOLDEN_UPDATE=1 the expected files are rewritten.
# With REFNET_TEST_WRAP set (a command prefix, split at spaces, such as
# tests/memcheck.sh), every run of the binary goes through it; a report the
# wrapper leaves in REFNET_MEMCHECK_LOG fails the case even when the case
# hides refnet's standard error or exit status.
# A case that runs other programs (xmllint, dot, python3, chromium...) names
# them in a file `requires`, whitespace-separated (# starts a comment); when
# one is not on PATH the case is skipped with a message and exit status 77,
# which ctest reports as skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt).
# Cases that read the same input share it: a file `fixture` in the case
# names a directory of tests/golden/fixtures/ (usually holding net/), and
# the case runs in a fresh directory ($TMP/case) holding a copy of that
# fixture and of the case's own files, instead of in its own directory: the
# paths in messages read as with a copy of its own (net/contacts.csv...),
# and nothing it writes reaches the shared files.
# A case that finds at run time that it cannot apply (a memory limit under a
# sanitizer or valgrind, say) skips itself, with exit status 77 too: its cmd prints a
# line starting "skipped:" and exits 77.
set -u
case_dir=$1
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/refnet-golden.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
wrap=${REFNET_TEST_WRAP:-}
REFNET_MEMCHECK_LOG=$TMP/.memcheck
export ROOT TMP bin wrap REFNET_MEMCHECK_LOG LC_ALL=C TZ=UTC

cd "$case_dir" || exit 2
if [ -f requires ]; then
  missing=""
  for tool in $(sed 's/#.*//' requires); do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  if [ -n "$missing" ]; then
    echo "skipped: $(basename "$case_dir") needs$missing, not found on PATH" \
         "(scripts/install-deps --test installs the test tools)"
    exit 77
  fi
fi
cmd=$PWD/cmd
if [ -f fixture ]; then
  fixture=$ROOT/tests/golden/fixtures/$(sed 's/#.*//' fixture | tr -d '[:space:]')
  [ -d "$fixture" ] || { echo "fixture '$fixture' not found"; exit 1; }
  mkdir "$TMP/case" && cp -R "$fixture/." "$TMP/case/" && cp -R ./. "$TMP/case/" || exit 2
fi
export cmd
(
  if [ -d "$TMP/case" ]; then cd "$TMP/case" || exit 2; fi
  bash -c 'refnet() { $wrap "$bin" "$@"; }; set -o pipefail; . "$cmd"'
) >"$TMP/.out" 2>"$TMP/.err"
rc=$?
if [ "$rc" = 77 ] && head -n 1 "$TMP/.out" | grep -q '^skipped:'; then
  head -n 1 "$TMP/.out"
  exit 77
fi

if [ "${REFNET_GOLDEN_UPDATE:-0}" = 1 ]; then
  cp "$TMP/.out" expected.out
  if [ -s "$TMP/.err" ]; then cp "$TMP/.err" expected.err; else rm -f expected.err; fi
  if [ "$rc" != 0 ]; then echo "$rc" > expected.rc; else rm -f expected.rc; fi
  echo "updated $(basename "$case_dir")"
  exit 0
fi

fail=0
if [ -s "$TMP/.memcheck" ]; then
  cat "$TMP/.memcheck"; fail=1
fi
[ -f expected.out ] || { echo "missing expected.out"; fail=1; }
[ -f expected.out ] && { diff -u expected.out "$TMP/.out" || fail=1; }
if [ -f expected.err ]; then
  diff -u expected.err "$TMP/.err" || fail=1
elif [ -s "$TMP/.err" ]; then
  echo "unexpected stderr:"; cat "$TMP/.err"; fail=1
fi
want_rc=0
[ -f expected.rc ] && want_rc=$(cat expected.rc)
if [ "$rc" != "$want_rc" ]; then
  echo "exit status $rc, expected $want_rc"; fail=1
fi
exit $fail
