"""coursekit similarity: normalisation, winnowing, ranking of planted copies, the report's safety."""
import csv
import random
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pytest
from conftest import PILOT, ROOT, write_notebook
from similarity_class import make_class, reference_cells, renamed_copy, reordered_copy, write_class

from coursekit.course.build import reference_and_template
from coursekit.course.notebook import GradingCell, replace_solution_cells
from coursekit.similarity import REFERENCE, pairs_of, run_similarity
from coursekit.similarity.normalize import defined_names, normalise
from coursekit.similarity.report import LISTED
from coursekit.similarity.run import compared_cells
from coursekit.similarity.winnow import WINDOW, K, fingerprint, kgram_hashes, token_hashes, winnow

KEEP, ALIASES = defined_names(["import numpy as np"])
KEEP |= {"softmax_with_temperature", "log_softmax_with_temperature"}

SOFTMAX = '''def softmax_with_temperature(logits, T=1.0):
    """Softmax over the last axis."""
    z = np.asarray(logits, dtype=np.float64) / T   # scale
    z = z - z.max(axis=-1, keepdims=True)

    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
'''


def tokens(*cells):
    return normalise(list(cells), KEEP, ALIASES).tokens


# --- normalisation -------------------------------------------------------------------------------

def test_renaming_comments_docstrings_and_layout_change_nothing():
    other = ('def softmax_with_temperature(x,temp=1.0):\n'
             '    # a different comment\n'
             '    scaled=np.asarray(x,dtype=np.float64)/temp;  scaled = scaled - scaled.max(\n'
             '        axis=-1,\n        keepdims=True)\n\n\n'
             '    ex = np.exp(scaled)\n    return ex/ex.sum(axis=-1, keepdims=True)  # done\n')
    assert tokens(SOFTMAX) == tokens(other)


def test_reordered_functions_and_moved_helpers_change_nothing():
    helper = "def helper(v):\n    return v - v.max(axis=-1, keepdims=True)\n"
    main = "def softmax_with_temperature(logits, T=1.0):\n    return np.exp(helper(logits / T))\n"
    assert tokens(helper + "\n" + main) == tokens(main + "\n\n" + helper) == tokens(main, helper)


def test_api_names_stay_so_different_numpy_calls_differ():
    assert tokens(SOFTMAX) != tokens(SOFTMAX.replace("np.exp", "np.log"))
    assert tokens(SOFTMAX) != tokens(SOFTMAX.replace(".max(axis", ".min(axis"))
    assert tokens(SOFTMAX) != tokens(SOFTMAX.replace("keepdims=True)\n\n", "keepdims=False)\n\n"))
    assert "numpy" in tokens(SOFTMAX) and "V" in tokens(SOFTMAX)


def test_import_alias_is_the_module():
    assert tokens("import numpy as xp\n" + SOFTMAX.replace("np.", "xp.")) == tokens("import numpy as np\n" + SOFTMAX)


def test_broken_cells_are_compared_without_crashing():
    assert tokens("def softmax_with_temperature(:\n    x = 'unclosed", "x = (1,\n")
    assert tokens("") == ()


def test_spans_point_at_the_students_characters():
    code = normalise([SOFTMAX], KEEP, ALIASES)
    texts = [SOFTMAX[start:end] for (cell, start, end) in filter(None, code.spans)]
    assert texts[:6] == ["def", "softmax_with_temperature", "(", "logits", ",", "T"]
    assert "# scale" not in texts and '"""Softmax over the last axis."""' not in texts


# --- winnowing -----------------------------------------------------------------------------------

def test_fingerprints_are_stable_across_runs():
    script = ("from coursekit.similarity.winnow import *\n"
              "print(winnow(kgram_hashes(token_hashes([str(i % 7) for i in range(60)]))).tolist())")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in (1, 2)}
    assert len(runs) == 1


def test_winnowing_guarantee_and_noise_thresholds():
    rng = random.Random(0)
    for _ in range(30):
        a = [f"a{rng.randrange(40)}" for _ in range(120)]
        b = [f"b{rng.randrange(40)}" for _ in range(120)]
        long_run = a[30:30 + K + WINDOW - 1]             # the guarantee threshold: always found
        short_run = a[80:80 + K - 1]                     # shorter than the noise threshold: never
        empty = np.empty(0, np.uint64)
        fa = fingerprint(token_hashes(a), empty)
        assert set(fa.hashes) & set(fingerprint(token_hashes(b[:50] + long_run + b[50:]), empty).hashes)
        assert not set(fa.hashes) & set(fingerprint(token_hashes(b[:50] + short_run + b[50:]), empty).hashes)


