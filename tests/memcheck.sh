#!/usr/bin/env bash
# memcheck.sh PROGRAM [ARGS...]: run one refnet executable (the refnet binary
# or a unit test program) under valgrind memcheck.  Any memory error (an
# invalid read or write, a use of an uninitialised value, a bad free) or any
# leak "definitely lost" or "indirectly lost" makes it exit 99 and print
# valgrind's report on standard error; otherwise it exits as PROGRAM did.
#
# The test suite runs under it when ctest is started with
#   REFNET_TEST_WRAP=<repository>/tests/memcheck.sh
# (see tests/CMakeLists.txt and tests/golden/run-golden.sh).  The report is
# also appended to the file named by REFNET_MEMCHECK_LOG when that is set:
# the golden runner sets it, so that a case that hides refnet's standard
# error or exit status still fails.
#
# tests/valgrind.supp names the few Graphviz functions and font libraries
# that lose memory on their own, never refnet's code.
# Memory still reachable at exit and "possibly lost" blocks are not errors.
# For the origin of an uninitialised value, add --track-origins=yes (slow).
set -u
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/refnet-memcheck.XXXXXX") || exit 2
valgrind --tool=memcheck --quiet --error-exitcode=99 \
  --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect \
  --num-callers=40 --suppressions="$here/valgrind.supp" \
  --log-file="$log" "$@"
rc=$?
if [ -s "$log" ]; then
  { echo "== memcheck: $*"; cat "$log"; } >&2
  if [ "$rc" = 99 ] && [ -n "${REFNET_MEMCHECK_LOG:-}" ]; then
    { echo "== memcheck: $*"; cat "$log"; } >>"$REFNET_MEMCHECK_LOG"
  fi
fi
rm -f "$log"
exit $rc
