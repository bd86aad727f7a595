#!/usr/bin/env python3
"""print-pages.py FILE.html: print a report on A4 and on Letter in headless
Chromium and check the pages.

Drives Debian's chromium through its DevTools protocol over a pipe
(--remote-debugging-pipe: JSON messages ended by NUL on file descriptors 3
and 4, no socket, nothing fetched).  For each paper size it

  - lays the page out under the print stylesheet at the width the paper
    leaves between the report's own @page margins, and checks that no table,
    no cell and nothing else reaches past that width (a cut-off column
    would): the right edge of every element, and the document's scroll width;
  - prints to PDF on that paper (Page.printToPDF's paper size, the report's
    own margins), checks the PDF's page size and counts its pages (2 to 4
    wanted).

Prints one "ok:" or "FAILED:" line per check; exits 1 when any failed, 77
when chromium is missing.
"""
import base64
import fcntl
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time

MM = 1 / 25.4                  # inches per millimetre
PAPERS = {                     # name: (width, height) in inches
    "A4": (210 * MM, 297 * MM),
    "Letter": (8.5, 11.0),
}


class Browser:
    def __init__(self, profile):
        r_child, w_parent = os.pipe()    # we write, chromium reads on fd 3
        r_parent, w_child = os.pipe()    # chromium writes on fd 4
        argv = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--disable-features=Translate,MediaRouter",
                "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"]
        self.pid = os.fork()
        if self.pid == 0:
            try:
                # Out of the way of 3 and 4 first, then onto them (inheritable).
                hi_r = fcntl.fcntl(r_child, fcntl.F_DUPFD, 10)
                hi_w = fcntl.fcntl(w_child, fcntl.F_DUPFD, 10)
                os.dup2(hi_r, 3)
                os.dup2(hi_w, 4)
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                os.dup2(null, 2)
                os.closerange(5, 4096)
                os.execvpe(argv[0], argv, dict(os.environ, HOME=profile))
            finally:
                os._exit(127)
        os.close(r_child)
        os.close(w_child)
        self.w = os.fdopen(w_parent, "wb")
        self.r = os.fdopen(r_parent, "rb")
        self.next_id = 0
        self.buf = b""
        self.events = []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read1(1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=None, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.w.write(json.dumps(msg).encode() + b"\0")
        self.w.flush()
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m["result"]
            self.events.append(m)

    def wait_event(self, method, session):
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    del self.events[i]
                    return m
            self.events.append(self._read())

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError, BrokenPipeError):
            pass
        for _ in range(300):          # up to 30 s, then kill it
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


# Everything past the layout width, with what it is; the page's scroll width.
MEASURE = r"""
(() => {
  const limit = document.documentElement.clientWidth + 0.5, out = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
    const r = e.getBoundingClientRect();
    if (r.width && r.right > limit)
      out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ends at ' +
               Math.round(r.right) + 'px');
  }
  return JSON.stringify({width: document.documentElement.clientWidth,
                         scroll: document.documentElement.scrollWidth,
                         tables: document.querySelectorAll('table').length,
                         over: out.slice(0, 5), nover: out.length});
})()
"""


def page_margins(html):
    """The report's @page margins (top/bottom, left/right) in mm."""
    m = re.search(r"@page\s*\{[^}]*margin:\s*([\d.]+)mm\s+([\d.]+)mm", html)
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def main():
    if not shutil.which("chromium"):
        print("print-pages: chromium is not installed; skipped")
        return 77
    path = os.path.abspath(sys.argv[1])
    with open(path, encoding="utf-8") as f:
        html = f.read()
    _, side_mm = page_margins(html)
    ok = True

    def check(cond, msg):
        nonlocal ok
        print(("ok: " if cond else "FAILED: ") + msg)
        ok = ok and cond

    with tempfile.TemporaryDirectory() as profile:
        b = Browser(profile)
        try:
            target = b.call("Target.createTarget", url="about:blank")["targetId"]
            s = b.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            b.call("Page.enable", session=s)
            b.call("Page.navigate", session=s, url="file://" + path)
            b.wait_event("Page.loadEventFired", s)
            b.call("Emulation.setEmulatedMedia", session=s, media="print")
            for name, (w_in, h_in) in PAPERS.items():
                # The width between the margins, in CSS pixels (96 per inch).
                width = round((w_in - 2 * side_mm * MM) * 96)
                b.call("Emulation.setDeviceMetricsOverride", session=s, width=width,
                       height=1000, deviceScaleFactor=1, mobile=False)
                got = json.loads(b.call("Runtime.evaluate", session=s, expression=MEASURE,
                                        returnByValue=True)["result"]["value"])
                check(got["tables"] >= 6 and got["nover"] == 0 and got["scroll"] <= got["width"],
                      "%s: %d tables, nothing wider than the %d px between the margins%s"
                      % (name, got["tables"], width,
                         "" if got["nover"] == 0 else " (" + "; ".join(got["over"]) + ")"))
                b.call("Emulation.clearDeviceMetricsOverride", session=s)
                pdf = base64.b64decode(b.call("Page.printToPDF", session=s, paperWidth=w_in,
                                              paperHeight=h_in, printBackground=False,
                                              displayHeaderFooter=False)["data"])
                pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
                boxes = {tuple(round(float(x)) for x in m.groups())
                         for m in re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]",
                                              pdf)}
                want = (round(w_in * 72), round(h_in * 72))
                # Chromium rounds the paper to its own units: within 1 pt.
                check(len(boxes) == 1 and all(abs(a - b) <= 1 for box in boxes
                                              for a, b in zip(box, want)),
                      "%s: every page is %d x %d pt, within 1 pt (%s)"
                      % (name, want[0], want[1], ", ".join("%d x %d" % x for x in boxes)))
                check(2 <= pages <= 4, "%s: prints on %d pages (2 to 4 wanted)" % (name, pages))
        except (RuntimeError, OSError, KeyError, ValueError) as e:
            check(False, "driving chromium: %s" % e)
        finally:
            b.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
