"""Each graded function is graded on its own (issue 17): a mutant that breaks some functions may make
tests of OTHER functions fail only where those tests call the student's own helper on purpose (the
integration tests, named ``test_with_your_*``, worth a small share). Everywhere else the hidden tests
answer the student's calls of other graded functions with the reference (``student.with_reference``),
so one wrong helper costs its own points and the integration test's, not every dependent function's.

Checked on assignments 01-12 (whose hidden tests follow this convention) for every mutant in
tests/mutants/<id>/; the reference itself must pass every test."""
from pathlib import Path

import pytest

from coursekit.check import grade_notebooks
from coursekit.course.build import reference_and_template
from coursekit.course.config import load_course
from coursekit.course.notebook import graded_functions
from coursekit.mutants import apply_mutant, load_mutants

ROOT = Path(__file__).resolve().parent.parent
COURSE = load_course(ROOT)
IDS = [a.id for a in COURSE.config.assignments if int(a.id[:2]) <= 12]
INTEGRATION = "test_with_your_"


@pytest.fixture(scope="module")
def graded():
    cache = {}

    def get(assignment_id):
        if assignment_id not in cache:
            reference, _ = reference_and_template(COURSE, assignment_id)
            mutants = load_mutants(COURSE.mutants_dir(assignment_id), graded_functions(reference))
            notebooks = {(assignment_id, "reference"): reference}
            notebooks.update({(assignment_id, m.name): apply_mutant(reference, m) for m in mutants})
            results = grade_notebooks(COURSE, notebooks)
            cache[assignment_id] = ({name: r for (_, name), r in results.items()}, mutants)
        return cache[assignment_id]
    return get


@pytest.mark.parametrize("assignment_id", IDS)
def test_a_wrong_function_costs_only_its_own_points(graded, assignment_id):
    runs, mutants = graded(assignment_id)
    assert all(t.outcome == "passed" for t in runs["reference"].tests)
    charged_elsewhere = []
    for mutant in mutants:
        for test in runs[mutant.name].tests:
            if test.outcome == "failed" and test.function not in mutant.cells \
                    and not test.test_id.split("::")[-1].startswith(INTEGRATION):
                charged_elsewhere.append(f"{mutant.name} (defines {sorted(mutant.cells)}) fails {test.test_id}: "
                                         f"{test.message[:160]}")
    assert not charged_elsewhere, "\n".join(charged_elsewhere)


@pytest.mark.parametrize("assignment_id", IDS)
def test_integration_tests_are_a_small_share(graded, assignment_id):
    runs, _ = graded(assignment_id)
    by_function: dict[str, list[float]] = {}
    for test in runs["reference"].tests:
        share = by_function.setdefault(test.function, [0.0, 0.0])
        share[1] += test.max_points
        if test.test_id.split("::")[-1].startswith(INTEGRATION):
            share[0] += test.max_points
    large = {f: s for f, s in by_function.items() if s[0] > 0.15 * s[1]}
    assert not large, f"integration tests worth more than 15% of a function's points: {large}"
