"""``coursekit demo``: simulate a class, grade it, write feedback and the class report.

The simulated class, per assignment: the reference solution, the blank template and
DEMO_MUTANTS of the mutants in tests/mutants/<id>/, spread over the sorted list (every one of
them for one assignment, ``--assignment ID``; ``coursekit mutants`` grades them all); and for
the first assignment (not with --assignment) also a notebook that is not JSON, one whose
function loops forever, one with a syntax error, and one that patches ``np.allclose`` to always
pass while returning wrong values.
Each "student" is named after what it submitted, so a TA can read the results at a glance.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .course.build import build, notebook_text, reference_and_template
from .course.config import Course
from .course.notebook import cell_role, grade_id, graded_functions, replace_solution_cells
from .grading.pipeline import grade_class
from .mutants import apply_mutant, load_mutants, spread

DEMO_MUTANTS = 12   # per assignment in the whole-course demo: a class of about 360, not one of every mutant


@dataclass(frozen=True)
class SimulatedStudent:
    student: str
    assignment: str
    expect: str   # "full", "zero", "partial"


def _replace_first_solution(nb, source_for):
    first = next(c for c in nb.cells if cell_role(c) == "solution")
    return replace_solution_cells(nb, {grade_id(first): source_for(grade_id(first), first.source)})


HOSTILE = {
    "infinite-loop": ("zero-or-partial",
                      lambda gid, src: f"def {gid}(*args, **kwargs):\n    while True:\n        pass\n"),
    "syntax-error": ("zero-or-partial", lambda gid, src: src.replace("def ", "def def ", 1)),
    "patches-allclose": ("zero-or-partial", lambda gid, src: (
        "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
        "import builtins\nbuiltins.isinstance = lambda *a: True\n\n"
        f"def {gid}(*args, **kwargs):\n    return 0.0\n")),
}


def simulate_class(course: Course, submissions: Path, assignment: str | None = None) -> list[SimulatedStudent]:
    """Write submissions/<student>/<id>.ipynb for the simulated class; return who expects what.
    With ``assignment``: only its reference, template and every mutant (no hostile notebooks)."""
    if submissions.exists():
        shutil.rmtree(submissions)
    roster = []

    def put(student: str, assignment: str, text: str, expect: str) -> None:
        path = submissions / student / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        roster.append(SimulatedStudent(student, assignment, expect))

    chosen = [course.assignment(assignment)] if assignment else course.config.assignments
    for index, a in enumerate(chosen):
        reference, template = reference_and_template(course, a.id)
        put("reference", a.id, notebook_text(reference), "full")
        put("template", a.id, notebook_text(template), "zero")
        mutants = load_mutants(course.mutants_dir(a.id), graded_functions(reference))
        for mutant in mutants if assignment else spread(mutants, DEMO_MUTANTS):
            put(f"mutant-{mutant.name}", a.id, notebook_text(apply_mutant(reference, mutant)), "partial")
        if index == 0 and not assignment:
            put("not-json", a.id, '{"cells": [ this is not json', "zero")
            for name, (expect, edit) in HOSTILE.items():
                put(name, a.id, notebook_text(_replace_first_solution(reference, edit)), expect)
    return roster


def _verdict(expect: str, score: float, max_score: float) -> bool:
    return {"full": score == max_score, "zero": score == 0, "partial": 0 <= score < max_score,
            "zero-or-partial": score < max_score}[expect]


def run_demo(course: Course, out: Path, jobs: int | None = None, assignment: str | None = None) -> int:
    """build -> simulate -> grade -> report; print a table; 0 when every verdict is as expected.
    With ``assignment``: that assignment's reference, template and every mutant, as a class."""
    from .outputs.report import write_report
    out = Path(out).resolve()
    steps = time.perf_counter()
    build(course, [assignment] if assignment else None)
    roster = simulate_class(course, out / "submissions", assignment)
    for stale in ("gradebook.db", "gradebook.db-wal", "gradebook.db-shm", "grades.csv"):
        (out / stale).unlink(missing_ok=True)
    shutil.rmtree(out / "feedback", ignore_errors=True)
    start = time.perf_counter()
    result = grade_class(course, out / "submissions", assignment=assignment, output=out, jobs=jobs)
    seconds = time.perf_counter() - start
    report = write_report(course, output=out)
    by_key = {(nb.student, nb.assignment): nb for nb in result.graded}
    ok = True
    print(f"{'student':<34} {'assignment':<36} {'score':>9}  verdict")
    for sim in roster:
        nb = by_key[(sim.student, sim.assignment)]
        good = _verdict(sim.expect, nb.final_score, nb.max_score)
        ok &= good
        print(f"{sim.student:<34} {sim.assignment:<36} {nb.final_score:>4g}/{nb.max_score:<4g}  "
              f"{'as expected' if good else 'UNEXPECTED'} ({sim.expect})")
    n = len(result.graded)
    print(f"\ndemo: {n} notebooks graded in {seconds:.1f} s ({seconds / max(n, 1):.3f} s per notebook); "
          f"everything in {time.perf_counter() - steps:.1f} s")
    print(f"  submissions: {out / 'submissions'}/\n  feedback:    {out / 'feedback'}/\n"
          f"  grades:      {out / 'grades.csv'}\n  gradebook:   {out / 'gradebook.db'}\n  report:      {report}")
    print("demo: every verdict as expected" if ok else "demo: SOME VERDICTS ARE WRONG")
    return 0 if ok else 1
