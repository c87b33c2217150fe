"""A TA's session in a real browser: `coursekit serve` on a graded class, driven by Playwright in
Debian's headless Chromium (found, or skipped, as tests/test_browser.py does).

The test grades a small class of the pilot (reference, template, a mutant, a student whose name,
code, output and error message are HTML), starts `coursekit serve` as a TA would (a free port on
127.0.0.1, the URL with its token read from what it prints), and in the browser it

1. opens the printed URL; without the token (a fresh browser context) the page is a 401;
2. filters the class table to one assignment and one failed test, and opens a failed student;
3. adjusts the whole notebook (+1.5, with a reason) and adds a comment;
4. checks the class table (the new score, the "adjusted" badge), the student's feedback page (the
   score, the reason, the comment) and grades.csv on disk;
5. opens the hostile student's page: no script of theirs runs (no dialog), their text is shown.

Screenshots of each page go to bench/out/web/ (gitignored). The server is stopped in `finally`.
"""
import csv
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import PILOT, ROOT, write_notebook
from test_browser import _PLAYWRIGHT_IMPORT_ERROR, CHROMIUM_FLAGS, _free_port, chromium  # noqa: F401

from coursekit.course.build import reference_and_template
from coursekit.course.notebook import graded_functions, replace_solution_cells
from coursekit.grading.pipeline import grade_class
from coursekit.mutants import apply_mutant, load_mutants

if _PLAYWRIGHT_IMPORT_ERROR is None:
    from playwright.sync_api import expect, sync_playwright

ARTIFACTS = ROOT / "bench" / "out" / "web"  # gitignored (/bench/out/)
BUDGET_S = 120
HOSTILE = "<img src=x onerror=alert(1)>"
FAILED_TEST = "soft_target_loss::test_matches_torch_kl_div_batchmean"


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web-browser")
    subs, out = tmp / "submissions", tmp / "out"
    reference, template = reference_and_template(course, PILOT)
    mutants = {m.name: m for m in load_mutants(course.mutants_dir(PILOT), graded_functions(reference))}
    first = graded_functions(reference)[0]
    hostile = replace_solution_cells(reference, {first: (
        f"def {first}(*args, **kwargs):\n    print(\"<script>alert('output')</script>\")\n"
        f"    raise ValueError(\"<img src=y onerror=alert('message')>\")\n")})
    write_notebook(subs / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(subs / "bo" / f"{PILOT}.ipynb", template)
    write_notebook(subs / "cy" / f"{PILOT}.ipynb", apply_mutant(reference, mutants["forgot_t_squared"]))
    write_notebook(subs / HOSTILE / f"{PILOT}.ipynb", hostile)
    grade_class(course, subs, output=out, jobs=1)
    return out


class Server:
    """`coursekit serve` as a TA starts it; the URL (with the token) is read from its output."""

    def __init__(self, output: Path, log_path: Path):
        self.port = _free_port()
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coursekit", "--course", str(ROOT), "serve", "--port", str(self.port),
             "--output", str(output), "--by", "Dana (TA)"],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.url = ""

    def wait(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"coursekit serve exited with {self.proc.returncode}:\n{self.log()}")
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]+", self.log())
            if found:
                base, token = found.group(0).split("/?token=")
                request = urllib.request.Request(base + "/", headers={"Authorization": f"token {token}"})
                try:
                    with urllib.request.urlopen(request, timeout=2) as r:
                        if r.status == 200:
                            self.url = found.group(0)
                            return self.url
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.2)
        raise TimeoutError(f"coursekit serve did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self._log.close()


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False, timeout=10_000)


