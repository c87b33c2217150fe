"""The README's first command end to end (coursekit demo), and the class report a TA reads."""
import csv
import re
from html.parser import HTMLParser

import pytest

from coursekit.demo import run_demo, simulate_class


@pytest.fixture(scope="module")
def demo(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    code = run_demo(course, out, jobs=2)
    return out, code


class _Tables(HTMLParser):
    """Rows of every table in the report, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr":
            self.rows.append(self._row)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_demo_verdicts_and_outputs(demo, course):
    out, code = demo
    assert code == 0, "every simulated student got the verdict it deserves"
    with open(out / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    ids = {a.id for a in course.config.assignments}
    assert {r["assignment"] for r in rows} == ids
    reference = [r for r in rows if r["student"] == "reference"]
    assert len(reference) == len(ids) and all(r["score"] == r["max_score"] for r in reference)
    assert all(float(r["score"]) == 0 for r in rows if r["student"] == "template")
    for r in rows:
        assert (out / "feedback" / r["student"] / f"{r['assignment']}.html").is_file()


def test_report_content(demo, course):
    out, _ = demo
    html = (out / "report.html").read_text()
    for a in course.config.assignments:
        assert f'id="{a.id}"' in html, f"the report has a section for {a.id}"
    assert html.count("<svg") == len(course.config.assignments), "one histogram per assignment"
    assert "data:image/png" not in html and len(html) < 1_000_000, "plots are small inline SVG"
    assert "score (whole points)" in html and ">students</text>" in html
    parser = _Tables()
    parser.feed(html)
    summary = [r for r in parser.rows if r and r[0] in {a.id for a in course.config.assignments}]
    assert len(summary) == len(course.config.assignments)
    for row in summary:
        n, mean = int(row[1]), float(row[2].split("/")[0])
        full, zero = int(row[3]), int(row[4])
        assert n >= 8 and full >= 1 and zero >= 1 and 0 < mean < float(row[2].split("/")[1])
    rates = [r for r in parser.rows if r and re.fullmatch(r"\d+%", r[1] if len(r) > 1 else "")]
    assert rates and all(0 <= int(r[1][:-1]) <= 100 for r in rates)
    assert any(int(r[1][:-1]) > 0 and r[3] for r in rates), "failing tests show their commonest messages"
    median = [r for r in parser.rows if r and r[0] == "assignment"][0]
    assert median[6:10] == ["needs review", "median", "standard deviation", "quartiles (25%, 75%)"]
    width = len(course.config.assignments) + 2  # student, the assignments, total
    students = [r for r in parser.rows if r and r[0] in ("reference", "template") and len(r) == width]
    total = sum(a.points for a in course.config.assignments)
    assert [r[-1] for r in sorted(students)] == [f"{total:g}", "0"], "the students x assignments table has totals"
    assert "Slowest submissions" in html and "infinite-loop" in html


def test_simulated_class_roster(course, tmp_path):
    roster = simulate_class(course, tmp_path / "subs")
    students = {s.student for s in roster}
    assert {"reference", "template", "not-json", "infinite-loop", "syntax-error", "patches-allclose"} <= students
    assert sum(s.student.startswith("mutant-") for s in roster) >= 6 * len(course.config.assignments)
