"""The similarity report: similarity/<id>.csv (every pair that shares code) and
similarity/<id>.html (the ranked pairs, the top ones with both codes side by side).

Student code and student names are hostile text: every piece of it reaches the page through
markupsafe's escape (Jinja's autoescape, and ``_highlight`` for the code), never as markup.
The wording reports a measurement; it says nothing about who wrote what.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..outputs.atomic import write_atomic
from .analysis import MOSTLY_REFERENCE, REFERENCE_CLOSE, Pair, Similarity

COLUMNS = ["rank", "student_a", "student_b", "score", "shared_lines_a", "shared_lines_b", "share_a", "share_b",
           "reference_share", "kind", "note", "in_html"]
TOP = 25  # pairs shown with their code in the HTML (coursekit similarity --top)
LISTED = 200  # pairs listed in the HTML's table (at least --top)
# in_html: where similarity/<id>.html shows the pair: "code" (side by side, #pair-<rank>), "row" (a row of
# its table, #rank-<rank>), or "" (only in the CSV)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")   # a spreadsheet would run a cell starting so: prefix "'"


def _csv_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def _from_csv_text(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA) else value


def in_html(rank: int, top: int, listed: int = LISTED) -> str:
    """Where render_html(..., top, listed) shows the pair of ``rank`` (see COLUMNS)."""
    return "code" if rank <= top else "row" if rank <= max(listed, top) else ""


def render_csv(result: Similarity, top: int = TOP) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rank, p in enumerate(result.pairs, 1):
        writer.writerow([rank, _csv_text(p.a), _csv_text(p.b), f"{p.score:.4f}", p.lines_a, p.lines_b,
                         f"{p.share_a:.4f}", f"{p.share_b:.4f}", f"{p.reference_share:.4f}", p.kind, p.note,
                         in_html(rank, top)])
    return out.getvalue()


def write_csv(path: Path, result: Similarity, top: int = TOP) -> Path:
    return write_atomic(path, render_csv(result, top))


def pairs_of(csv_path: Path, student: str) -> list[dict]:
    """The pairs of one student in a similarity CSV, highest score first: dicts with the CSV's
    columns (numbers as numbers), ``other``, the other member of the pair, and ``mine`` / ``theirs``,
    the shared lines of ``student`` and of ``other``, and ``in_html`` (see COLUMNS; for a CSV written
    before that column, as the default --top would have it). For the web gradebook."""
    found = []
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            a, b = _from_csv_text(row["student_a"]), _from_csv_text(row["student_b"])
            if student not in (a, b):
                continue
            lines_a, lines_b = int(row["shared_lines_a"]), int(row["shared_lines_b"])
            found.append({**row, "student_a": a, "student_b": b, "other": b if a == student else a,
                          "mine": lines_a if a == student else lines_b, "theirs": lines_b if a == student else lines_a,
                          "rank": int(row["rank"]), "score": float(row["score"]),
                          "shared_lines_a": lines_a, "shared_lines_b": lines_b,
                          "share_a": float(row["share_a"]), "share_b": float(row["share_b"]),
                          "reference_share": float(row["reference_share"]),
                          "in_html": row["in_html"] if "in_html" in row else in_html(int(row["rank"]), TOP)})
    return found


def _highlight(source: str, spans: list[tuple[int, int, int]]) -> Markup:
    """``source`` escaped, with each (start, end, match) span in a <mark> of its match's colour."""
    parts = []
    at = 0
    for start, end, match in sorted(spans):
        if start < at:
            continue
        parts.append(escape(source[at:start]))
        parts.append(Markup('<mark class="m{}" title="shared region {}">').format(match % 8, match + 1))
        parts.append(escape(source[start:end]))
        parts.append(Markup("</mark>"))
        at = end
    parts.append(escape(source[at:]))
    return Markup("").join(parts)


def _side(result: Similarity, index: int, spans) -> list[dict]:
    doc = result.documents[index]
    return [{"grade_id": gid, "code": _highlight(source, [(s, e, m) for c, s, e, m in spans if c == cell])}
            for cell, (gid, source) in enumerate(doc.cells)]


_ENV = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)

