#!/usr/bin/env bash
# report-chromium.sh REFNET ROOT: the sample's report in a real browser.
# Headless Chromium opens the file from disk, with every network feature it
# has switched off, and:
#   - the DOM after the scripts ran holds every table, with the sort and
#     filter controls and the diagram's zoom buttons the script adds;
#   - an order named in the address (#sort=TABLE:COLUMN[:desc]) is applied:
#     the dumped rows are in that order, text and numbers alike;
#   - nothing is logged to the console (a script error or a blocked
#     inline block under the Content-Security-Policy would be);
#   - a screenshot is not blank;
#   - the week's report prints on two to four pages of A4 and of Letter,
#     with nothing wider than the paper between its margins.
# Exits 77 (ctest: skipped) when chromium is not installed.
set -uo pipefail
refnet=$1
root=$2
if ! command -v chromium >/dev/null; then
  echo "report-chromium: chromium is not installed; skipped (scripts/install-deps --test installs it)"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/refnet-browser.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

"$refnet" report "$root/datasets/sample" --as-of 2026-11-01 --since 2026-10-01 --seed 1 \
  -o "$tmp/report.html" || { echo "refnet report failed"; exit 1; }

browse() {  # browse LOG URL ARGS...: run chromium on URL, its log to LOG
  local log=$1 url=$2
  shift 2
  HOME=$tmp timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-quic --disable-features=Translate,MediaRouter --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" \
    --enable-logging=stderr --v=0 "$@" "$url" 2>"$log"
}

# The DOM after scripts, sorted by the needer's name, then by score.
browse "$tmp/dom1.log" "file://$tmp/report.html#sort=matches:needer" --dump-dom >"$tmp/dom1.html"
browse "$tmp/dom2.log" "file://$tmp/report.html#sort=matches:score,followups-table:days:desc" \
  --dump-dom >"$tmp/dom2.html"
python3 - "$tmp/report.html" "$tmp/dom1.html" "$tmp/dom2.html" <<'PY' || fail=1
import sys
from html.parser import HTMLParser

class Tables(HTMLParser):
    """Rows of every table (cell texts), the sort state of each heading,
    and the elements the script adds."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.sort, self.table, self.row, self.cell = {}, {}, None, None, None
        self.filters = self.zoom = 0
        self.js = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and "js" in (a.get("class") or "").split():
            self.js = True
        if tag == "div" and a.get("class") == "filter":
            self.filters += 1
        if tag == "div" and a.get("class") == "zoom":
            self.zoom += 1
        if tag == "table" and a.get("id"):
            self.table = a["id"]
            self.tables[self.table] = []
            self.sort[self.table] = []
        elif tag == "tr" and self.table:
            self.row = []
        elif tag == "th" and self.table:
            self.sort[self.table].append((a.get("data-col"), a.get("aria-sort")))
        elif tag == "td" and self.row is not None:
            self.cell = [a.get("data-sort"), ""]
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.tables[self.table].append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None
    def handle_data(self, d):
        if self.cell is not None:
            self.cell[1] += d

def parse(path):
    p = Tables()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p

static, dom1, dom2 = parse(sys.argv[1]), parse(sys.argv[2]), parse(sys.argv[3])
ok = True
def check(cond, msg):
    global ok
    print(("ok: " if cond else "FAILED: ") + msg)
    ok = ok and cond

check(dom1.js and dom2.js, "the script ran (the page is marked as scripted)")
check(set(dom1.tables) == set(static.tables) and len(static.tables) >= 6,
      "the DOM holds the file's %d tables" % len(static.tables))
for t, rows in static.tables.items():
    check(len(dom1.tables.get(t, [])) == len(rows), "table %s keeps its %d rows" % (t, len(rows)))
check(dom1.filters >= 3, "filter boxes added (%d)" % dom1.filters)
check(dom1.zoom == 1, "the diagram has its zoom buttons")

col = [c for c, _ in dom1.sort["matches"]].index("needer")
names = [r[col][1].strip() for r in dom1.tables["matches"]]
check(names == sorted(names, key=str.lower) and names != [r[col][1].strip() for r in static.tables["matches"]],
      "#sort=matches:needer orders the rows by name: " + ", ".join(names[:4]) + " ...")
check(dict(dom1.sort["matches"])["needer"] == "ascending", "the heading says ascending")

col = [c for c, _ in dom2.sort["matches"]].index("score")
scores = [float(r[col][0]) for r in dom2.tables["matches"]]
check(scores == sorted(scores), "#sort=matches:score orders by number, lowest first: %s ..." % scores[:3])
col = [c for c, _ in dom2.sort["followups-table"]].index("days")
days = [float(r[col][0]) if r[col][0] else -1 for r in dom2.tables["followups-table"]]
check(days == sorted(days, reverse=True), "a second order in the address: follow-ups by days, descending")
sys.exit(0 if ok else 1)
PY

for log in "$tmp/dom1.log" "$tmp/dom2.log"; do
  if grep -E ':CONSOLE[:(]' "$log" >"$tmp/console.txt"; then
    echo "FAILED: console messages:"; cat "$tmp/console.txt"; fail=1
  fi
done
[ $fail = 0 ] && echo "ok: no console messages"

browse "$tmp/shot.log" "file://$tmp/report.html" --screenshot="$tmp/shot.png" --window-size=1280,900 \
  --run-all-compositor-stages-before-draw --virtual-time-budget=3000 >/dev/null
if [ -s "$tmp/shot.png" ] && python3 "$root/tests/golden/render-screenshot/png-colours.py" "$tmp/shot.png" >/dev/null; then
  echo "ok: the screenshot is not blank"
else
  echo "FAILED: blank or missing screenshot"; fail=1
fi

"$refnet" report "$root/datasets/sample" --as-of 2026-11-01 --seed 1 -o "$tmp/week.html" || fail=1
# On paper, A4 and Letter: two to four pages each, no column cut off
# (print-pages.py drives chromium's DevTools protocol over a pipe).
timeout 300 python3 "$root/tests/browser/print-pages.py" "$tmp/week.html" || fail=1
exit $fail
