"""``coursekit check``: the course follows every rule in coursekit/rules.py (the rules the test
suite enforces, from the same functions).

Steps: course.yml valid (by loading it) -> release/ and solutions/ fresh -> the index agrees
with course.yml -> per assignment: the source notebook's static rules, the hidden tests, the
mutant files -> grade the reference, the template and every mutant of each assignment that is
built (one grading run) -> with ``execute``, run each solution notebook and the index top to
bottom. Also ``mutant_scores`` behind ``coursekit mutants``.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import rules
from .backends import Backend, choose_backend
from .course.build import build_outputs, index_outputs, is_fresh, read_source, reference_and_template
from .course.config import Course
from .course.notebook import extract_grading_cells, graded_functions, read_notebook_text
from .errors import CoursekitError, HiddenTestError
from .grading.job import GradingJob, RunResult
from .grading.pipeline import sandbox_plan
from .mutants import Mutant, apply_mutant, load_alternatives, load_mutants
from .rules import Finding


def stale_findings(course: Course, ids: list[str] | None = None) -> list[Finding]:
    """release/ or solutions/ files that differ from what source/ makes today."""
    problems = [Finding(built.path, "not what source/ makes today; run `coursekit build`")
                for built in index_outputs(course) if not is_fresh(built)]
    for assignment_id in ids or [a.id for a in course.config.assignments]:
        try:
            outputs = build_outputs(course, assignment_id)
        except CoursekitError as exc:  # one finding per line of the build error
            path = course.source_notebook(assignment_id)
            problems += [Finding(path, line.removeprefix(f"{path}: ")) for line in str(exc).splitlines()]
            continue
        for built in outputs:
            if not built.path.is_file():
                problems.append(Finding(built.path, f"missing; run `coursekit build {assignment_id}`"))
            elif not is_fresh(built):
                problems.append(Finding(built.path,
                                        f"not what source/ makes today; run `coursekit build {assignment_id}`"))
    return problems


def stale_files(course: Course) -> list[str]:
    """Problems that make release/ or solutions/ differ from what source/ makes today."""
    return [str(f) for f in stale_findings(course)]


def structure_problems(course: Course) -> list[str]:
    """Each graded function has hidden tests, and the points add up to course.yml's."""
    return [str(f) for a in course.config.assignments
            for f in rules.hidden_test_problems(course, a.id, read_source(course, a.id))]


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


@dataclass
class GradedAssignment:
    """An assignment's reference, template, mutants and alternatives, graded: results by
    "reference", "template" and each one's ``key`` ("mutant:<name>", "alternative:<name>")."""

    assignment: str
    points: float
    mutants: list[Mutant]
    results: dict[str, RunResult] = field(default_factory=dict)
    error: str = ""      # the hidden tests could not run at all

    def findings(self, course: Course) -> list[Finding]:
        path = course.source_notebook(self.assignment)
        if self.error:
            return [Finding(course.autograder_dir(self.assignment), self.error)]
        found = rules.reference_problems(self.results["reference"], self.points, path)
        found += rules.template_problems(self.results["template"], path)
        for m in self.mutants:
            found += rules.mutant_findings(m, self.results[m.key], self.points)
        return found


def grade_assignments(course: Course, ids: list[str], jobs: int | None = None,
                      mutants: dict[str, list[Mutant]] | None = None) -> dict[str, GradedAssignment]:
    """Grade each assignment's reference, template, mutants and alternatives (``mutants``: already
    parsed, else read from tests/mutants/<id>/ and tests/alternatives/<id>/) in one grading run; an
    assignment whose hidden tests cannot run gets its ``error`` instead of results."""
    graded, notebooks = {}, {}
    for assignment_id in ids:
        reference, template = reference_and_template(course, assignment_id)
        found = (mutants or {}).get(assignment_id)
        if found is None:
            functions = graded_functions(reference)
            found = load_mutants(course.mutants_dir(assignment_id), functions) \
                + load_alternatives(course.alternatives_dir(assignment_id), functions)
        graded[assignment_id] = GradedAssignment(assignment_id, course.assignment(assignment_id).points, found)
        notebooks[(assignment_id, "reference")], notebooks[(assignment_id, "template")] = reference, template
        notebooks.update({(assignment_id, m.key): apply_mutant(reference, m) for m in found})

    def run(subset: dict) -> None:
        results = grade_notebooks(course, subset, choose_backend(jobs, None, len(subset)))
        for (assignment_id, name), result in results.items():
            graded[assignment_id].results[name] = result
    try:
        run(notebooks)
    except HiddenTestError:  # one assignment's tests are broken: grade each alone to say which
        for assignment_id in ids:
            try:
                run({k: v for k, v in notebooks.items() if k[0] == assignment_id})
            except HiddenTestError as exc:
                graded[assignment_id].error = str(exc)
    return graded


