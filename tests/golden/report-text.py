#!/usr/bin/env python3
"""report-text.py FILE.html: print what a person reads in a refnet report
with scripts off, and check that the file is self-contained.

Parses the file with the standard library's HTML parser (no script runs)
and prints: the Content-Security-Policy (hashes shown as HASH), the section
headings, and every table as its id, its column names and one line per row
(cells joined by " | ", a cell's tooltip in [brackets]).  Then one line per
check: one style and one script element, no inline event handler, no
attribute pointing outside the file, and whether an inline SVG is there.
"""
import re
import sys
from html.parser import HTMLParser


class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.csp = None
        self.scripts = self.styles = self.svgs = 0
        self.handlers = []
        self.outside = []
        self.heading = None
        self.table = None
        self.row = None
        self.cell = None
        self.depth_svg = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if k.startswith("on"):
                self.handlers.append(tag + " " + k)
            if k in ("src", "href", "xlink:href", "action", "data", "poster") and v is not None \
                    and not v.startswith("#"):
                self.outside.append(tag + " " + k + "=" + v)
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content")
        if tag == "script":
            self.scripts += 1
        if tag == "style":
            self.styles += 1
        if tag == "svg":
            self.svgs += 1
            self.depth_svg += 1
        if self.depth_svg:
            return
        if tag in ("h1", "h2", "h3"):
            self.heading = [tag, ""]
        if tag == "table":
            self.table = a.get("id", "?")
            self.out.append("table " + self.table)
        if tag == "tr" and self.table:
            self.row = []
        if tag in ("td", "th") and self.row is not None:
            self.cell = ["", a.get("title")]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth_svg -= 1
            return
        if self.depth_svg:
            return
        if tag in ("h1", "h2", "h3") and self.heading:
            self.out.append(self.heading[0] + " " + " ".join(self.heading[1].split()))
            self.heading = None
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            text = " ".join(self.cell[0].split())
            if self.cell[1]:
                text += " [" + self.cell[1].replace("\n", "\\n") + "]"
            self.row.append(text)
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.out.append("  " + " | ".join(self.row))
            self.row = None
        if tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.depth_svg:
            return
        if self.heading is not None:
            self.heading[1] += data
        if self.cell is not None:
            self.cell[0] += data


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    p = Report()
    p.feed(text)
    p.close()
    print("csp: " + re.sub(r"sha256-[A-Za-z0-9+/=]+", "sha256-HASH", p.csp or "(none)"))
    for line in p.out:
        print(line)
    print("style elements: %d, script elements: %d" % (p.styles, p.scripts))
    print("inline event handlers: %s" % (", ".join(p.handlers) or "none"))
    print("references outside the file: %s" % (", ".join(p.outside) or "none"))
    print("inline svg: %d" % p.svgs)


if __name__ == "__main__":
    main()
