"""A TA's work in the gradebook: append-only events, the final score (autograded score, late
penalty, adjustments), adjustments kept across regrades and shown as made for an earlier version,
regrade requests, the graded code stored per notebook, `coursekit adjust` and `comment`, the
final score in grades.csv and every export, and the grader and the app writing at the same time."""
import csv
import io
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from conftest import PILOT, ROOT, write_notebook

from coursekit.course.build import reference_and_template
from coursekit.course.notebook import graded_functions
from coursekit.errors import GradebookError
from coursekit.export.gradescope_runtime import gradescope_results
from coursekit.export.lms import render_canvas_csv, render_moodle_csv
from coursekit.grading.job import TestResult
from coursekit.grading.pipeline import grade_class
from coursekit.mutants import apply_mutant, load_mutants
from coursekit.outputs.feedback import render_grades_csv
from coursekit.outputs.gradebook import Gradebook, GradedNotebook


def _nb(student="ann", content_hash="h1", penalty=0.0):
    tests = [TestResult("f", "a", 3, 3, "passed", ""), TestResult("f", "b", 0, 4, "failed", "b is wrong"),
             TestResult("g", "c", 1, 3, "failed", "c is wrong")]
    return GradedNotebook(student, "05_x", content_hash, "graded", 4.0, 10.0, tests=tests, penalty=penalty,
                          graded_at="2027-01-01T00:00:00+00:00")


@pytest.fixture
def gradebook(tmp_path):
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(_nb())
        yield gb