PAGE = _ENV.from_string("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ assignment }}: code similarity</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 90rem; margin: 2rem auto; color: #222; padding: 0 1rem; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #6a4c00; }
.pair { border-top: 2px solid #888; margin-top: 2rem; }
tr:target { background: #fff3c4; }  /* the row a link from the web gradebook points at */
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.sides > div { min-width: 0; }
pre { background: #f7f7f7; padding: .5rem; overflow-x: auto; font-size: .85rem; line-height: 1.5;
      margin: .2rem 0 .8rem; }
h4 { margin: .4rem 0 0; font-weight: normal; font-size: .9rem; }
mark { color: inherit; padding: 0; }
mark.m0 { background: #ffe08a; } mark.m1 { background: #b8e0ff; } mark.m2 { background: #c8f0c0; }
mark.m3 { background: #ffc8d8; } mark.m4 { background: #e0d0ff; } mark.m5 { background: #ffd8b0; }
mark.m6 { background: #c0f0f0; } mark.m7 { background: #e8e8a0; }
.about { background: #f4f6fa; padding: .6rem 1rem; border-left: 4px solid #6b7fa8; }
</style></head><body>
<h1>{{ title }}: code similarity</h1>
<div class="about" id="about">
<p>This page reports a measurement. For every pair of submissions it measures how much of their
graded code (the cells the grader runs, without the release's setup cells) is the same after
normalisation: comments, docstrings, blank lines and spacing removed, every name a student chooses
written as <code>V</code>, top-level functions put in one order. The release's own code (the setup
cells and each solution cell's stub) is removed first, so it never counts. The reference solution
is compared like a submission.</p>
<p>A high score says that two submissions share long token sequences. It does not say how that
came about: the assignments ask for short vectorised NumPy, which has few natural forms, and
students may share code legitimately (worked examples, permitted collaboration). The scores are
evidence for a TA to read together with the code below; they are not a finding about anyone.</p>
<p><small>Score: the share of both submissions' code that lies in shared regions,
(shared tokens of A + shared tokens of B) / (tokens of A + tokens of B). Fingerprints:
winnowing (Schleimer, Wilkerson and Aiken, 2003) of {{ k }}-token sequences, window {{ window }}:
shared runs of at least {{ k + window - 1 }} normalised tokens are always found, runs shorter than
{{ k }} never. Notes: a pair with the reference solution at or above {{ "%.0f"|format(100 * close) }}%
is marked "close to the reference solution"; a pair of students where at least
{{ "%.0f"|format(100 * mostly) }}% of the shared code is also in the reference solution is marked
as such.</small></p>
</div>
<p id="summary">{{ students }} submission(s) compared{% if has_reference %}, and the reference solution{% endif %};
{{ pairs|length }} pair(s) share some code; the {{ shown|length }} highest are shown with their code below
{%- if pairs|length > shown|length %} (<code>coursekit similarity --top N</code> shows more){% endif %}.</p>
{% if not_compared %}<p>Not compared (the notebook could not be read):</p>
<ul>{% for who, why in not_compared %}<li>{{ who }}: {{ why }}</li>{% endfor %}</ul>{% endif %}
<h2>Pairs, highest score first</h2>
<table id="pairs"><tr><th>rank</th><th>A</th><th>B</th><th>score</th><th>share of A</th><th>share of B</th>
<th>lines of A</th><th>lines of B</th><th>shared code also in the reference</th><th>note</th></tr>
{% for p in listed %}<tr id="rank-{{ loop.index }}"><td class="num">
{%- if loop.index <= shown|length %}<a href="#pair-{{ loop.index }}">{{ loop.index }}</a>
{%- else %}{{ loop.index }}{% endif %}</td>
<td>{{ p.a }}</td><td>{{ p.b }}</td><td class="num">{{ "%.1f"|format(100 * p.score) }}%</td>
<td class="num">{{ "%.0f"|format(100 * p.share_a) }}%</td><td class="num">{{ "%.0f"|format(100 * p.share_b) }}%</td>
<td class="num">{{ p.lines_a }}</td><td class="num">{{ p.lines_b }}</td>
<td class="num">{{ "%.0f"|format(100 * p.reference_share) }}%</td><td class="note">{{ p.note }}</td></tr>
{% endfor %}</table>
{% if pairs|length > listed|length %}
<p>{{ pairs|length - listed|length }} more pair(s) with lower scores are in the CSV.</p>{% endif %}
{% for item in details %}
<section class="pair" id="pair-{{ loop.index }}">
<h3>{{ loop.index }}. {{ item.pair.a }} and {{ item.pair.b }}: {{ "%.1f"|format(100 * item.pair.score) }}%</h3>
<p>{{ item.pair.lines_a }} line(s) of A and {{ item.pair.lines_b }} line(s) of B hold shared code; regions of the
same colour and number are the same normalised code.
{%- if item.pair.note %} <span class="note">Note: {{ item.pair.note }}.</span>{% endif %}</p>
<div class="sides">
{% for who, cells in [(item.pair.a, item.left), (item.pair.b, item.right)] %}<div><b>{{ who }}</b>
{% for cell in cells %}<h4>cell <code>{{ cell.grade_id }}</code></h4><pre>{{ cell.code }}</pre>
{% endfor %}</div>
{% endfor %}</div>
</section>
{% endfor %}
</body></html>
""")


def render_html(result: Similarity, title: str, top: int = TOP, listed: int = LISTED) -> str:
    shown = result.pairs[:top]
    details = []
    for pair in shown:
        left, right = result.regions(pair)
        details.append({"pair": pair, "left": _side(result, pair.index_a, left),
                        "right": _side(result, pair.index_b, right)})
    return PAGE.render(assignment=result.assignment, title=title, students=result.students,
                       has_reference=result.students < len(result.documents), pairs=result.pairs,
                       listed=result.pairs[:max(listed, top)], shown=shown, details=details,
                       not_compared=result.not_compared, k=result.k, window=result.window,
                       close=REFERENCE_CLOSE, mostly=MOSTLY_REFERENCE)


def write_html(path: Path, result: Similarity, title: str, top: int = TOP) -> Path:
    return write_atomic(path, render_html(result, title, top))


__all__ = ["COLUMNS", "LISTED", "TOP", "Pair", "in_html", "pairs_of", "render_csv", "render_html", "write_csv",
           "write_html"]
