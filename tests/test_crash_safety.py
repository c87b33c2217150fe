"""kill -9 of the grader at several moments of a class run, then a rerun: every notebook is
graded exactly once, nothing is lost, the gradebook is consistent, no process is left."""
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import PILOT, ROOT, write_notebook

from coursekit.course.build import reference_and_template
from coursekit.course.notebook import graded_functions
from coursekit.grading.pipeline import grade_class
from coursekit.mutants import apply_mutant, load_mutants

N_KILLS_AT = [0, 3, 9]


@pytest.fixture(scope="module")
def small_class(course, tmp_path_factory):
    subs = tmp_path_factory.mktemp("crash") / "submissions"
    reference, template = reference_and_template(course, PILOT)
    mutants = load_mutants(course.mutants_dir(PILOT), graded_functions(reference))
    notebooks = [reference, template] + [apply_mutant(reference, m) for m in mutants]
    for i in range(14):
        write_notebook(subs / f"student{i:02d}" / f"{PILOT}.ipynb", notebooks[i % len(notebooks)])
    clean = grade_class(course, subs, output=subs.parent / "clean", jobs=2)
    return subs, {nb.student: nb.final_score for nb in clean.graded}


def _rows(db_path):
    if not db_path.exists():
        return 0
    db = sqlite3.connect(db_path, timeout=5)
    try:
        return db.execute("SELECT COUNT(*) FROM notebooks").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def _grade_command(subs, out):
    return [sys.executable, "-m", "coursekit", "--course", str(ROOT), "grade", str(subs), "--output", str(out),
            "--jobs", "2"]


def _workers_left(marker):
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in ps.splitlines() if "coursekit.worker" in line and marker in line]


@pytest.mark.parametrize("kill_after", N_KILLS_AT)
def test_kill_9_then_resume(small_class, tmp_path, kill_after):
    subs, clean_scores = small_class
    out = tmp_path / "out"
    grader = subprocess.Popen(_grade_command(subs, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _rows(out / "gradebook.db") < kill_after and grader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    grader.send_signal(signal.SIGKILL)
    grader.wait()
    time.sleep(1.0)
    assert _workers_left(str(out)) == [], "a worker outlived the killed grader"
    resumed = subprocess.run(_grade_command(subs, out), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    db = sqlite3.connect(out / "gradebook.db")
    rows = db.execute("SELECT student, score FROM notebooks").fetchall()
    per_test = db.execute("SELECT student, COUNT(*) FROM tests GROUP BY student").fetchall()
    db.close()
    assert sorted(s for s, _ in rows) == sorted(clean_scores), "every notebook exactly once"
    assert dict(rows) == clean_scores, "scores equal those of an uninterrupted run"
    assert len({n for _, n in per_test}) == 1, "every notebook has its full set of test rows"
    assert all((out / "feedback" / s / f"{PILOT}.html").is_file() for s in clean_scores)
    lines = (out / "grades.csv").read_text().splitlines()
    assert len(lines) == 1 + len(clean_scores)
