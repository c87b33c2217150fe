"""``coursekit report``: the class report for TAs (one HTML file, plots embedded as PNG)."""
from __future__ import annotations

import base64
import io
from collections import defaultdict
from pathlib import Path

import jinja2

from ..course.config import Course
from .atomic import write_atomic
from .gradebook import Gradebook, GradedNotebook

REPORT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ course }}: class report</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
</style></head><body>
<h1>{{ course }}: class report</h1>
<p>{{ n_students }} students, {{ n_notebooks }} graded notebooks.</p>
<h2 id="summary">Summary</h2>
<table><tr><th>assignment</th><th>submissions</th><th>mean score</th><th>full marks</th><th>zero</th>
<th>not readable</th><th>needs review</th></tr>
{% for s in summaries %}<tr><td><a href="#{{ s.id }}">{{ s.id }}</a></td><td class="num">{{ s.n }}</td>
<td class="num">{{ "%.2f"|format(s.mean) }} / {{ "%g"|format(s.max) }}</td><td class="num">{{ s.full }}</td>
<td class="num">{{ s.zero }}</td><td class="num">{{ s.unreadable }}</td><td class="num">{{ s.review|length }}</td></tr>
{% endfor %}
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
{% for s in summaries %}
<h2 id="{{ s.id }}">{{ s.title }}</h2>
<img alt="score distribution and test failure rates of {{ s.id }}" src="data:image/png;base64,{{ s.plot }}">
<h3>Failure rate of each test</h3>
<table class="failures"><tr><th>test</th><th>failed</th><th>most common message</th></tr>
{% for t in s.tests %}<tr><td><code>{{ t.test_id }}</code></td><td class="num">{{ "%.0f"|format(100 * t.rate) }}%</td>
<td>{{ t.message }}</td></tr>{% endfor %}</table>
<h3>Slowest submissions</h3>
<table class="slowest"><tr><th>student</th><th>seconds</th><th>score</th><th>feedback</th></tr>
{% for nb in s.slowest %}<tr><td>{{ nb.student }}</td><td class="num">{{ "%.3f"|format(nb.seconds) }}</td>
<td class="num">{{ "%g"|format(nb.final_score) }}</td>
<td><a href="feedback/{{ nb.student }}/{{ nb.assignment }}.html">feedback</a></td></tr>{% endfor %}</table>
{% endfor %}
</body></html>
""")


def _plot(notebooks: list[GradedNotebook], failure_rates: list[tuple[str, float]], title: str) -> str:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, max(3.0, 0.28 * len(failure_rates) + 1)))
    scores = [nb.final_score for nb in notebooks]
    max_score = max((nb.max_score for nb in notebooks), default=1)
    ax1.hist(scores, bins=min(20, max(5, int(max_score) + 1)), range=(0, max_score), color="#3b7dd8")
    ax1.set_xlabel("score")
    ax1.set_ylabel("students")
    ax1.set_title(f"{title}: score distribution")
    names = [name for name, _ in failure_rates][::-1]
    ax2.barh(names, [100 * rate for _, rate in failure_rates][::-1], color="#d84b3b")
    ax2.set_xlim(0, 100)
    ax2.set_xlabel("% of submissions failing")
    ax2.set_title("failure rate per test")
    ax2.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def summarise(course: Course, notebooks: list[GradedNotebook]) -> list[dict]:
    """Per assignment: counts, mean, per-test failure rates and their commonest message, slowest."""
    by_assignment: dict[str, list[GradedNotebook]] = defaultdict(list)
    for nb in notebooks:
        by_assignment[nb.assignment].append(nb)
    summaries: list[dict] = []
    for a in course.config.assignments:
        nbs = by_assignment.get(a.id, [])
        if not nbs:
            continue
        fails: dict[str, list[str]] = defaultdict(list)
        totals: dict[str, int] = defaultdict(int)
        for nb in nbs:
            for t in nb.tests:
                totals[t.test_id] += 1
                if t.outcome != "passed":
                    fails[t.test_id].append(t.message)
        tests: list[dict] = []
        for test_id in totals:
            messages = fails.get(test_id, [])
            common = max(set(messages), key=messages.count) if messages else ""
            tests.append({"test_id": test_id, "rate": len(messages) / len(nbs), "message": common[:200]})
        tests.sort(key=lambda t: -t["rate"])
        summaries.append({
            "id": a.id, "title": a.title, "n": len(nbs), "max": a.points,
            "mean": sum(nb.final_score for nb in nbs) / len(nbs),
            "full": sum(nb.final_score >= nb.max_score for nb in nbs),
            "zero": sum(nb.final_score == 0 for nb in nbs),
            "unreadable": sum(nb.status == "unreadable" for nb in nbs),
            "review": [nb for nb in nbs if nb.status == "needs-review"],
            "tests": tests, "slowest": sorted(nbs, key=lambda nb: -nb.seconds)[:5],
            "plot": _plot(nbs, [(t["test_id"], t["rate"]) for t in tests], a.id)})
    return summaries


def write_report(course: Course, output: Path | None = None) -> Path:
    output = Path(output) if output is not None else course.path("output")
    with Gradebook(output / "gradebook.db") as gradebook:
        notebooks = gradebook.notebooks()
    html = REPORT.render(course=course.config.course, summaries=summarise(course, notebooks),
                         n_students=len({nb.student for nb in notebooks}), n_notebooks=len(notebooks),
                         review=[nb for nb in notebooks if nb.status == "needs-review"],
                         weak=[nb for nb in notebooks if nb.protections.get("weak")])
    path = output / "report.html"
    write_atomic(path, html)
    return path
