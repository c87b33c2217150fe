"""Does otter grade as coursekit does? ``coursekit export otter ID --verify``.

Writes the otter export into a work folder, runs ``otter assign`` on it, and grades with otter
(otter's Python API ``otter.run.main``: one kernel per notebook, as ``otter run``) the reference,
the template and every mutant of the assignment, each as a student of an otter course submits it:
otter's student notebook (``dist/student/ID.ipynb``) with its answer cells replaced by that
implementation's functions (the template is that notebook as it is). coursekit grades the same
implementations in its own notebooks (coursekit.check.grade_notebooks, as ``coursekit mutants``).
Every hidden test's outcome and every function's score are compared; for a mutant, also whether
otter's feedback holds the mutant's MESSAGE where coursekit's does. Needs otter-grader (the dev extra).
"""
from __future__ import annotations

import ast
import contextlib
import copy
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..course.config import Course
from ..errors import ExportError
from .otter import HIDDEN_TEST_MESSAGE, write_otter

ANSWER_TAG = "otter_answer_cell"  # otter assign's tag on the solution cells of the student notebook


@dataclass(frozen=True)
class Comparison:
    """One implementation graded by coursekit and by otter."""

    name: str                          # "reference", "template" or the mutant's name
    coursekit: dict[str, float]        # function -> points
    otter: dict[str, float]
    differing: tuple[str, ...] = ()    # "function::test: coursekit passed, otter failed"
    missing_message: str = ""          # the mutant's MESSAGE, when coursekit's feedback has it and otter's not

    @property
    def same(self) -> bool:
        return not self.differing and not self.missing_message and self.coursekit == self.otter

    def line(self) -> str:
        total = f"coursekit {sum(self.coursekit.values()):g}, otter {sum(self.otter.values()):g}"
        if self.same:
            return f"  {self.name}: the same ({total})"
        detail = [*self.differing] + ([f"otter's feedback lacks {self.missing_message!r}"]
                                      if self.missing_message else [])
        return f"  {self.name}: DIFFERENT ({total}): " + "; ".join(detail)


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """Send what otter and its kernel print (Python's stdout and the process's fds 1 and 2) to a
    buffer, so that a failure can show it and a success prints nothing."""
    text = io.StringIO()
    with tempfile.TemporaryFile() as sink:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            with contextlib.redirect_stdout(text):
                yield text
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sink.seek(0)
            text.write(sink.read().decode("utf-8", "replace"))


def _defined(source: str, functions: list[str]) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in functions]


def otter_submission(student_nb, implementation: dict[str, str], functions: list[str]):
    """otter's student notebook with the answer cell of each function in ``implementation``
    (function -> source) replaced."""
    nb = copy.deepcopy(student_nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and ANSWER_TAG in cell.metadata.get("tags", []):
            defined = _defined(cell.source, functions)
            if len(defined) == 1 and defined[0] in implementation:
                cell.source = implementation[defined[0]]
    return nb


def _otter_grade(path: Path, autograder: Path) -> tuple[dict[str, float], dict[tuple[str, str], tuple[bool, str]]]:
    """otter's points per question and (passed, message) per hidden test (function, test name)."""
    from otter.run import main as otter_run
    with _quiet() as printed, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # otter's own deprecation warnings (pandas), not the instructor's business
        try:
            results = otter_run(str(path), autograder=str(autograder), output_dir=None, no_logo=True)
        except Exception as exc:
            raise ExportError(f"otter could not grade {path}: {exc}\n{printed.getvalue()[-3000:]}") from None
    if getattr(results, "_catastrophic_error", None) is not None:
        raise ExportError(f"otter could not grade {path}: {results._catastrophic_error}")
    scores, outcomes = {}, {}
    for name, test_file in results.results.items():
        scores[name] = float(test_file.score)
        for result in test_file.test_case_results:
            message = result.test_case.failure_message or ""
            if result.test_case.hidden and message.startswith(HIDDEN_TEST_MESSAGE):
                outcomes[(name, message.removeprefix(HIDDEN_TEST_MESSAGE))] = (result.passed, result.message or "")
    return scores, outcomes


def verify_otter(course: Course, assignment_id: str, work: Path, mutants: int | None = None) -> list[Comparison]:
    """Grade the reference, the template and every mutant with otter and with coursekit (see the
    module doc); one Comparison each, in that order. ``work`` holds the export and otter's output.
    ``mutants``: at most that many of them, evenly spread over the sorted list (otter starts a
    kernel per notebook, ~3 s each)."""
    import nbformat

    from ..check import grade_notebooks
    from ..course.build import reference_and_template
    from ..course.notebook import cell_role, grade_id, graded_functions
    from ..mutants import apply_mutant, load_mutants, spread
    if importlib.util.find_spec("otter") is None:
        raise ExportError("--verify runs otter-grader, which is not installed: pip install 'otter-grader>=7,<8' "
                          "(it is in coursekit's dev extra)")
    work = Path(work).resolve()
    master = write_otter(course, assignment_id, work / "master")
    assigned = subprocess.run([sys.executable, "-m", "otter", "assign", "--no-run-tests", str(master),
                               str(work / "dist")], cwd=work, capture_output=True, text=True, timeout=900)
    if assigned.returncode != 0:
        raise ExportError(f"otter assign {master} failed:\n{(assigned.stdout + assigned.stderr)[-3000:]}")
    [autograder] = (work / "dist" / "autograder").glob("*.zip")
    student_nb = nbformat.read(work / "dist" / "student" / f"{assignment_id}.ipynb", as_version=4)

    reference, template = reference_and_template(course, assignment_id)
    functions = graded_functions(reference)
    solution = {grade_id(c): c.source for c in reference.cells if cell_role(c) == "solution"}
    found = load_mutants(course.mutants_dir(assignment_id), functions)
    chosen = spread(found, mutants) if mutants is not None else found
    implementations = {"reference": solution, "template": {}}
    implementations.update({m.name: {**solution, **m.cells} for m in chosen})
    coursekit_nbs = {(assignment_id, "reference"): reference, (assignment_id, "template"): template}
    coursekit_nbs.update({(assignment_id, m.name): apply_mutant(reference, m) for m in chosen})
    graded = grade_notebooks(course, coursekit_nbs)

    comparisons = []
    for name, implementation in implementations.items():
        path = work / "submissions" / name / f"{assignment_id}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(otter_submission(student_nb, implementation, functions), path)
        otter_scores, otter_tests = _otter_grade(path, autograder)
        ours = graded[(assignment_id, name)]
        coursekit_scores = {f: 0.0 for f in functions}
        differing = []
        for test in ours.tests:
            coursekit_scores[test.function] = coursekit_scores.get(test.function, 0.0) + test.points
            passed = otter_tests.get((test.function, test.name), (None, ""))[0]
            if passed is None:
                differing.append(f"{test.function}::{test.name}: not run by otter")
            elif passed != (test.outcome == "passed"):
                differing.append(f"{test.function}::{test.name}: coursekit {test.outcome}, "
                                 f"otter {'passed' if passed else 'failed'}")
        mutant = next((m for m in chosen if m.name == name), None)
        missing = ""
        if mutant is not None:
            in_coursekit = any(mutant.message in t.message for t in ours.tests if t.outcome != "passed")
            in_otter = any(mutant.message in message for ok, message in otter_tests.values() if not ok)
            missing = mutant.message if in_coursekit and not in_otter else ""
        comparisons.append(Comparison(name, coursekit_scores, {f: otter_scores.get(f, 0.0) for f in functions},
                                      tuple(differing), missing))
    return comparisons