def test_winnow_picks_the_rightmost_minimum_of_every_window():
    hashes = np.array([5, 3, 3, 9, 1, 8, 8, 2, 7], dtype=np.uint64)
    assert winnow(hashes, 3).tolist() == [2, 4, 7]
    assert len(kgram_hashes(token_hashes(["x"] * 3), 4)) == 0


# --- a class with planted copies -----------------------------------------------------------------

@pytest.fixture(scope="module")
def planted_class(course, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("similarity")
    students, planted, honest = make_class(course, 300, seed=0)   # the class bench/bench_similarity.py measures
    subs = write_class(course, students, tmp / "submissions")
    (written,) = run_similarity(course, subs, PILOT, output=tmp / "out")
    return written, planted, honest


def test_planted_pairs_rank_above_every_honest_pair(planted_class):
    written, planted, honest = planted_class
    sim = written.similarity
    rank = {frozenset((p.a, p.b)): i for i, p in enumerate(sim.pairs)}
    planted_ranks = [rank[frozenset((p.copier, p.original))] for p in planted]
    honest = set(honest)
    honest_ranks = [i for i, p in enumerate(sim.pairs) if p.a in honest and p.b in honest]
    assert max(planted_ranks) < min(honest_ranks), (planted_ranks, sim.pairs[min(honest_ranks)])
    best_honest = sim.pairs[min(honest_ranks)].score
    for p in planted:
        pair = sim.pairs[rank[frozenset((p.copier, p.original))]]
        assert pair.score > best_honest, (p.how, pair.score, best_honest)
    reference_pair = sim.pairs[rank[frozenset(("copier-reference", REFERENCE))]]
    assert reference_pair.kind == "reference" and reference_pair.note == "close to the reference solution"


def test_the_release_alone_scores_zero_against_everyone(planted_class):
    written, _, _ = planted_class
    sim = written.similarity
    assert "release-template" in [d.name for d in sim.documents]
    assert not [p for p in sim.pairs if "release-template" in (p.a, p.b)]
    template = next(d for d in sim.documents if d.name == "release-template")
    assert len(template.prints.hashes) == 0


def test_copies_are_found_whatever_the_assignment(course, tmp_path):
    """Planted copies of the reference of another assignment, made by the same edits."""
    assignment = "11_contrastive_learning"
    reference, template = reference_and_template(course, assignment)
    ref = {c.metadata.nbgrader.grade_id: c.source for c in reference.cells
           if c.metadata.get("nbgrader", {}).get("solution")}
    rng = random.Random(3)
    versions = {"exact": ref, "renamed": renamed_copy(ref, rng), "reordered": reordered_copy(ref)}
    for name, cells in versions.items():
        write_notebook(tmp_path / "subs" / name / f"{assignment}.ipynb", replace_solution_cells(template, cells))
    write_notebook(tmp_path / "subs" / "blank" / f"{assignment}.ipynb", template)
    (written,) = run_similarity(course, tmp_path / "subs", assignment, output=tmp_path / "out")
    scores = {frozenset((p.a, p.b)): p.score for p in written.similarity.pairs}
    for name in versions:
        assert scores[frozenset((name, REFERENCE))] == pytest.approx(1.0), name
    assert not [p for p in written.similarity.pairs if "blank" in (p.a, p.b)]


def test_pairs_of_a_student_from_the_csv(planted_class):
    written, planted, _ = planted_class
    rows = list(csv.DictReader(written.csv.open()))
    assert list(rows[0]) == ["rank", "student_a", "student_b", "score", "shared_lines_a", "shared_lines_b",
                             "share_a", "share_b", "reference_share", "kind", "note", "in_html"]
    # in_html says where the HTML shows a pair: its code (the top 25), a row of its table, or nowhere
    assert len(rows) > LISTED, "the planted class has more pairs than the HTML lists"
    where = {int(r["rank"]): r["in_html"] for r in rows}
    assert (where[1], where[25], where[26], where[LISTED], where[LISTED + 1]) == ("code", "code", "row", "row", "")
    html = written.html.read_text()
    assert 'id="pair-25"' in html and 'id="pair-26"' not in html
    assert 'id="rank-26"' in html and f'id="rank-{LISTED}"' in html and f'id="rank-{LISTED + 1}"' not in html
    assert "coursekit similarity --top N</code> shows more" in html
    copier, original = planted[0].copier, planted[0].original
    # a CSV written before the in_html column: where the default --top of 25 put each pair
    old = written.csv.with_name("old.csv")
    old.write_text("\n".join(line.rsplit(",", 1)[0] for line in written.csv.read_text().splitlines()) + "\n")
    assert {r["rank"]: r["in_html"] for r in pairs_of(old, copier)} == \
        {r["rank"]: r["in_html"] for r in pairs_of(written.csv, copier)}
    mine = pairs_of(written.csv, copier)
    assert mine[0]["other"] == original and mine[0]["score"] == 1.0 and mine[0]["shared_lines_a"] > 0
    assert [r["rank"] for r in mine] == sorted(r["rank"] for r in mine)
    assert all(copier in (r["student_a"], r["student_b"]) for r in mine)
    assert len(mine) == sum(copier in (r["student_a"], r["student_b"]) for r in rows)


def test_helper_cells_are_compared_and_setup_cells_are_not():
    cells = [GradingCell("setup", "setup", "import numpy as np"), GradingCell("f", "solution", "def f(): pass"),
             GradingCell("helper-3", "helper", "def g(): pass")]
    assert compared_cells(cells) == [("f", "def f(): pass"), ("helper-3", "def g(): pass")]


# --- the report is inert and does not accuse ------------------------------------------------------

HOSTILE_NAMES = ['<img src=x onerror=alert(1)>', '"><svg onload=alert(2)>', "=HYPERLINK(\"http:x\")"]
HOSTILE_CODE = ("# </pre><script>alert(3)</script>\n"
                "label = '<img src=y onerror=alert(4)>'  # <!-- {{ 7 * 7 }}\n")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_hostile_names_and_code_stay_inert(course, tmp_path):
    reference, template = reference_and_template(course, PILOT)
    ref = reference_cells(course)
    hostile = {f: HOSTILE_CODE + src for f, src in ref.items()}
    for name in HOSTILE_NAMES:
        write_notebook(tmp_path / "subs" / name / f"{PILOT}.ipynb", replace_solution_cells(template, hostile))
    (written,) = run_similarity(course, tmp_path / "subs", PILOT, output=tmp_path / "out")
    html = written.html.read_text()
    for raw in HOSTILE_NAMES[:2] + ["<script>alert(3)</script>", "<img src=y onerror=alert(4)>"]:
        assert raw not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;/pre&gt;&lt;script&gt;" in html
    assert "{{ 7 * 7 }}" in html, "student text is never rendered as a template"
    tags = _Tags()
    tags.feed(html)
    assert tags.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "div", "p",
                         "small", "code", "table", "tr", "th", "td", "a", "section", "b", "pre", "mark", "span",
                         "ul", "li"}, tags.tags
    assert not [a for a in tags.attributes if a.startswith("on")]
    rows = list(csv.reader(written.csv.open()))
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row[1:3])
    assert pairs_of(written.csv, HOSTILE_NAMES[2]), "a name escaped for spreadsheets is still found"


