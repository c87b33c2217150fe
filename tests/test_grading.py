"""Grading a class: gradebook, feedback, grades.csv, resumability, regrade, and the grading
boundary's first proof (patching np.allclose in the student's code earns nothing)."""
import copy
import csv
import sqlite3

import pytest
from conftest import PILOT, write_notebook

from coursekit.course.build import reference_and_template
from coursekit.course.notebook import cell_role, grade_id
from coursekit.grading.pipeline import grade_class

CHEAT = """import numpy as np
np.allclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.isclose = lambda a, b, *x, **k: np.ones(np.shape(a), dtype=bool)
import builtins
builtins.abs = lambda x: 0

def {name}(*args, **kwargs):
    return 0.0
"""


def _with_cells(nb, source_for):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell_role(cell) == "solution":
            cell.source = source_for(grade_id(cell), cell.source)
    return nb


@pytest.fixture(scope="module")
def graded_class(course, tmp_path_factory):
    """A small class graded once: reference, template, cheater, a broken file, an exit() call."""
    tmp = tmp_path_factory.mktemp("class")
    subs = tmp / "submissions"
    reference, template = reference_and_template(course, PILOT)
    write_notebook(subs / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(subs / "bo" / f"{PILOT}.ipynb", template)
    write_notebook(subs / "cheater" / f"{PILOT}.ipynb", _with_cells(reference, lambda g, s: CHEAT.format(name=g)))
    (subs / "empty").mkdir(parents=True)
    (subs / "empty" / f"{PILOT}.ipynb").write_text("")
    exits = _with_cells(reference, lambda g, s: s.replace('"""\n', '"""\n    import os; os._exit(3)\n', 1)
                        if g == "soft_target_loss" else s)
    write_notebook(subs / "exits" / f"{PILOT}.ipynb", exits)
    (subs / "ada" / "99_not_an_assignment.ipynb").write_text("{}")
    out = tmp / "out"
    result = grade_class(course, subs, output=out)
    return course, subs, out, result


def _by_student(result):
    return {nb.student: nb for nb in result.graded}


def test_scores(graded_class):
    course, _, _, result = graded_class
    nbs = _by_student(result)
    points = course.assignment(PILOT).points
    assert nbs["ada"].final_score == points and nbs["ada"].status == "graded"
    assert nbs["bo"].final_score == 0
    assert nbs["cheater"].final_score == 0, "patching np.allclose inside the worker must earn nothing"
    assert nbs["empty"].status == "unreadable" and "empty" in nbs["empty"].message
    assert 0 < nbs["exits"].final_score < points
    exit_msgs = [t.message for t in nbs["exits"].tests if t.function == "soft_target_loss"]
    assert all("exited (exit code 3)" in m or "restarted" in m for m in exit_msgs), exit_msgs
    # "{}" is not a notebook and its name is no assignment's: listed as unreadable, never graded
    assert [p.name for p, _ in result.ignored + result.intake.unreadable] == ["99_not_an_assignment.ipynb"]


def test_gradebook_has_per_test_rows_and_hashes(graded_class):
    _, _, out, _ = graded_class
    db = sqlite3.connect(out / "gradebook.db")
    rows = db.execute("SELECT student, content_hash, score, max_score, status FROM notebooks "
                      "ORDER BY student").fetchall()
    assert [r[0] for r in rows] == ["ada", "bo", "cheater", "empty", "exits"]
    assert all(len(r[1]) == 64 for r in rows)
    n_tests = db.execute("SELECT COUNT(*) FROM tests WHERE student='ada'").fetchone()[0]
    assert n_tests >= 5
    total = db.execute("SELECT SUM(points) FROM tests WHERE student='ada'").fetchone()[0]
    assert total == rows[0][2]


def test_grades_csv(graded_class):
    course, _, out, _ = graded_class
    with open(out / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["student", "assignment", "score", "max_score", "status", "autograded", "late_penalty",
                             "adjustment"]
    ada = next(r for r in rows if r["student"] == "ada")
    assert (ada["assignment"], float(ada["score"]), float(ada["max_score"])) == \
        (PILOT, course.assignment(PILOT).points, course.assignment(PILOT).points)


def test_feedback_is_actionable_and_leaks_no_test_source(graded_class, course):
    _, _, out, _ = graded_class
    html = (out / "feedback" / "bo" / f"{PILOT}.html").read_text()
    assert "Score: 0 / 12" in html and "is not implemented yet" in html
    assert f'id="{PILOT}.soft_target_loss::test_matches_torch_kl_div_batchmean"' in html
    hidden = "".join(p.read_text() for p in course.autograder_dir(PILOT).glob("test_*.py"))
    for line in hidden.splitlines():
        line = line.strip()
        if len(line) > 30 and not line.startswith(("#", '"""', "def test", "import", "from")) and '"' not in line:
            assert line not in html, f"hidden test source leaked into feedback: {line}"
    empty = (out / "feedback" / "empty" / f"{PILOT}.html").read_text()
    assert "could not be graded" in empty and "empty" in empty


def test_rerun_skips_unchanged_and_regrade_one_student(graded_class):
    course, subs, out, _ = graded_class
    again = grade_class(course, subs, output=out)
    assert again.graded == [] and again.skipped == 5
    regraded = grade_class(course, subs, output=out, regrade="ada")
    assert [nb.student for nb in regraded.graded] == ["ada"]
    assert regraded.graded[0].final_score == course.assignment(PILOT).points


def test_regrade_of_one_assignment_keeps_the_students_other_assignments(course, tmp_path):
    """`--assignment A --regrade S` grades S's A afresh and leaves S's other rows as they were."""
    other = next(a.id for a in course.config.assignments if a.id != PILOT)
    for asg in (PILOT, other):
        reference, _ = reference_and_template(course, asg)
        write_notebook(tmp_path / "subs" / "ada" / f"{asg}.ipynb", reference)
    out = tmp_path / "out"
    grade_class(course, tmp_path / "subs", output=out, jobs=1)
    regraded = grade_class(course, tmp_path / "subs", output=out, assignment=PILOT, regrade="ada", jobs=1)
    assert [(nb.student, nb.assignment) for nb in regraded.graded] == [("ada", PILOT)]
    with open(out / "grades.csv", newline="") as f:
        rows = {(r["student"], r["assignment"]): r for r in csv.DictReader(f)}
    assert set(rows) == {("ada", PILOT), ("ada", other)}, f"grades.csv lost a row after the regrade: {sorted(rows)}"
    assert float(rows[("ada", other)]["score"]) == course.assignment(other).points


def test_changed_notebook_is_graded_again(course, tmp_path):
    reference, template = reference_and_template(course, PILOT)
    path = write_notebook(tmp_path / "subs" / "cy" / f"{PILOT}.ipynb", template)
    first = grade_class(course, tmp_path / "subs", output=tmp_path / "out")
    assert first.graded[0].final_score == 0
    write_notebook(path, reference)
    second = grade_class(course, tmp_path / "subs", output=tmp_path / "out")
    assert [nb.final_score for nb in second.graded] == [course.assignment(PILOT).points]
    with open(tmp_path / "out" / "grades.csv") as handle:
        assert len(list(csv.DictReader(handle))) == 1, "one row per student and assignment"


def test_grading_writes_nothing_beside_the_sources(course, tmp_path):
    pilot = [f"autograder/{PILOT}", f"release/{PILOT}", f"source/{PILOT}", "coursekit"]
    tracked = {p: p.stat().st_mtime_ns for d in pilot for p in (course.root / d).rglob("*")}
    tracked[course.solution_module(PILOT)] = course.solution_module(PILOT).stat().st_mtime_ns
    _, template = reference_and_template(course, PILOT)
    write_notebook(tmp_path / "subs" / "dee" / f"{PILOT}.ipynb", template)
    grade_class(course, tmp_path / "subs", output=tmp_path / "out")
    after = {p: p.stat().st_mtime_ns for d in pilot for p in (course.root / d).rglob("*")}
    after[course.solution_module(PILOT)] = course.solution_module(PILOT).stat().st_mtime_ns
    assert after == tracked, "grading created or changed files in the course's sources"
    for folder in ("solutions", "autograder", "source", "release"):
        assert not list((course.root / folder).rglob("__pycache__")), f"grading wrote bytecode under {folder}/"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["feedback", "gradebook.db", "gradebook.db-shm", "gradebook.db-wal", "grades.csv"] or \
        sorted(p.name for p in (tmp_path / "out").iterdir()) == ["feedback", "gradebook.db", "grades.csv"]


@pytest.mark.parametrize("stamp, penalty", [
    (None, 0.0),                                   # no timestamp: no penalty
    ("2027-02-19 23:59:00 UTC", 0.0),              # on time
    ("2027-02-20 00:10:00 UTC", 0.0),              # within the 15-minute grace period
    ("2027-02-20 00:30:00 UTC", 1.2),              # one started day late: 10% of 12 points
    ("2027-02-21T12:00:00Z", 2.4),                 # two started days late (after the grace period)
    ("2027-03-30 10:00:00 UTC", 12.0),             # never more than the score
])
def test_late_penalty_from_timestamp(course, tmp_path, stamp, penalty):
    assert course.assignment(PILOT).due.isoformat().startswith("2027-02-19T23:59")
    reference, _ = reference_and_template(course, PILOT)
    path = write_notebook(tmp_path / "subs" / "eve" / f"{PILOT}.ipynb", reference)
    if stamp:
        path.with_name(f"{PILOT}.timestamp.txt").write_text(stamp)
    nb = grade_class(course, tmp_path / "subs", output=tmp_path / "out").graded[0]
    assert nb.penalty == pytest.approx(penalty) and nb.final_score == pytest.approx(12 - penalty)
    html = (tmp_path / "out" / "feedback" / "eve" / f"{PILOT}.html").read_text()
    assert ("Late penalty" in html) == (penalty > 0)


def test_malformed_timestamp_is_a_warning_not_a_crash(course, tmp_path):
    reference, _ = reference_and_template(course, PILOT)
    path = write_notebook(tmp_path / "subs" / "fay" / f"{PILOT}.ipynb", reference)
    path.with_name(f"{PILOT}.timestamp.txt").write_text("yesterday-ish")
    nb = grade_class(course, tmp_path / "subs", output=tmp_path / "out").graded[0]
    assert nb.final_score == 12 and any("not a time" in w for w in nb.warnings)


def test_without_namespaces_grading_still_works_and_says_so(course):
    """Where namespaces are not available the grader still runs, with fewer protections, and reports them."""
    from coursekit.course.notebook import extract_grading_cells
    from coursekit.grading.job import GradingJob
    from coursekit.grading.runner import load_reference, run_hidden_tests
    from coursekit.sandbox.forkserver import Sandbox
    from coursekit.sandbox.plan import SandboxPlan
    reference, template = reference_and_template(course, PILOT)
    jobs = [GradingJob(PILOT, k, tuple(extract_grading_cells(template, nb).cells))
            for k, nb in (("r", reference), ("t", template))]
    plan = SandboxPlan.for_paths([course.root], use_namespaces=False)
    results = {}
    with Sandbox(course.config.limits, plan) as sandbox:
        run_hidden_tests(course.autograder_dir(PILOT), load_reference(course.solution_module(PILOT), PILOT),
                         jobs, sandbox, lambda r: results.__setitem__(r.key, r))
    protections = results["r"].protections
    assert protections["namespaces"] is False and protections["filesystem"].startswith("not isolated")
    assert protections["network"] == "shared" and protections["seccomp"].startswith("EPERM for")
    assert [results[k].score for k in ("r", "t")] == [course.assignment(PILOT).points, 0]


def test_parallel_shards_give_identical_scores(course, tmp_path):
    """--jobs 2 and --jobs 1 agree, and fast students whose results reach the grader in one
    read (several lines at once) are all recorded."""
    reference, template = reference_and_template(course, PILOT)
    for i in range(24):
        write_notebook(tmp_path / "subs" / f"s{i:02d}" / f"{PILOT}.ipynb", template if i % 3 else reference)
    by_jobs = {}
    for jobs in (1, 2):
        result = grade_class(course, tmp_path / "subs", output=tmp_path / f"out{jobs}", jobs=jobs)
        by_jobs[jobs] = {nb.student: (nb.final_score, [(t.test_id, t.outcome, t.message) for t in nb.tests])
                         for nb in result.graded}
    assert len(by_jobs[2]) == 24 and by_jobs[1] == by_jobs[2]


def test_grade_class_on_a_dask_cluster_matches_local(course, tmp_path):
    """coursekit grade --cluster local:2: the same gradebook as the local pool, written by the client."""
    reference, template = reference_and_template(course, PILOT)
    for i in range(6):
        write_notebook(tmp_path / "subs" / f"s{i}" / f"{PILOT}.ipynb", template if i % 2 else reference)
    local = grade_class(course, tmp_path / "subs", output=tmp_path / "local", jobs=1)
    dask = grade_class(course, tmp_path / "subs", output=tmp_path / "dask", cluster="local:2")
    scores = lambda result: {nb.student: (nb.final_score, [t.outcome for t in nb.tests]) for nb in result.graded}  # noqa: E731
    assert scores(dask) == scores(local) and len(scores(dask)) == 6
    assert (tmp_path / "dask" / "grades.csv").read_text() == (tmp_path / "local" / "grades.csv").read_text()