def check_findings(course: Course, ids: list[str] | None = None, grade: bool = True, execute: bool = False,
                   jobs: int | None = None) -> list[Finding]:
    """Every broken rule of the course (of the assignments ``ids``, default all, plus the index):
    an empty list means the course is sound. References, templates and mutants are graded on
    ``jobs`` shards (default: one per core) unless ``grade`` is false; ``execute`` also runs the
    solution notebooks and the index top to bottom."""
    ids = ids or [a.id for a in course.config.assignments]
    for assignment_id in ids:
        course.assignment(assignment_id)  # an unknown id is a ConfigError naming the known ones
    stale = stale_findings(course, ids)
    findings = stale + rules.index_problems(course)
    stale_paths = {f.path for f in stale}
    gradable: list[str] = []
    parsed: dict[str, list[Mutant]] = {}
    for assignment_id in ids:
        path = course.source_notebook(assignment_id)
        try:
            source = read_source(course, assignment_id)
        except CoursekitError as exc:
            findings.append(Finding(path, str(exc).replace(f"{path}: ", "")))
            continue
        static = rules.notebook_problems(source, path) + rules.hidden_test_problems(course, assignment_id, source)
        mutants, mutant_problems = rules.mutant_file_problems(course, assignment_id, graded_functions(source))
        findings += static + mutant_problems
        built = {b for b in (course.release_notebook(assignment_id), course.solution_module(assignment_id))}
        broken_tests = any(f.path.suffix == ".py" and "not valid Python" in f.message for f in static)
        if not built & stale_paths and path not in stale_paths and not broken_tests \
                and course.autograder_dir(assignment_id).is_dir():
            gradable.append(assignment_id)
            parsed[assignment_id] = mutants
    if grade and gradable:
        for graded in grade_assignments(course, gradable, jobs, parsed).values():
            findings += graded.findings(course)
    if execute:
        findings += execution_findings(course, ids)
    return list(dict.fromkeys(findings))  # a build error and a static rule may say the same thing


def execution_findings(course: Course, ids: list[str]) -> list[Finding]:
    """Run each solution notebook (and the index, from release/) top to bottom."""
    import nbformat
    findings = []
    with tempfile.TemporaryDirectory(prefix="coursekit-run-") as scratch:
        for assignment_id in ids:
            try:
                reference, _ = reference_and_template(course, assignment_id)
            except CoursekitError:
                continue  # already a finding
            seconds, stopped = rules.execute_notebook(reference, Path(scratch))
            findings += rules.execution_problems(reference, seconds, course.source_notebook(assignment_id), stopped)
        index = course.path("release") / course.config.index / f"{course.config.index}.ipynb"
        if index.is_file():
            nb = nbformat.read(index, as_version=4)
            seconds, stopped = rules.execute_notebook(nb, index.parent)
            findings += rules.execution_problems(nb, seconds, index, stopped, plot=False)
    return findings


def check_course(course: Course, grade: bool = True, jobs: int | None = None, ids: list[str] | None = None,
                 execute: bool = False) -> list[str]:
    """Every problem found, as 'file: what is wrong'; an empty list means the course is sound."""
    return [str(f) for f in check_findings(course, ids, grade=grade, execute=execute, jobs=jobs)]


@dataclass(frozen=True)
class MutantScore:
    name: str          # "reference", "template" or the mutant's name
    score: float
    message: str       # the failure message that names the mistake (else the first failure message)
    caught: bool       # as the mutant's file expects (full marks / zero for the reference / template)
    problems: tuple[str, ...] = ()    # the conditions it fails (rules.py), when not caught
    messages: tuple[str, ...] = ()    # every failure message, as "function::test: message"
    expected: str = ""                # the mutant's MESSAGE
    description: str = ""             # the mutant's docstring (the mistake)
    alternative: bool = False         # a right implementation (tests/alternatives/): full marks expected


def mutant_scores(course: Course, assignment_id: str, graded: GradedAssignment | None = None) -> list[MutantScore]:
    """The reference, the template, every mutant and every alternative of an assignment, graded and
    judged by rules.py (alternatives last)."""
    graded = graded or grade_assignments(course, [assignment_id])[assignment_id]
    if graded.error:
        raise HiddenTestError(graded.error)
    path = course.source_notebook(assignment_id)
    rows = []
    for name, result in graded.results.items():
        failed = [t for t in result.tests if t.outcome != "passed"]
        messages = tuple(f"{t.test_id}: {t.message}" for t in failed)
        first = failed[0].message if failed else ""
        if name == "reference":
            problems = [f.message for f in rules.reference_problems(result, graded.points, path)]
            rows.append(MutantScore(name, result.score, first, not problems, tuple(problems), messages))
        elif name == "template":
            problems = [f.message for f in rules.template_problems(result, path)]
            rows.append(MutantScore(name, result.score, first, not problems, tuple(problems), messages))
        else:
            mutant = next(m for m in graded.mutants if m.key == name)
            problems = rules.mutant_problems(mutant, result, graded.points)
            named = next((t.message for t in failed if mutant.message and mutant.message in t.message), first)
            rows.append(MutantScore(mutant.name, result.score, named, not problems, tuple(problems), messages,
                                    mutant.message, mutant.description, mutant.alternative))
    order = {"reference": 0, "template": 1}
    return sorted(rows, key=lambda r: (order.get(r.name, 2 + r.alternative), r.name))
