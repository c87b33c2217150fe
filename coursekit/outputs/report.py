"""``coursekit report``: the class report for TAs, one HTML file.

A summary per assignment (mean, median, spread), the table of students x assignments with
totals (final scores: after late penalties and TA adjustments; each cell links to the feedback
page), and a section per assignment: the score histogram (an inline SVG with whole points and
whole students on its axes: a few hundred bytes, where a PNG was tens of kilobytes), each test's
failure rate with its commonest messages in full, and the slowest submissions. Sections are
rendered lazily by the browser (``content-visibility: auto``).
"""
from __future__ import annotations

import urllib.parse
from collections import defaultdict
from pathlib import Path

import jinja2

from ..course.config import Course
from .atomic import write_atomic
from .charts import histogram_svg, spread, test_failures
from .gradebook import Gradebook, GradedNotebook

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_ENV.filters["seg"] = lambda v: urllib.parse.quote(str(v), safe="")
REPORT = _ENV.from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ course }}: class report</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 90rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
section { content-visibility: auto; contain-intrinsic-size: auto 60rem; }
.scroll { overflow-x: auto; max-height: 40rem; }
.class td, .class th { padding: .15rem .35rem; font-size: .85rem; }
.class td:empty::after { content: "\2014"; color: #aaa; }
.message { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .85rem; margin-bottom: .3rem; }
</style></head><body>
<h1>{{ course }}: class report</h1>
<p>{{ n_students }} students, {{ n_notebooks }} graded notebooks. Scores are final scores: after late
penalties and TA adjustments.</p>
<h2 id="summary">Summary</h2>
<table class="summary"><tr><th>assignment</th><th>submissions</th><th>mean score</th><th>full marks</th><th>zero</th>
<th>not readable</th><th>needs review</th><th>median</th><th>standard deviation</th><th>quartiles (25%, 75%)</th></tr>
{% for s in summaries %}<tr><td><a href="#{{ s.id }}">{{ s.id }}</a></td><td class="num">{{ s.n }}</td>
<td class="num">{{ "%.2f"|format(s.stats.mean) }} / {{ "%g"|format(s.max) }}</td><td class="num">{{ s.full }}</td>
<td class="num">{{ s.zero }}</td><td class="num">{{ s.unreadable }}</td><td class="num">{{ s.review|length }}</td>
<td class="num">{{ "%g"|format(s.stats.median) }}</td>
<td class="num">{{ "%.2f"|format(s.stats.std) }}</td>
<td class="num">{{ "%.2f"|format(s.stats.q1) }}, {{ "%.2f"|format(s.stats.q3) }}</td></tr>{% endfor %}
</table>
{% if review %}<h2 id="needs-review">Needs review</h2>
<p>Grading these notebooks failed in a way a TA should look at (e.g. they killed grading workers); their
score is not a grade.</p>
<table class="needs-review"><tr><th>student</th><th>assignment</th><th>why</th><th>feedback</th></tr>
{% for nb in review %}<tr><td>{{ nb.student }}</td><td>{{ nb.assignment }}</td><td>{{ nb.message }}</td>
<td><a href="feedback/{{ nb.student }}/{{ nb.assignment }}.html">feedback</a></td></tr>{% endfor %}</table>
{% endif %}
{% if weak %}<h2 id="weak-sandbox">Graded with a weak sandbox</h2>
<p>{{ weak|length }} notebook(s) were graded with --allow-weak-sandbox: their code could have read or changed what
grading uses. {% for nb in weak[:50] %}{{ nb.student }}/{{ nb.assignment }}{{ ", " if not loop.last }}{% endfor %}</p>
{% endif %}
<h2 id="students">Students &times; assignments</h2>
<div class="scroll"><table class="class"><tr><th>student</th>
{% for s in summaries %}<th title="{{ s.title }}"><a href="#{{ s.id }}">{{ s.id[:2] }}</a></th>{% endfor %}
<th>total / {{ "%g"|format(total_max) }}</th></tr>
{% for student, cells, total in rows %}<tr><td>{{ student }}</td>
{% for s in summaries %}{% set nb = cells.get(s.id) %}{% if nb is none %}<td></td>
{% else %}<td class="num"><a href="feedback/{{ student|seg }}/{{ s.id|seg }}.html">
{{- "%g"|format(nb.final_score) }}</a></td>
{% endif %}{% endfor %}<td class="num"><b>{{ "%g"|format(total) }}</b></td></tr>
{% endfor %}</table></div>
{% for s in summaries %}
<section>
<h2 id="{{ s.id }}">{{ s.title }}</h2>
<p>{{ s.n }} notebooks; mean {{ "%.2f"|format(s.stats.mean) }}, median {{ "%g"|format(s.stats.median) }},
standard deviation {{ "%.2f"|format(s.stats.std) }} (of {{ "%g"|format(s.max) }} points).</p>
{{ s.plot }}
<h3>Failure rate of each test</h3>
<table class="failures"><tr><th>test</th><th>failed</th><th>notebooks</th><th>commonest messages (in full)</th></tr>
{% for t in s.tests %}<tr><td><code>{{ t.test_id }}</code></td><td class="num">{{ "%.0f"|format(100 * t.rate) }}%</td>
<td class="num">{{ t.failed }} / {{ t.ran }}</td>
<td>{% for message, count in t.messages %}<div class="message"><b>&times;{{ count }}</b> {{ message }}</div>
{% endfor %}</td>
</tr>{% endfor %}</table>
<h3>Slowest submissions</h3>
<table class="slowest"><tr><th>student</th><th>seconds</th><th>score</th><th>feedback</th></tr>
{% for nb in s.slowest %}<tr><td>{{ nb.student }}</td><td class="num">{{ "%.3f"|format(nb.seconds) }}</td>
<td class="num">{{ "%g"|format(nb.final_score) }}</td>
<td><a href="feedback/{{ nb.student|seg }}/{{ nb.assignment|seg }}.html">feedback</a></td></tr>{% endfor %}</table>
</section>
{% endfor %}
</body></html>
""")


def summarise(course: Course, notebooks: list[GradedNotebook]) -> list[dict]:
    """Per assignment: counts, mean/median/spread, per-test failure rates with their commonest
    messages, the histogram, the slowest submissions."""
    by_assignment: dict[str, list[GradedNotebook]] = defaultdict(list)
    for nb in notebooks:
        by_assignment[nb.assignment].append(nb)
    summaries: list[dict] = []
    for a in course.config.assignments:
        nbs = by_assignment.get(a.id, [])
        if not nbs:
            continue
        scores = [nb.final_score for nb in nbs]
        summaries.append({
            "id": a.id, "title": a.title, "n": len(nbs), "max": a.points, "stats": spread(scores),
            "full": sum(nb.final_score >= nb.max_score for nb in nbs),
            "zero": sum(nb.final_score == 0 for nb in nbs),
            "unreadable": sum(nb.status == "unreadable" for nb in nbs),
            "review": [nb for nb in nbs if nb.status == "needs-review"],
            "tests": test_failures(nbs, n_messages=3), "slowest": sorted(nbs, key=lambda nb: -nb.seconds)[:5],
            "plot": histogram_svg(scores, a.points, f"score distribution of {a.id}")})
    return summaries


def write_report(course: Course, output: Path | None = None) -> Path:
    output = Path(output) if output is not None else course.path("output")
    with Gradebook(output / "gradebook.db") as gradebook:
        notebooks = gradebook.notebooks()
    summaries = summarise(course, notebooks)
    known = {a.id for a in course.config.assignments}
    cells: dict[str, dict[str, GradedNotebook]] = defaultdict(dict)
    for nb in notebooks:
        if nb.assignment in known:
            cells[nb.student][nb.assignment] = nb
    rows = [(student, cells[student], round(sum(nb.final_score for nb in cells[student].values()), 6))
            for student in sorted(cells)]
    html = REPORT.render(course=course.config.course, summaries=summaries, rows=rows,
                         total_max=sum(a.points for a in course.config.assignments),
                         n_students=len({nb.student for nb in notebooks}), n_notebooks=len(notebooks),
                         review=[nb for nb in notebooks if nb.status == "needs-review"],
                         weak=[nb for nb in notebooks if nb.protections.get("weak")])
    path = output / "report.html"
    write_atomic(path, html)
    return path
