"""Every assignment's hidden tests are themselves tested: the reference scores full marks,
the released template zero, and every mutant in tests/mutants/<id>/ loses points on the
functions it breaks, with a message that points at the mistake."""
from pathlib import Path

import pytest

from coursekit.check import grade_notebooks
from coursekit.course.build import reference_and_template
from coursekit.course.config import load_course
from coursekit.course.notebook import graded_functions
from coursekit.mutants import apply_mutant, load_mutants

ROOT = Path(__file__).resolve().parent.parent
COURSE = load_course(ROOT)
IDS = [a.id for a in COURSE.config.assignments]


def _score(run):
    return run.score


@pytest.fixture(scope="module")
def graded():
    """Grade each assignment's reference, template and mutants once, in one pytest session each."""
    cache = {}

    def get(assignment_id):
        if assignment_id not in cache:
            reference, template = reference_and_template(COURSE, assignment_id)
            mutants = load_mutants(COURSE.mutants_dir(assignment_id), graded_functions(reference))
            notebooks = {(assignment_id, "reference"): reference, (assignment_id, "template"): template}
            notebooks.update({(assignment_id, f"mutant:{m.name}"): apply_mutant(reference, m) for m in mutants})
            results = grade_notebooks(COURSE, notebooks)
            cache[assignment_id] = ({name: r for (_, name), r in results.items()}, mutants)
        return cache[assignment_id]
    return get


@pytest.mark.parametrize("assignment_id", IDS)
def test_reference_full_marks_template_zero(graded, assignment_id):
    runs, _ = graded(assignment_id)
    points = COURSE.assignment(assignment_id).points
    failed = [f"{t.test_id}: {t.message}" for t in runs["reference"].tests if t.outcome != "passed"]
    assert _score(runs["reference"]) == points, f"the reference fails: {failed}"
    assert runs["reference"].cell_errors == ()
    passed = [t.test_id for t in runs["template"].tests if t.outcome == "passed"]
    assert _score(runs["template"]) == 0, f"the blank template passes {passed}"
    assert all("not implemented yet" in t.message for t in runs["template"].tests), \
        "a blank template is told to implement the function"


@pytest.mark.parametrize("assignment_id", IDS)
def test_has_at_least_six_mutants(graded, assignment_id):
    _, mutants = graded(assignment_id)
    assert len(mutants) >= 6, f"{assignment_id}: {len(mutants)} mutants in tests/mutants/{assignment_id}/"


def _mutant_cases():
    cases = []
    for assignment_id in IDS:
        mutants_dir = COURSE.mutants_dir(assignment_id)
        for path in sorted(mutants_dir.glob("*.py")):
            cases.append(pytest.param(assignment_id, path.stem, id=f"{assignment_id}:{path.stem}"))
    return cases


@pytest.mark.parametrize("assignment_id, mutant_name", _mutant_cases())
def test_mutant_loses_points_with_a_pointed_message(graded, assignment_id, mutant_name):
    runs, mutants = graded(assignment_id)
    mutant = next(m for m in mutants if m.name == mutant_name)
    run = runs[f"mutant:{mutant_name}"]
    points = COURSE.assignment(assignment_id).points
    assert _score(run) < points, f"{mutant.description}: scored full marks"
    for function in mutant.loses:
        lost = [t for t in run.tests if t.function == function and t.outcome == "failed"]
        assert lost, f"{mutant.description}: no test of {function} failed"
    messages = [t.message for t in run.tests if t.outcome == "failed"]
    assert any(mutant.message in m for m in messages), \
        f"{mutant.description}: no failure says {mutant.message!r}; messages were: {messages}"
    untouched = [f for f in mutant.cells if f not in mutant.loses]
    assert not untouched, f"{mutant.path}: defines {untouched} but does not list them in LOSES"
