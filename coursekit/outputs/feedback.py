"""Per-student feedback (HTML) and grades.csv, written from the gradebook.

A feedback page shows, per graded function, the student's code (highlighted and escaped by
outputs.highlight) beside each test's verdict, points and message; the TA's adjustments and
comments; never the hidden tests' source.
"""
from __future__ import annotations

import csv
import io
from itertools import groupby
from pathlib import Path

import jinja2
from markupsafe import Markup

from .atomic import write_atomic
from .gradebook import GradedNotebook
from .highlight import CODE_CSS
from .highlight import highlight_python as _highlight

_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)


MAX_CODE_CHARS = 100_000  # per cell shown: a huge cell would make the page megabytes


def highlight_python(source: str) -> Markup:
    """The student's code as highlighted, escaped HTML (outputs.highlight), cut at MAX_CODE_CHARS."""
    if len(source) > MAX_CODE_CHARS:
        source = source[:MAX_CODE_CHARS] + f"\n# ... (cut here: the cell has {len(source)} characters)\n"
    return _highlight(source)


def code_by_function(nb: GradedNotebook) -> tuple[dict[str, list[dict]], list[dict]]:
    """({graded function: its cells}, the other cells that ran) from the notebook's graded code."""
    functions = {t.function for t in nb.tests}
    by_function: dict[str, list[dict]] = {}
    others = []
    for cell in nb.code:
        if cell.get("grade_id") in functions:
            by_function.setdefault(cell["grade_id"], []).append(cell)
        else:
            others.append(cell)
    return by_function, others


def test_groups(nb: GradedNotebook) -> list[tuple[str, list]]:
    """[(function, its tests)] in the order the tests ran."""
    return [(f, list(ts)) for f, ts in groupby(nb.tests, key=lambda t: t.function)]

