"""Per-student feedback (HTML) and grades.csv, written from the gradebook."""
from __future__ import annotations

import csv
import io
from itertools import groupby
from pathlib import Path

import jinja2

from .atomic import write_atomic
from .gradebook import GradedNotebook

_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)

FEEDBACK = _ENV.from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ nb.assignment }}: feedback for {{ nb.student }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
.score { font-size: 1.6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
td.passed { color: #1a7f37; font-weight: bold; } td.failed { color: #c62828; font-weight: bold; }
.message { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9rem; }
.warning { background: #fff8e1; padding: .5rem .8rem; border-left: 4px solid #f9a825; margin: .4rem 0; }
pre { background: #f5f5f5; padding: .6rem; overflow-x: auto; max-height: 20rem; }
</style></head><body>
<h1>{{ title }}</h1>
<p>Student: <b>{{ nb.student }}</b> &middot; assignment <code>{{ nb.assignment }}</code>
 &middot; graded {{ nb.graded_at }} &middot; notebook <code>{{ nb.content_hash[:12] }}</code></p>
<p class="score" id="score">Score: {{ "%g"|format(nb.final_score) }} / {{ "%g"|format(nb.max_score) }}</p>
{% if nb.penalty %}<p class="warning" id="late">Late penalty: &minus;{{ "%g"|format(nb.penalty) }} points
 (submitted {{ nb.submitted_at }}); before the penalty: {{ "%g"|format(nb.score) }}.</p>{% endif %}
{% if nb.status != "graded" %}<p class="warning" id="status">Your notebook could not be graded:
 {{ nb.message }}</p>{% endif %}
{% for w in nb.warnings %}<p class="warning">{{ w }}</p>{% endfor %}
{% for function, tests in groups %}
<h2 id="{{ nb.assignment }}.{{ function }}"><code>{{ function }}</code>:
 {{ "%g"|format(tests|sum(attribute="points")) }} / {{ "%g"|format(tests|sum(attribute="max_points")) }}</h2>
<table><tr><th>test</th><th>result</th><th>points</th><th>what to fix</th></tr>
{% for t in tests %}<tr id="{{ nb.assignment }}.{{ t.test_id }}"><td><code>{{ t.name }}</code></td>
<td class="{{ t.outcome }}">{{ t.outcome }}</td><td>{{ "%g"|format(t.points) }} / {{ "%g"|format(t.max_points) }}</td>
<td class="message">{{ t.message }}{% if t.note %}<br><small>({{ t.note }})</small>{% endif %}</td></tr>
{% endfor %}</table>
{% endfor %}
{% if nb.output %}<h2>What your code printed (first part)</h2><pre>{{ nb.output[:4000] }}</pre>{% endif %}
<p><small>Only your solution cells (and your cells that only define things, as listed above) were
run, with the release's setup cells; the tests compare your functions' results with a reference
implementation.</small></p>
</body></html>
""")


def render_feedback(nb: GradedNotebook, title: str) -> str:
    groups = [(f, list(ts)) for f, ts in groupby(nb.tests, key=lambda t: t.function)]
    return FEEDBACK.render(nb=nb, title=title, groups=groups)


def feedback_path(output_dir: Path, student: str, assignment: str) -> Path:
    return output_dir / "feedback" / student / f"{assignment}.html"


def write_feedback(output_dir: Path, nb: GradedNotebook, title: str) -> Path:
    path = feedback_path(output_dir, nb.student, nb.assignment)
    write_atomic(path, render_feedback(nb, title))
    return path


GRADES_COLUMNS = ["student", "assignment", "score", "max_score", "status"]


def render_grades_csv(notebooks: list[GradedNotebook]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GRADES_COLUMNS)
    for nb in sorted(notebooks, key=lambda n: (n.student, n.assignment)):
        writer.writerow([nb.student, nb.assignment, f"{nb.final_score:g}", f"{nb.max_score:g}", nb.status])
    return out.getvalue()


def write_grades_csv(output_dir: Path, notebooks: list[GradedNotebook]) -> Path:
    path = output_dir / "grades.csv"
    write_atomic(path, render_grades_csv(notebooks))
    return path