def test_events_are_append_only(gradebook):
    gradebook.comment("ann", "05_x", "well done", by="Dana")
    for statement in ("UPDATE events SET text='changed'", "DELETE FROM events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            gradebook._db.execute(statement)
    assert [e.kind for e in gradebook.notebook("ann", "05_x").events] == ["graded", "comment"]


def test_final_score_from_tests_penalty_and_adjustments(tmp_path):
    with Gradebook(tmp_path / "g.db") as gb:
        gb.record(_nb(penalty=1.0))
        assert gb.notebook("ann", "05_x").final_score == 3.0                     # 4 - 1 late
        e1 = gb.adjust("ann", "05_x", by="Dana", reason="b is right on paper", set_to=4, test="b")
        assert (e1.test, e1.old, e1.new, e1.by, e1.content_hash) == ("f::b", 0, 4, "Dana", "h1")
        assert gb.notebook("ann", "05_x").final_score == 7.0                     # 3 + 4 + 1 - 1
        e2 = gb.adjust("ann", "05_x", by="Eli", reason="style", add=-0.5)
        assert (e2.old, e2.new) == (7.0, 6.5)
        gb.adjust("ann", "05_x", by="Eli", reason="bonus beyond the maximum is capped", add=9)
        assert gb.notebook("ann", "05_x").final_score == 10.0
        gb.adjust("ann", "05_x", by="Eli", reason="c half right", add=2.5, test="g::c")  # a test stays <= its max
        assert gb.notebook("ann", "05_x").test_points()["g::c"] == 3
        last = gb.notebook("ann", "05_x").adjustments[-2]
        w = gb.withdraw("ann", "05_x", last.id, by="Dana", reason="no bonus")
        assert w.kind == "withdraw" and w.ref == last.id and (w.old, w.new) == (10.0, 8.5)
        nb = gb.notebook("ann", "05_x")
        assert nb.final_score == 8.5 and nb.autograded_score == 3.0 and nb.score == 4.0
        assert [e.kind for e in nb.events].count("adjust") == 4, "the withdrawn adjustment stays in the history"


def test_late_penalty_applies_to_what_a_ta_restores(tmp_path):
    """A late notebook that scored 1 of 10 with a policy penalty of 3: the penalty takes 1 (never
    more than the score); when a TA restores a test to full points, the penalty takes its 3."""
    with Gradebook(tmp_path / "g.db") as gb:
        nb = _nb(penalty=3.0)
        nb.score, nb.tests = 1.0, [TestResult("f", "a", 1, 6, "failed", "a is wrong"),
                                   TestResult("f", "b", 0, 4, "failed", "b is wrong")]
        gb.record(nb)
        before = gb.notebook("ann", "05_x")
        assert (before.final_score, before.applied_penalty) == (0.0, 1.0)
        gb.adjust("ann", "05_x", by="Dana", reason="the code was right; its metadata was lost", set_to=6, test="f::a")
        gb.adjust("ann", "05_x", by="Dana", reason="same", set_to=4, test="f::b")
        after = gb.notebook("ann", "05_x")
        assert (after.final_score, after.applied_penalty) == (7.0, 3.0), \
            "a TA's adjustment of a late notebook must not erase its late penalty"
        row = next(csv.DictReader(io.StringIO(render_grades_csv([after]))))
        assert (row["score"], row["autograded"], row["late_penalty"], row["adjustment"]) == ("7", "1", "3", "9"), \
            "grades.csv: score = autograded - late_penalty + adjustment"


@pytest.mark.parametrize("kwargs,says", [
    ({"set_to": 1, "reason": ""}, "needs a reason"),
    ({"set_to": 11, "reason": "r"}, "between 0 and 10"),
    ({"set_to": 5, "reason": "r", "test": "b"}, "between 0 and 4"),
    ({"add": 1, "set_to": 1, "reason": "r"}, "not both"),
    ({"add": float("inf"), "reason": "r"}, "not a number"),
    ({"add": 1, "reason": "r", "test": "zzz"}, "no such test"),
    ({"add": 1, "reason": "r", "by": " "}, "who you are"),
])
def test_bad_adjustments_are_refused(gradebook, kwargs, says):
    with pytest.raises(GradebookError, match=says):
        gradebook.adjust("ann", "05_x", **{"by": "Dana", **kwargs})
    assert [e.kind for e in gradebook.notebook("ann", "05_x").events] == ["graded"]


def test_no_notebook_no_event(gradebook):
    with pytest.raises(GradebookError, match="no graded notebook of student 'zed'"):
        gradebook.comment("zed", "05_x", "hi", by="Dana")


def test_adjustment_survives_a_new_version_as_made_for_an_earlier_one(gradebook):
    made = gradebook.adjust("ann", "05_x", by="Dana", reason="metadata lost", add=2)
    gradebook.comment("ann", "05_x", "see me", by="Dana")
    gradebook.record(_nb(content_hash="h2"))                   # the student resubmitted; regraded
    nb = gradebook.notebook("ann", "05_x")
    assert [a.id for a in nb.adjustments] == [made.id] and not nb.is_current(made)
    assert nb.final_score == 6.0, "kept in force until a TA decides"
    kept = gradebook.keep("ann", "05_x", made.id, by="Eli")
    nb = gradebook.notebook("ann", "05_x")
    assert kept.ref == made.id and kept.content_hash == "h2" and [a.id for a in nb.adjustments] == [kept.id]
    assert nb.final_score == 6.0
    with pytest.raises(GradebookError, match="already"):
        gradebook.keep("ann", "05_x", kept.id, by="Eli")
    graded = [e for e in nb.events if e.kind == "graded"]
    assert [(e.old, e.new, e.content_hash) for e in graded] == [(None, 4.0, "h1"), (4.0, 4.0, "h2")]


def test_regrade_request_makes_the_next_grade_run_grade_it(gradebook):
    assert gradebook.hash_of("ann", "05_x") == "h1"
    gradebook.request_regrade("ann", "05_x", by="Dana", text="the sandbox was flaky")
    assert gradebook.hash_of("ann", "05_x") is None and gradebook.notebook("ann", "05_x").regrade_requested
    gradebook.record(_nb())
    assert gradebook.hash_of("ann", "05_x") == "h1" and not gradebook.notebook("ann", "05_x").regrade_requested


def test_an_old_gradebook_is_migrated(tmp_path):
    db = sqlite3.connect(tmp_path / "gradebook.db")
    db.executescript("""CREATE TABLE notebooks (student TEXT NOT NULL, assignment TEXT NOT NULL,
        content_hash TEXT NOT NULL, status TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
        penalty REAL NOT NULL DEFAULT 0, message TEXT NOT NULL, warnings TEXT NOT NULL, output TEXT NOT NULL,
        seconds REAL NOT NULL, submitted_at TEXT, graded_at TEXT NOT NULL, PRIMARY KEY (student, assignment));
        INSERT INTO notebooks VALUES ('ann', '05_x', 'h1', 'graded', 4, 10, 0, '', '[]', '', 1, NULL, 'then');""")
    db.commit()
    db.close()
    with Gradebook(tmp_path / "gradebook.db") as gb:
        nb = gb.notebook("ann", "05_x")
        assert nb.code == [] and nb.events == [] and nb.final_score == 4
        gb.adjust("ann", "05_x", by="Dana", reason="r", add=1)
        assert gb.notebook("ann", "05_x").final_score == 5


def test_exports_and_grades_csv_use_the_final_score(course, tmp_path):
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(GradedNotebook("ann", PILOT, "h", "graded", 8.0, 12.0, tests=[
            TestResult("soft_target_loss", "t", 0, 4, "failed", "wrong")]))
        gb.adjust("ann", PILOT, by="Dana", reason="right on paper", add=2.5)
        notebooks = gb.notebooks()
    canvas, _ = render_canvas_csv(course, notebooks)
    moodle, _ = render_moodle_csv(course, notebooks)
    assert list(csv.reader(io.StringIO(canvas)))[2][-1] == "10.5"
    assert list(csv.reader(io.StringIO(moodle)))[1][-1] == "10.5"
    assert gradescope_results(notebooks[0])["score"] == 10.5
    row = list(csv.DictReader(io.StringIO(render_grades_csv(notebooks))))[0]
    assert (row["score"], row["autograded"], row["late_penalty"], row["adjustment"]) == ("10.5", "8", "0", "2.5")


@pytest.fixture(scope="module")
def small_class(course, tmp_path_factory):
    """The pilot graded for a reference (ada), a template (bo) and a mutant (cy)."""
    tmp = tmp_path_factory.mktemp("events")
    subs = tmp / "submissions"
    reference, template = reference_and_template(course, PILOT)
    mutant = load_mutants(course.mutants_dir(PILOT), graded_functions(reference))[0]
    write_notebook(subs / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(subs / "bo" / f"{PILOT}.ipynb", template)
    write_notebook(subs / "cy" / f"{PILOT}.ipynb", apply_mutant(reference, mutant))
    grade_class(course, subs, output=tmp / "out", jobs=1)
    return subs, tmp / "out", reference


def _coursekit(*args):
    return subprocess.run([sys.executable, "-m", "coursekit", "--course", str(ROOT), *args],
                          capture_output=True, text=True, timeout=300)


def test_graded_code_is_stored_and_shown_never_the_hidden_tests(course, small_class):
    _, out, reference = small_class
    with Gradebook(out / "gradebook.db") as gb:
        ada = gb.notebook("ada", PILOT)
    assert {c["grade_id"] for c in ada.code} == set(graded_functions(reference))
    assert all(c["role"] != "setup" for c in ada.code)
    html = (out / "feedback" / "ada" / f"{PILOT}.html").read_text()
    assert 'class="your-code"' in html and "log_softmax_with_temperature" in html
    hidden = "".join(p.read_text() for p in course.autograder_dir(PILOT).glob("test_*.py"))
    assert "@pytest.mark.points" in hidden and "pytest.mark.points" not in html
    assert "def test_" not in html


def test_cli_adjust_and_comment_rewrite_feedback_and_grades_csv(small_class):
    subs, out, _ = small_class
    done = _coursekit("adjust", "bo", PILOT, "--set", "0.5", "--test", "test_weighted_total", "--reason",
                      "partly right", "--by", "Dana", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "test distilbert_loss::test_weighted_total: set to 0.5 (0 -> 0.5)" in done.stdout
    done = _coursekit("adjust", "bo", PILOT, "--add", "2", "--reason", "the idea is right", "--by", "Dana",
                      "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "the notebook: +2 points (0.5 -> 2.5)" in done.stdout
    said = _coursekit("comment", "bo", PILOT, "Come to office hours <b>Tuesday</b>", "--by", "Dana",
                      "--output", str(out))
    assert said.returncode == 0, said.stderr
    html = (out / "feedback" / "bo" / f"{PILOT}.html").read_text()
    assert "Score: 2.5 / 12" in html and "the idea is right" in html and "Dana" in html
    assert "Come to office hours &lt;b&gt;Tuesday&lt;/b&gt;" in html
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert (rows["bo"]["score"], rows["bo"]["autograded"], rows["bo"]["adjustment"]) == ("2.5", "0", "2.5")
    assert rows["ada"]["score"] == "12"
    no_reason = _coursekit("adjust", "bo", PILOT, "--add", "1", "--output", str(out))
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    nobody = _coursekit("comment", "zed", PILOT, "hi", "--output", str(out))
    assert nobody.returncode == 2 and "error: " in nobody.stderr
    assert "no graded notebook of student 'zed'" in nobody.stderr


def test_regrade_keeps_the_ta_work_and_flags_it(course, small_class, tmp_path):
    subs, out, reference = small_class
    assert _coursekit("adjust", "cy", PILOT, "--add", "1", "--reason", "kind", "--by", "Dana",
                      "--output", str(out)).returncode == 0
    grade_class(course, subs, output=out, regrade="cy", jobs=1)            # same notebook, graded afresh
    with Gradebook(out / "gradebook.db") as gb:
        cy = gb.notebook("cy", PILOT)
    assert len(cy.adjustments) == 1 and cy.is_current(cy.adjustments[0])
    write_notebook(subs / "cy" / f"{PILOT}.ipynb", reference)             # a new version: full marks
    run = grade_class(course, subs, output=out, jobs=1)
    assert [nb.student for nb in run.graded] == ["cy"]
    new = run.graded[0]
    assert len(new.adjustments) == 1 and not new.is_current(new.adjustments[0])
    assert new.final_score == 12, "the kept +1 is capped at the maximum"
    html = (out / "feedback" / "cy" / f"{PILOT}.html").read_text()
    assert "made for an earlier version of your notebook" in html


def test_regrade_request_is_carried_out_by_the_next_grade_run(course, small_class):
    subs, out, _ = small_class
    with Gradebook(out / "gradebook.db") as gb:
        gb.request_regrade("ada", PILOT, by="Dana")
    run = grade_class(course, subs, output=out, jobs=1)
    assert [nb.student for nb in run.graded] == ["ada"]
    assert grade_class(course, subs, output=out, jobs=1).graded == []


def test_a_writer_waits_for_another_instead_of_failing(tmp_path):
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(_nb())
    holder = sqlite3.connect(tmp_path / "gradebook.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")                                    # as the grader's record() does
    holder.execute("INSERT INTO events (student, assignment, kind, by, at, content_hash) "
                   "VALUES ('ann', '05_x', 'comment', 'grader', 'now', 'h1')")
    released = threading.Timer(1.0, holder.execute, args=("COMMIT",))
    released.start()
    start = time.monotonic()
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.comment("ann", "05_x", "written after the lock", by="Dana")
        waited = time.monotonic() - start
        kinds = [e.text for e in gb.notebook("ann", "05_x").events]
    released.join()
    holder.close()
    assert waited >= 0.9, "the second writer did not wait for the first"
    assert kinds == ["", "", "written after the lock"]


def test_grader_and_ta_write_the_gradebook_at_the_same_time(course, small_class, tmp_path):
    """`coursekit grade` (a process, jobs 2) grades 12 notebooks while this process, as the web app
    does, appends comments through its own connections: both finish, nothing is lost."""
    subs, out, reference = small_class
    new_subs, new_out = tmp_path / "subs", tmp_path / "out"
    template = reference_and_template(course, PILOT)[1]
    for i in range(12):
        write_notebook(new_subs / f"s{i:02d}" / f"{PILOT}.ipynb", reference if i % 2 else template)
    with Gradebook(new_out / "gradebook.db") as gb:                      # the TA's first student is graded
        gb.record(GradedNotebook("early", PILOT, "h", "graded", 1.0, 12.0))
    grader = subprocess.Popen([sys.executable, "-m", "coursekit", "--course", str(ROOT), "grade", str(new_subs),
                               "--output", str(new_out), "--jobs", "2"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    written, during = 0, 0
    from coursekit.outputs import actions
    while grader.poll() is None and written < 400:
        actions.comment(course, new_out, "early", PILOT, f"comment {written}", by="Dana")
        written += 1
        with Gradebook(new_out / "gradebook.db") as gb:  # the grader has recorded (a batch) and is still running
            during += (0 < len(gb.notebooks()) - 1) and grader.poll() is None
    stdout, stderr = grader.communicate(timeout=300)
    assert grader.returncode == 0, stderr
    assert during > 0, "no comment was written while the grader was recording"
    with Gradebook(new_out / "gradebook.db") as gb:
        notebooks = {nb.student: nb for nb in gb.notebooks()}
    assert len(notebooks) == 13 and notebooks["s01"].final_score == 12 and notebooks["s00"].final_score == 0
    assert [c.text for c in notebooks["early"].comments] == [f"comment {i}" for i in range(written)]
    assert "locked" not in stderr
    rows = list(csv.DictReader((new_out / "grades.csv").open()))
    assert len(rows) == 13
    assert [r["student"] for r in rows] == sorted(notebooks)