FEEDBACK = _ENV.from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ nb.assignment }}: feedback for {{ nb.student }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 90rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
.score { font-size: 1.6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
td.passed { color: #1a7f37; font-weight: bold; } td.failed { color: #c62828; font-weight: bold; }
.message { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9rem; }
.warning { background: #fff8e1; padding: .5rem .8rem; border-left: 4px solid #f9a825; margin: .4rem 0; }
pre { background: #f5f5f5; padding: .6rem; overflow-x: auto; max-height: 20rem; }
.function { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
.function table { table-layout: fixed; } .function td { overflow-wrap: anywhere; }
.function th:nth-child(1) { width: 28%; } .function th:nth-child(2), .function th:nth-child(3) { width: 4.8rem; }
.function pre { max-height: 40rem; margin: 0; }
.adjusted { color: #6a1b9a; font-weight: bold; }
.ta { background: #f3e5f5; padding: .5rem .8rem; border-left: 4px solid #8e24aa; margin: .4rem 0; }
.ta-text { white-space: pre-wrap; }
.earlier { color: #8d6e63; font-style: italic; }
@media (max-width: 60rem) { .function { grid-template-columns: 1fr; } }
{{ code_css }}
</style></head><body>
<h1>{{ title }}</h1>
<p>Student: <b>{{ nb.student }}</b> &middot; assignment <code>{{ nb.assignment }}</code>
 &middot; graded {{ nb.graded_at }} &middot; notebook <code>{{ nb.content_hash[:12] }}</code></p>
<p class="score" id="score">Score: {{ "%g"|format(nb.final_score) }} / {{ "%g"|format(nb.max_score) }}</p>
{% if nb.adjustments %}<p id="breakdown">Autograded {{ "%g"|format(nb.score) }}{% if nb.applied_penalty %}, late penalty
 &minus;{{ "%g"|format(nb.applied_penalty) }}{% endif %}, adjusted by your TA to {{ "%g"|format(nb.final_score) }}.</p>
{% endif %}
{% if nb.adjustments or nb.comments %}<h2 id="from-your-ta">From your TA</h2>
{% for a in nb.adjustments %}<div class="ta adjustment"><b>{{ a.describe() }}</b> &middot; {{ a.by }}, {{ a.at }}
{% if not nb.is_current(a) %} <span class="earlier">(made for an earlier version of your notebook)</span>{% endif %}
<br><span class="ta-text">{{ a.text }}</span></div>
{% endfor %}
{% for c in nb.comments %}<div class="ta comment"><b>{{ c.by }}</b>, {{ c.at }}{% if not nb.is_current(c) %}
 <span class="earlier">(on an earlier version of your notebook)</span>{% endif %}
<br><span class="ta-text">{{ c.text }}</span></div>
{% endfor %}{% endif %}
{% if nb.applied_penalty %}<p class="warning" id="late">Late penalty:
 &minus;{{ "%g"|format(nb.applied_penalty) }} points (submitted {{ nb.submitted_at }});
 before the penalty: {{ "%g"|format(nb.score) }}.</p>{% endif %}
{% if nb.status != "graded" %}<p class="warning" id="status">Your notebook could not be graded:
 {{ nb.message }}</p>{% endif %}
{% for w in nb.warnings %}<p class="warning">{{ w }}</p>{% endfor %}
{% for function, tests in groups %}
<h2 id="{{ nb.assignment }}.{{ function }}"><code>{{ function }}</code>:
 {{ "%g"|format(totals[function]) }} / {{ "%g"|format(tests|sum(attribute="max_points")) }}</h2>
<div class="function"><div class="your-code">
{% for cell in code.get(function, []) %}{{ highlight(cell.source) }}{% else %}<p class="warning">Your code for
 <code>{{ function }}</code> was not found in your notebook.</p>{% endfor %}</div>
<table><tr><th>test</th><th>result</th><th>points</th><th>what to fix</th></tr>
{% for t in tests %}<tr id="{{ nb.assignment }}.{{ t.test_id }}"><td><code>{{ t.name }}</code></td>
<td class="{{ t.outcome }}">{{ t.outcome }}</td><td>{% if points[t.test_id] != t.points %}
<s>{{ "%g"|format(t.points) }}</s> <span class="adjusted">{{ "%g"|format(points[t.test_id]) }}</span>
{%- else %}{{ "%g"|format(t.points) }}{% endif %} / {{ "%g"|format(t.max_points) }}</td>
<td class="message">{{ t.message }}{% if t.note %}<br><small>({{ t.note }})</small>{% endif %}</td></tr>
{% endfor %}</table></div>
{% endfor %}
{% if others %}<h2 id="other-code">Other cells of yours that ran</h2>
{% for cell in others %}{{ highlight(cell.source) }}{% endfor %}{% endif %}
{% if nb.output %}<h2>What your code printed (first part)</h2><pre>{{ nb.output[:4000] }}</pre>{% endif %}
<p><small>Only your solution cells (and your cells that only define things, as listed above) were
run, with the release's setup cells; the tests compare your functions' results with a reference
implementation.</small></p>
</body></html>
""")


def render_feedback(nb: GradedNotebook, title: str) -> str:
    code, others = code_by_function(nb)
    points, groups = nb.test_points(), test_groups(nb)
    totals = {f: sum(points[t.test_id] for t in tests) for f, tests in groups}
    return FEEDBACK.render(nb=nb, title=title, groups=groups, code=code, others=others, points=points,
                           totals=totals, highlight=highlight_python, code_css=Markup(CODE_CSS))


def feedback_path(output_dir: Path, student: str, assignment: str) -> Path:
    return output_dir / "feedback" / student / f"{assignment}.html"


def write_feedback(output_dir: Path, nb: GradedNotebook, title: str) -> Path:
    path = feedback_path(output_dir, nb.student, nb.assignment)
    write_atomic(path, render_feedback(nb, title))
    return path


# score: the final score (after the late penalty and the TA's adjustments); autograded: what the
# hidden tests gave; late_penalty; adjustment: what the TA's adjustments changed (score - autograded
# + late_penalty).
GRADES_COLUMNS = ["student", "assignment", "score", "max_score", "status", "autograded", "late_penalty",
                  "adjustment"]


def render_grades_csv(notebooks: list[GradedNotebook]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GRADES_COLUMNS)
    for nb in sorted(notebooks, key=lambda n: (n.student, n.assignment)):
        # score = autograded - late_penalty + adjustment, in every row
        adjustment = round(nb.final_score - (nb.score - nb.applied_penalty), 6)
        writer.writerow([nb.student, nb.assignment, f"{nb.final_score:g}", f"{nb.max_score:g}", nb.status,
                         f"{nb.score:g}", f"{nb.applied_penalty:g}", f"{adjustment:g}"])
    return out.getvalue()


def write_grades_csv(output_dir: Path, notebooks: list[GradedNotebook]) -> Path:
    path = output_dir / "grades.csv"
    write_atomic(path, render_grades_csv(notebooks))
    return path
