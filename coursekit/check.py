"""``coursekit check``: the course is consistent and every assignment's tests work.

Steps: course.yml valid (by loading it) -> source notebooks well-formed -> release/ and
solutions/ fresh -> hidden tests cover each graded function with the right points (and the
visible test cells carry them) -> the reference scores full marks and the template zero.
Also ``mutant_scores`` behind ``coursekit mutants``.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .backends import Backend, choose_backend
from .course.build import build_outputs, index_outputs, is_fresh, read_source, reference_and_template
from .course.config import Course
from .course.notebook import (
    cell_role,
    extract_grading_cells,
    grade_id,
    graded_functions,
    nbgrader_meta,
    read_notebook_text,
)
from .course.points import points_by_function
from .grading.job import GradingJob, RunResult
from .grading.pipeline import sandbox_plan
from .mutants import apply_mutant, load_mutants


def stale_files(course: Course) -> list[str]:
    """Problems that make release/ or solutions/ differ from what source/ makes today."""
    problems = [f"{built.path}: not what source/ makes today; run `coursekit build`"
                for built in index_outputs(course) if not is_fresh(built)]
    for a in course.config.assignments:
        for built in build_outputs(course, a.id):
            if not built.path.is_file():
                problems.append(f"{built.path}: missing; run `coursekit build {a.id}`")
            elif not is_fresh(built):
                problems.append(f"{built.path}: not what source/ makes today; run `coursekit build {a.id}`")
    return problems


def structure_problems(course: Course) -> list[str]:
    """Each graded function has hidden tests, and the points add up to course.yml's."""
    problems = []
    for a in course.config.assignments:
        functions = graded_functions(read_source(course, a.id))
        points = points_by_function(course.autograder_dir(a.id))
        for f in functions:
            if f not in points:
                problems.append(f"{course.autograder_dir(a.id)}/test_{f}.py: missing (no hidden tests for {f})")
        for f in points:
            if f not in functions:
                problems.append(f"{course.autograder_dir(a.id)}/test_{f}.py: tests a function the "
                                f"notebook does not grade ({', '.join(functions)})")
        total = sum(points.values())
        if abs(total - a.points) > 1e-9:
            problems.append(f"{course.config_path}: {a.id}: points is {a.points:g} but the hidden tests "
                            f"add up to {total:g}")
    return problems


def visible_points_problems(course: Course) -> list[str]:
    """The visible test cell test_<f> carries the points of f's hidden tests (for nbgrader)."""
    problems = []
    for a in course.config.assignments:
        hidden = points_by_function(course.autograder_dir(a.id))
        for cell in read_source(course, a.id).cells:
            if cell_role(cell) == "test":
                function = (grade_id(cell) or "").removeprefix("test_")
                points = float(nbgrader_meta(cell).get("points", 0))
                if function in hidden and abs(points - hidden[function]) > 1e-9:
                    problems.append(f"{course.source_notebook(a.id)}: cell {grade_id(cell)} has {points:g} points, "
                                    f"the hidden tests of {function} add up to {hidden[function]:g}")
    return problems


def grade_notebooks(course: Course, notebooks: dict[tuple[str, str], object],
                    backend: Backend | None = None) -> dict[tuple[str, str], RunResult]:
    """Grade in-memory notebooks {(assignment id, name): notebook} against release/ as grading
    does (same sandbox, same backends); nothing is written. Returns their results by key."""
    releases = {a: read_notebook_text(course.release_notebook(a).read_text(encoding="utf-8"))
                for a in {a for a, _ in notebooks}}
    jobs = []
    for (assignment_id, name), nb in notebooks.items():
        extraction = extract_grading_cells(releases[assignment_id], nb)
        jobs.append(GradingJob(assignment_id, name, tuple(extraction.cells), tuple(extraction.warnings)))
    results: dict[tuple[str, str], RunResult] = {}
    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as scratch:
        # the course's own code (references, templates, mutants): a weak sandbox is allowed here
        plan = sandbox_plan(course, Path(scratch), Path(scratch), allow_weak=True)
        backend = backend or choose_backend(None, None, len(jobs))
        backend.run(course, jobs, plan, lambda r: results.__setitem__((r.assignment, r.key), r))
    return results


def reference_and_template_problems(course: Course, results: dict[tuple[str, str], RunResult],
                                    assignment_id: str) -> list[str]:
    """The reference must score full marks and the blank template zero."""
    a = course.assignment(assignment_id)
    reference, template = results[(a.id, "reference")], results[(a.id, "template")]
    problems = []
    if abs(reference.score - a.points) > 1e-9:
        failed = [f"{t.test_id}: {t.message}" for t in reference.tests if t.outcome != "passed"]
        problems.append(f"{a.id}: the reference scores {reference.score:g}/{a.points:g}: " + "; ".join(failed)[:1500])
    if template.score != 0:
        passed = [t.test_id for t in template.tests if t.outcome == "passed"]
        problems.append(f"{a.id}: the blank template scores {template.score:g}, not 0: {', '.join(passed)}")
    return problems


def check_course(course: Course, grade: bool = True, jobs: int | None = None) -> list[str]:
    """Every problem found, as 'file: what is wrong'; an empty list means the course is sound.
    The references and templates are graded on ``jobs`` shards (default: one per core)."""
    problems = stale_files(course) + structure_problems(course) + visible_points_problems(course)
    if problems or not grade:
        return problems
    notebooks = {}
    for a in course.config.assignments:
        reference, template = reference_and_template(course, a.id)
        notebooks[(a.id, "reference")], notebooks[(a.id, "template")] = reference, template
    results = grade_notebooks(course, notebooks, choose_backend(jobs, None, len(notebooks)))
    return [p for a in course.config.assignments for p in reference_and_template_problems(course, results, a.id)]


@dataclass(frozen=True)
class MutantScore:
    name: str          # "reference", "template" or the mutant's name
    score: float
    message: str       # the first failure message
    caught: bool       # as the mutant's file expects (full marks / zero for the reference / template)


def mutant_scores(course: Course, assignment_id: str) -> list[MutantScore]:
    """The reference, the template and every mutant of an assignment, graded."""
    reference, template = reference_and_template(course, assignment_id)
    mutants = load_mutants(course.mutants_dir(assignment_id), graded_functions(reference))
    notebooks = {(assignment_id, "reference"): reference, (assignment_id, "template"): template}
    notebooks.update({(assignment_id, m.name): apply_mutant(reference, m) for m in mutants})
    results = grade_notebooks(course, notebooks)
    points = course.assignment(assignment_id).points
    rows = []
    for (_, name), result in results.items():
        failed = [t for t in result.tests if t.outcome != "passed"]
        mutant = next((m for m in mutants if m.name == name), None)
        if name == "reference":
            caught = result.score == points
        elif name == "template":
            caught = result.score == 0
        else:
            assert mutant is not None
            caught = (all(any(t.function == f for t in failed) for f in mutant.loses)
                      and any(mutant.message in t.message for t in failed))
        rows.append(MutantScore(name, result.score, failed[0].message if failed else "", caught))
    order = {"reference": 0, "template": 1}
    return sorted(rows, key=lambda r: (order.get(r.name, 2), r.name))