def test_the_report_measures_and_never_accuses(planted_class):
    written, _, _ = planted_class
    html = written.html.read_text().lower()
    for word in ("plagiar", "cheat", "copied", "copier", "suspect", "guilty", "dishonest", "misconduct",
                 "violation", "stole"):
        assert word not in html.replace("copier-", ""), word
    assert "not a finding about anyone" in html and "evidence for a ta" in html


# --- the command line ----------------------------------------------------------------------------

def test_cli_writes_html_and_csv(course, tmp_path):
    reference, template = reference_and_template(course, PILOT)
    write_notebook(tmp_path / "subs" / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(tmp_path / "subs" / "bob" / f"{PILOT}.ipynb", reference)
    (tmp_path / "subs" / "eve").mkdir()
    (tmp_path / "subs" / "eve" / f"{PILOT}.ipynb").write_text('{"cells": [ oops')
    result = subprocess.run([sys.executable, "-m", "coursekit", "similarity", str(tmp_path / "subs"),
                             "--output", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "similarity" / f"{PILOT}.html").is_file()
    assert "2 submission(s)" in result.stdout and "eve" in result.stderr and "not compared" in result.stderr
    rows = pairs_of(tmp_path / "out" / "similarity" / f"{PILOT}.csv", "ada")
    assert {r["other"] for r in rows} == {"bob", REFERENCE} and all(r["score"] == 1.0 for r in rows)
    html = (tmp_path / "out" / "similarity" / f"{PILOT}.html").read_text()
    assert "eve" in html and "not a readable notebook" in html


def test_cli_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    for args, says in [(["--assignment", "99_nothing"], "no assignment '99_nothing'"), ([], "no submissions")]:
        result = subprocess.run([sys.executable, "-m", "coursekit", "similarity", str(tmp_path / "empty"), *args],
                                cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 2 and says in result.stderr, result.stderr
