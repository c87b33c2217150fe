"""Every assignment's hidden tests are themselves tested: the reference scores full marks,
the released template zero, every mutant in tests/mutants/<id>/ loses points on the
functions it breaks, with a message that points at the mistake, and every alternative in
tests/alternatives/<id>/ (a right implementation written another way) scores full marks. The rules
are coursekit/rules.py's, the same functions `coursekit check` runs."""
from pathlib import Path

import pytest

from coursekit import rules
from coursekit.check import grade_assignments
from coursekit.course.build import read_source
from coursekit.course.config import load_course
from coursekit.course.notebook import graded_functions

ROOT = Path(__file__).resolve().parent.parent
COURSE = load_course(ROOT)
IDS = [a.id for a in COURSE.config.assignments]


@pytest.fixture(scope="module")
def graded():
    """Grade each assignment's reference, template and mutants once, in one grading run each."""
    cache = {}

    def get(assignment_id):
        if assignment_id not in cache:
            cache[assignment_id] = grade_assignments(COURSE, [assignment_id])[assignment_id]
        return cache[assignment_id]
    return get


def _messages(findings):
    return [f.message for f in findings]


@pytest.mark.parametrize("assignment_id", IDS)
def test_reference_full_marks_template_zero(graded, assignment_id):
    run = graded(assignment_id)
    assert not run.error, run.error
    path = COURSE.source_notebook(assignment_id)
    assert _messages(rules.reference_problems(run.results["reference"], run.points, path)) == []
    assert _messages(rules.template_problems(run.results["template"], path)) == []


@pytest.mark.parametrize("assignment_id", IDS)
def test_has_at_least_six_mutants(assignment_id):
    functions = graded_functions(read_source(COURSE, assignment_id))
    _, problems = rules.mutant_file_problems(COURSE, assignment_id, functions)
    assert _messages(problems) == []


def _mutant_cases():
    cases = []
    for assignment_id in IDS:
        mutants_dir = COURSE.mutants_dir(assignment_id)
        for path in sorted(mutants_dir.glob("*.py")):
            cases.append(pytest.param(assignment_id, path.stem, id=f"{assignment_id}:{path.stem}"))
    return cases


def _judged(graded, assignment_id, key):
    """The rules' verdict on one mutant or alternative (``key``: "mutant:<name>", "alternative:<name>")."""
    run = graded(assignment_id)
    mutant = next(m for m in run.mutants if m.key == key)
    result = run.results[key]
    messages = [t.message for t in result.tests if t.outcome == "failed"]
    assert rules.mutant_problems(mutant, result, run.points) == [], \
        f"{mutant.description}; messages were: {messages}"


@pytest.mark.parametrize("assignment_id, mutant_name", _mutant_cases())
def test_mutant_loses_points_with_a_pointed_message(graded, assignment_id, mutant_name):
    _judged(graded, assignment_id, f"mutant:{mutant_name}")


def _alternative_cases():
    return [pytest.param(assignment_id, path.stem, id=f"{assignment_id}:{path.stem}")
            for assignment_id in IDS for path in sorted(COURSE.alternatives_dir(assignment_id).glob("*.py"))]


@pytest.mark.parametrize("assignment_id, name", _alternative_cases())
def test_a_right_implementation_written_another_way_scores_full_marks(graded, assignment_id, name):
    _judged(graded, assignment_id, f"alternative:{name}")