@pytest.mark.slow
@pytest.mark.timeout(BUDGET_S, func_only=True)
def test_ta_filters_adjusts_and_comments_in_a_browser(chromium, graded, tmp_path):  # noqa: F811
    if _PLAYWRIGHT_IMPORT_ERROR is not None:
        pytest.fail(f"the Python package playwright is missing ({_PLAYWRIGHT_IMPORT_ERROR})")
    wait_ms = 20_000
    before = {r["student"]: r for r in csv.DictReader((graded / "grades.csv").open())}
    auto = float(before["cy"]["autograded"])        # the mutant's autograded score (below full marks)
    assert 0 < auto <= 10.5
    auto_s, after = f"{auto:g}", f"{auto + 1.5:g}"
    server = Server(graded, tmp_path / "serve.log")
    dialogs = []
    try:
        url = server.wait(timeout=30)
        assert "Dana (TA)" in server.log()
        base = url.split("/?token=")[0]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
            try:
                stranger = browser.new_page()
                response = stranger.goto(base + "/", timeout=wait_ms)
                assert response.status == 401 and "needs its token" in stranger.content()
                stranger.close()

                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.set_default_timeout(wait_ms)
                page = context.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.goto(url)
                assert "token=" not in page.url, "the token stays in the address bar"
                expect(page.locator("#count")).to_contain_text("4 of 4 students shown")
                _shot(page, "class.png")

                page.select_option("#f-assignment", PILOT)           # the script submits the form
                expect(page.locator("#f-failed")).to_be_enabled()
                page.select_option("#f-failed", FAILED_TEST)
                page.click("#apply")
                expect(page.locator("#count")).to_contain_text("2 of 4 students shown")
                rows = page.locator("#class-table tbody tr td.student").all_inner_texts()
                assert sorted(rows) == ["bo", "cy"], rows
                _shot(page, "class-filtered.png")

                page.click("#class-table a[href*='/submission/cy/']")
                expect(page.locator("#student")).to_have_text("cy")
                expect(page.locator("#score")).to_have_text(f"Final score: {auto_s} / 12")
                expect(page.locator(".your-code").first).to_contain_text("def ")
                _shot(page, "submission.png")

                page.check("#adjust-add")
                page.fill("#adjust-points", "1.5")
                page.fill("#adjust-reason", "T^2 is in your derivation; the code slip costs less")
                page.click("#adjust-submit")
                expect(page.locator("#done")).to_have_text("Adjustment recorded.")
                expect(page.locator("#score")).to_have_text(f"Final score: {after} / 12")
                page.fill("#comment-text", "Multiply the soft loss by T**2 (Hinton et al., 2015, section 2).")
                page.click("#comment-submit")
                expect(page.locator("#done")).to_have_text("Comment recorded.")
                expect(page.locator("#events")).to_contain_text(f"the notebook: +1.5 points ({auto_s} -> {after})")
                expect(page.locator("#events")).to_contain_text("Dana (TA)")
                page.locator("#actions").scroll_into_view_if_needed()
                _shot(page, "submission-adjusted.png")

                page.click("nav a.home")
                cell = page.locator("#class-table tr", has=page.locator("td.student", has_text="cy")).locator(
                    f"td a[href*='{PILOT}']")
                expect(cell).to_have_text(after)
                expect(page.locator("#class-table tr", has_text="cy").locator(".badge.adjusted")).to_have_count(1)
                page.click("#class-table th:last-child")             # sort by total, descending
                assert page.locator("#class-table tbody td.student").first.inner_text() == "ada"

                page.goto(f"{base}/assignment/{PILOT}")
                expect(page.locator("#failures")).to_contain_text(FAILED_TEST)
                _shot(page, "assignment.png")

                page.goto(f"{base}/submission/cy/{PILOT}")
                page.click("#feedback-link")
                expect(page.locator("#score")).to_have_text(f"Score: {after} / 12")
                expect(page.locator("#from-your-ta")).to_be_visible()
                assert "Multiply the soft loss by T**2" in page.content()
                _shot(page, "feedback.png")

                page.goto(f"{base}/submission/{urllib.parse.quote(HOSTILE, safe='')}/{PILOT}")
                expect(page.locator("#student")).to_have_text(HOSTILE)
                expect(page.locator("#output")).to_contain_text("<script>alert('output')</script>")
                expect(page.locator("table.tests", has_text="onerror")).to_contain_text("onerror=alert('message')")
                page.goto(f"{base}/")
                page.wait_for_timeout(300)
                assert dialogs == [], f"student content ran as script: {dialogs}"
                context.close()
            finally:
                browser.close()
    finally:
        server.stop()
    rows = {r["student"]: r for r in csv.DictReader((graded / "grades.csv").open())}
    assert (rows["cy"]["score"], rows["cy"]["autograded"], rows["cy"]["adjustment"]) == (after, auto_s, "1.5")
    feedback = (graded / "feedback" / "cy" / f"{PILOT}.html").read_text()
    assert f"Score: {after} / 12" in feedback and "Multiply the soft loss by T**2" in feedback
    assert all((ARTIFACTS / name).stat().st_size > 10_000 for name in
               ("class.png", "class-filtered.png", "submission.png", "submission-adjusted.png", "assignment.png",
                "feedback.png"))
