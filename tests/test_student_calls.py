"""The protocol across the grading boundary, end to end with a small hand-made assignment:
a hidden test sees arguments the student's function changed in place, can have the grader answer
the student's calls of another graded function with the reference (so one wrong helper costs only
its own points), can check the student's code for a forbidden shortcut, sees the warnings a call raised,
and sees what of a result is not new (an argument itself, a view of one, a read-only array)."""
import textwrap

import pytest

from coursekit.course.notebook import GradingCell
from coursekit.grading.job import GradingJob
from coursekit.grading.runner import load_reference, run_hidden_tests
from coursekit.sandbox.forkserver import Sandbox
from coursekit.sandbox.plan import SandboxPlan

REFERENCE = '''
import numpy as np

def step(x, state):
    return x * 2.0

def outer(x):
    return float(step(x, {}).sum() + 1.0)
'''

HIDDEN = {
    "test_step.py": '''
        import numpy as np
        import pytest
        from coursekit.expect import expect_array, expect_new, expect_no_warnings, expect_not_used, expect_unchanged

        @pytest.mark.points(1)
        def test_value(student, reference):
            x = np.arange(3.0)
            expect_array(student.step(x, {"t": 0}), reference.step(x, {"t": 0}), "step(x, state)")

        @pytest.mark.points(1)
        def test_leaves_its_arguments_alone(student, reference):
            student.step(np.arange(3.0), {"t": 0})
            expect_unchanged(student.last_call, "return a new array and leave `state` as it is")

        @pytest.mark.points(1)
        def test_no_warnings(student, reference):
            for _ in range(2):  # a warning is reported at every call, not only the first
                student.step(np.array([0.0, 1.0]), {"t": 0})
                expect_no_warnings(student.last_call, "step must not divide by x, which may be 0")

        @pytest.mark.points(1)
        def test_new_result(student, reference):
            student.step(np.arange(3.0), {"t": 0})
            expect_new(student.last_call, "return a new array, x * 2.0")

        @pytest.mark.points(1)
        def test_no_astype(student, reference):
            expect_not_used(student.code_of("step"), {".astype": "do not convert with astype here"}, "step")
        ''',
    "test_outer.py": '''
        import numpy as np
        import pytest
        from coursekit.expect import expect_array

        @pytest.mark.points(2)
        def test_outer_on_its_own(student, reference):
            x = np.arange(4.0)
            expect_array(student.with_reference("step").outer(x), reference.outer(x), "outer(x)")

        @pytest.mark.points(1)
        def test_outer_with_your_step(student, reference):
            x = np.arange(4.0)
            expect_array(student.outer(x), reference.outer(x), "outer(x)")
        ''',
}

STUDENTS = {
    "right": REFERENCE,
    "mutates": REFERENCE.replace("    return x * 2.0", "    state['t'] = 1\n    x *= 2.0\n    return x"),
    "wrong-step": REFERENCE.replace("x * 2.0", "x * 3.0"),
    "astype": REFERENCE.replace("x * 2.0", "(x * 2.0).astype(float)"),
    "bad-call": REFERENCE.replace("step(x, {})", "step(x)"),
    "warns": REFERENCE.replace("    return x * 2.0", "    unused = 1.0 / x\n    return x * 2.0"),
    "returns-x": REFERENCE.replace("    return x * 2.0", "    if x.min() >= 0:\n        return x\n    return x * 2.0"),
    "returns-view": REFERENCE.replace("    return x * 2.0", "    return np.broadcast_to(x, (2, len(x)))[0]"),
    "returns-state": REFERENCE.replace("    return x * 2.0", "    return [state, np.asarray(x, dtype=float)[::2]]"),
    "silenced": REFERENCE.replace("    return x * 2.0", "    with np.errstate(divide='ignore'):\n"
                                                         "        unused = 1.0 / x\n    return x * 2.0"),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("assignment")
    (tmp / "reference.py").write_text(REFERENCE)
    hidden = tmp / "autograder"
    hidden.mkdir()
    for name, text in HIDDEN.items():
        (hidden / name).write_text(textwrap.dedent(text))
    jobs = [GradingJob("99_calls", key, (GradingCell("step", "solution", source),)) for key, source in STUDENTS.items()]
    from coursekit.course.config import Limits
    found = {}
    with Sandbox(Limits(), SandboxPlan.for_paths([tmp])) as sandbox:
        run_hidden_tests(hidden, load_reference(tmp / "reference.py", "99_calls"), jobs, sandbox,
                         lambda r: found.__setitem__(r.key, {t.name: t for t in r.tests}))
    return found


def test_the_right_solution_passes_everything(results):
    assert all(t.outcome == "passed" for t in results["right"].values())
    assert "`step` were answered by the reference" in results["right"]["test_outer_on_its_own"].note
    assert results["right"]["test_outer_with_your_step"].note == ""


def test_changing_arguments_in_place_is_seen_and_named(results):
    tests = results["mutates"]
    assert tests["test_value"].outcome == "passed", "the value itself is right"
    message = tests["test_leaves_its_arguments_alone"].message
    assert tests["test_leaves_its_arguments_alone"].outcome == "failed"
    assert "step changed the `x`, `state` you passed in" in message and "leave `state` as it is" in message


def test_a_wrong_helper_costs_only_its_own_points(results):
    tests = results["wrong-step"]
    assert tests["test_value"].outcome == "failed"
    assert tests["test_outer_on_its_own"].outcome == "passed", "outer is right: the reference answered its step"
    assert "`step` were answered by the reference implementation" in tests["test_outer_on_its_own"].note
    assert tests["test_outer_with_your_step"].outcome == "failed", "without the reference the mistake cascades"


def test_a_forbidden_shortcut_is_found_in_the_code(results):
    tests = results["astype"]
    assert tests["test_value"].outcome == "passed"
    assert tests["test_no_astype"].outcome == "failed"
    assert tests["test_no_astype"].message == "step: do not convert with astype here"


def test_a_wrong_call_of_the_reference_is_the_students_error(results):
    test = results["bad-call"]["test_outer_on_its_own"]
    assert test.outcome == "failed" and "AskedFunctionError" in test.message and "TypeError" in test.message


def test_warnings_of_a_call_are_seen_and_named(results):
    tests = results["warns"]
    assert tests["test_value"].outcome == "passed", "the value itself is right"
    assert tests["test_no_warnings"].outcome == "failed"
    assert tests["test_no_warnings"].message == ("step raised RuntimeWarning: divide by zero encountered in divide: "
                                                 "step must not divide by x, which may be 0")
    assert results["right"]["test_no_warnings"].outcome == "passed"
    assert results["silenced"]["test_no_warnings"].outcome == "passed", "np.errstate is the student's to use"


def test_a_result_that_is_not_new_is_seen_and_named(results):
    assert results["right"]["test_new_result"].outcome == "passed"
    assert results["mutates"]["test_new_result"].message == (
        "step: the result is the `x` you passed in, not a new object: return a new array, x * 2.0")
    assert results["returns-x"]["test_new_result"].message == (
        "step: the result is the `x` you passed in, not a new object: return a new array, x * 2.0")
    assert results["returns-view"]["test_new_result"].message == (
        "step: the result shares memory with the `x` you passed in (a view of it, not a copy); the result is a "
        "read-only array (a view such as np.broadcast_to's: writing into it fails): return a new array, x * 2.0")
    assert results["returns-state"]["test_new_result"].message.startswith(
        "step: the result[0] is the `state` you passed in, not a new object; the result[1] shares memory with the "
        "`x` you passed in")
    assert results["returns-view"]["test_value"].outcome == "failed", "the values are x, not 2x"
