"""How fast the web gradebook's class table loads for a graded class, and a screenshot of each page.

    .venv/bin/coursekit demo --out /tmp/web-demo          # grade the demo class once (a minute or two)
    .venv/bin/python bench/bench_web.py --output /tmp/web-demo [--runs 5]

Starts `coursekit serve` on a free 127.0.0.1 port for that output folder, then in Debian's headless
Chromium (Playwright) loads the class table --runs times and prints, per run, the server's time to
the last byte (Navigation Timing responseEnd - requestStart), DOMContentLoaded and the load event
(from navigation start), and the HTML size; then the median. Screenshots of the class table, a
filtered table, an assignment page, a submission page, a feedback page and the class report (served
by the app) go to bench/out/web/demo-*.png.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "web"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, required=True, help="a graded output folder (gradebook.db)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    log = OUT / "serve.log"
    OUT.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as handle:
        server = subprocess.Popen([sys.executable, "-m", "coursekit", "--course", str(ROOT), "serve", "--port",
                                   str(port), "--output", str(args.output), "--by", "bench"],
                                  stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = ""
        for _ in range(150):
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]+", log.read_text())
            if found:
                base, token = found.group(0).split("/?token=")
                try:
                    request = urllib.request.Request(base + "/static/app.css",
                                                     headers={"Authorization": f"token {token}"})
                    urllib.request.urlopen(request, timeout=2).close()
                    url = found.group(0)
                    break
                except OSError:
                    pass
            time.sleep(0.2)
        if not url:
            print(log.read_text(), file=sys.stderr)
            return 1
        base = url.split("/?token=")[0]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)  # sets the cookie
            rows = page.locator("#class-table tbody tr").count()
            cells = page.locator("#class-table tbody td").count()
            print(f"class table: {rows} students x {page.locator('#class-table thead th').count() - 2} "
                  f"assignments ({cells} cells)")
            timings = []
            for run in range(args.runs):
                page.goto(base + "/", wait_until="load")
                t = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                    return {server: n.responseEnd - n.requestStart, dom: n.domContentLoadedEventEnd,
                            load: n.loadEventEnd, bytes: n.transferSize}; }""")
                timings.append(t)
                print(f"  run {run + 1}: server {t['server']:.0f} ms, DOMContentLoaded {t['dom']:.0f} ms, "
                      f"load {t['load']:.0f} ms, {t['bytes'] / 1024:.0f} KiB")
            for key in ("server", "dom", "load"):
                print(f"median {key}: {statistics.median(t[key] for t in timings):.0f} ms")
            page.screenshot(path=str(OUT / "demo-class.png"))
            first = page.locator("#class-table thead th a").first.inner_text()
            assignment = next(a for a in page.locator("#f-assignment option").all_inner_texts() if a.startswith(first))
            page.goto(f"{base}/?assignment={assignment}&status=not-full")
            page.screenshot(path=str(OUT / "demo-class-filtered.png"))
            page.goto(f"{base}/assignment/{assignment}")
            page.screenshot(path=str(OUT / "demo-assignment.png"), full_page=True)
            page.goto(f"{base}/submission/template/{assignment}")
            page.screenshot(path=str(OUT / "demo-submission.png"))
            page.goto(f"{base}/files/feedback/syntax-error/{assignment}.html")
            page.screenshot(path=str(OUT / "demo-feedback.png"))
            page.goto(f"{base}/files/report.html")
            page.screenshot(path=str(OUT / "demo-report.png"))
            browser.close()
        print(f"screenshots: {OUT}/demo-*.png")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
