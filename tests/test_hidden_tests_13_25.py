"""The hidden tests of assignments 13-25 grade each function on its own and cover what students get wrong
(issue 17): a mutant of a helper loses points only in the helper's tests and in the one integration test
(`test_with_your_*`) of each function that calls it; every graded function has a purity test, a seeded
random-draw test, and its dependents' tests answer the helper with the reference."""
import ast
from pathlib import Path

import pytest

from coursekit.check import grade_notebooks
from coursekit.course.build import reference_and_template
from coursekit.course.config import load_course
from coursekit.course.notebook import graded_functions
from coursekit.course.points import points_by_function
from coursekit.mutants import apply_mutant, load_mutants

ROOT = Path(__file__).resolve().parent.parent
COURSE = load_course(ROOT)
IDS = [a.id for a in COURSE.config.assignments if 13 <= int(a.id[:2]) <= 25]

# graded function -> the graded functions its reference solution calls
DEPENDS = {
    "14_weight_decay_adamw": {"train_quadratic": ("adamw_step", "adam_l2_step")},
    "15_layernorm_variants": {"residual_block": ("layer_norm",),
                              "residual_block_backward": ("layer_norm", "layer_norm_backward")},
    "17_multitask_learning": {"sample_task_schedule": ("task_sampling_probs",), "multitask_loss": ("task_head_loss",)},
    "20_gradient_clipping": {"clip_grad_norm": ("global_grad_norm",)},
    "21_mixture_of_experts": {"switch_layer": ("top1_router", "dispatch_mask")},
    "25_meta_learning": {name: ("inner_adapt",) for name in
                         ("maml_meta_gradient", "fomaml_meta_gradient", "reptile_update")},
}

# (assignment, mutant of a helper, the helper)
CASCADES = [
    ("25_meta_learning", "inner_gradient_missing_two", "inner_adapt"),
    ("25_meta_learning", "inner_frozen_gradient", "inner_adapt"),
    ("14_weight_decay_adamw", "no_bias_correction", "adamw_step"),
    ("15_layernorm_variants", "ln_eps_outside_sqrt", "layer_norm"),
    ("15_layernorm_variants", "ln_backward_constant_stats", "layer_norm_backward"),
    ("17_multitask_learning", "probs_power_T", "task_sampling_probs"),
    ("17_multitask_learning", "ranking_ignores_gamma", "task_head_loss"),
    ("20_gradient_clipping", "squared_norm", "global_grad_norm"),
    ("21_mixture_of_experts", "softmax_over_tokens", "top1_router"),
    ("21_mixture_of_experts", "capacity_off_by_one", "dispatch_mask"),
]


def _tests(assignment_id):
    """{function: {test name: source}} of an assignment's hidden tests."""
    found = {}
    for path in sorted((ROOT / "autograder" / assignment_id).glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        tests = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
        found[path.stem.removeprefix("test_")] = {node.name: ast.get_source_segment(text, node) or "" for node in tests}
    return found


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_function_has_purity_and_random_tests(assignment_id):
    for function, tests in _tests(assignment_id).items():
        assert any("expect_unchanged(student.last_call" in src for src in tests.values()), \
            f"{assignment_id}: no test of {function} checks that it leaves its arguments alone"
        assert any(name.startswith("test_random") or ("default_rng" in src and "for " in src)
                   for name, src in tests.items()), f"{assignment_id}: no seeded random-draw test of {function}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_dependents_are_graded_on_their_own(assignment_id):
    tests = _tests(assignment_id)
    for function, helpers in DEPENDS.get(assignment_id, {}).items():
        own = [name for name in tests[function] if name.startswith("test_with_your")]
        assert len(own) == 1, f"{assignment_id}: {function} needs exactly one integration test, found {own}"
        text = (ROOT / "autograder" / assignment_id / f"test_{function}.py").read_text(encoding="utf-8")
        assert "with_reference(" in text, f"{assignment_id}: the tests of {function} never answer {helpers} with the " \
                                          "reference"


@pytest.fixture(scope="module")
def cascade_results():
    notebooks = {}
    for assignment_id in sorted({a for a, _, _ in CASCADES}):
        reference, _ = reference_and_template(COURSE, assignment_id)
        mutants = {m.name: m for m in load_mutants(COURSE.mutants_dir(assignment_id), graded_functions(reference))}
        for a, name, _ in CASCADES:
            if a == assignment_id:
                notebooks[(a, name)] = apply_mutant(reference, mutants[name])
    return grade_notebooks(COURSE, notebooks)


@pytest.mark.parametrize("assignment_id, mutant, helper", CASCADES)
def test_a_wrong_helper_costs_its_own_points_and_the_integration_tests(cascade_results, assignment_id, mutant,
                                                                       helper):
    run = cascade_results[(assignment_id, mutant)]
    failed = [t for t in run.tests if t.outcome == "failed"]
    dependents = [f for f, helpers in DEPENDS[assignment_id].items() if helper in helpers]
    stray = [t.test_id for t in failed if t.function != helper and not t.name.startswith("test_with_your")]
    assert not stray, f"{mutant} (a wrong {helper}) costs points in other functions' own tests: {stray}"
    assert any(t.function == helper for t in failed), f"{mutant} is not caught by {helper}'s tests"
    integration = sum(t.max_points for t in run.tests
                      if t.function in dependents and t.name.startswith("test_with_your"))
    floor = COURSE.assignment(assignment_id).points - points_by_function(ROOT / "autograder" / assignment_id)[helper] \
        - integration
    assert run.score >= floor - 1e-9, f"{mutant} scores {run.score}, below {floor}"
    notes = [t.note for t in run.tests if t.function in dependents and not t.name.startswith("test_with_your")]
    assert any(f"`{helper}`" in n for n in notes), "the feedback says which functions were answered by the reference"
    assert not any(t.note for t in run.tests if t.name.startswith("test_with_your")), \
        "the integration tests use the student's own helpers"
