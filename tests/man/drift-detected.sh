#!/usr/bin/env bash
# check-man.sh must fail, and name what is missing, when the program and the
# man page drift apart: the program grows a command or an option that the
# page does not describe, or the page describes one the program lacks.
#
#   drift-detected.sh REFNET MANPAGE CHECK_MAN
set -u
refnet=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
man=$2
check=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-drift.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect NAME MANPAGE BINARY LINE...: check-man.sh exits 1 and prints each LINE.
expect() {
  local name=$1 page=$2 bin=$3; shift 3
  bash "$check" "$bin" "$page" >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" != 1 ]; then
    echo "FAIL $name: check-man.sh exited $rc, expected 1"; cat "$tmp/out"; fail=1; return
  fi
  for want in "$@"; do
    if ! grep -qxF "$page: $want" "$tmp/out"; then
      echo "FAIL $name: no line '$page: $want' in:"; cat "$tmp/out"; fail=1
    fi
  done
}

# The page loses things: an option (renamed in the page), an alias only the
# parser knows (no help text names it), a command's section (renamed), a
# --format value, a common option.  (man/check shows that the page as it is
# passes.)
sed -e 's/\\-\\-max\\-hops/\\-\\-hops\\-max/g' -e '/colour\\-by/d' \
    -e 's/^\.SS match$/.SS matches/' -e 's/" dot|svg|png|pdf"/" dot|svg|png"/' \
    -e '/^\.BR \\-v ", " \\-\\-verbose$/d' "$man" >"$tmp/lost.1"
expect "page loses things" "$tmp/lost.1" "$refnet" \
  "option '--max-hops' of 'refnet intro' (named in 'refnet intro --help') is missing from '.SS intro' and COMMON OPTIONS" \
  "'.SS intro' names option '--hops-max', which 'refnet intro' does not accept" \
  "option '--colour-by' of 'refnet render' (accepted by its parser) is missing from '.SS render' and COMMON OPTIONS" \
  "command 'match' (in 'refnet help') has no '.SS match' section under COMMANDS" \
  "section '.SS matches' under COMMANDS is not a command of 'refnet help'" \
  "'.SS render' lists --format 'dot|png|svg', 'refnet render' takes 'dot|pdf|png|svg'" \
  "option '-v' (common options of 'refnet help') is missing from COMMON OPTIONS" \
  "option '--verbose' of 'refnet intro' (accepted by its parser) is missing from '.SS intro' and COMMON OPTIONS"

# The program grows a command and an option the page does not describe:
# a wrapper adds them to the help texts and to the parser's tables.
cat >"$tmp/grown" <<EOF
#!/usr/bin/env bash
real=$refnet
EOF
cat >>"$tmp/grown" <<'EOF'
case "$*" in
  help) "$real" help | sed 's/^  help  /  forecast      forecast the referrals\n  help  /' ;;
  "__complete commands") "$real" __complete commands; printf 'forecast\tforecast the referrals\n' ;;
  "forecast --help") printf 'usage: refnet forecast [NETWORK_DIR] [--months N]\n' ;;
  "__complete options forecast") printf -- '--months\tN\n' ;;
  "__complete formats forecast") ;;
  "stats --help") "$real" stats --help; printf '  --depth N           how deep\n' ;;
  "__complete options stats") "$real" __complete options stats; printf -- '--depth\tN\n--breadth\tN\n' ;;
  *) exec "$real" "$@" ;;
esac
EOF
chmod +x "$tmp/grown"
expect "program grown" "$man" "$tmp/grown" \
  "command 'forecast' (in 'refnet help') has no '.SS forecast' section under COMMANDS" \
  "option '--months' of 'refnet forecast' (named in 'refnet forecast --help') is missing from '.SS forecast' and COMMON OPTIONS" \
  "option '--depth' of 'refnet stats' (named in 'refnet stats --help') is missing from '.SS stats' and COMMON OPTIONS" \
  "option '--breadth' of 'refnet stats' (accepted by its parser) is missing from '.SS stats' and COMMON OPTIONS"

[ $fail = 0 ] && echo "check-man.sh catches each drift"
exit $fail
