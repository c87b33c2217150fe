"""coursekit export otter: the hidden tests as otter hidden test cases, and their runtime
(coursekit/export/otter_runtime.py) grading as coursekit does.

The fast tests run the exported runtime in this process on the notebooks' setup and solution
cells (what otter's kernel holds after running a submission); the slow ones run `otter assign`
and otter's grader on the reference, the template and every mutant (export/otter_verify.py)."""
import ast
import importlib.util
import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import PILOT

from coursekit.check import grade_notebooks
from coursekit.course.build import reference_and_template
from coursekit.course.notebook import (
    extract_grading_cells,
    graded_functions,
    read_notebook_text,
    replace_solution_cells,
)
from coursekit.course.points import hidden_tests, points_by_function
from coursekit.export.otter import (
    HIDDEN_TEST_MESSAGE,
    otter_master_notebook,
    otter_warnings,
    support_module,
    write_otter,
)
from coursekit.mutants import apply_mutant, load_mutants, spread

SECOND = "20_gradient_clipping"
OTTER_MUTANTS = 12   # of each assignment's 30-40 mutants, spread over the list: otter starts a kernel per notebook
_fresh = itertools.count()


def load_support(path: Path, **settings):
    """The exported coursekit_otter_<id>.py as a fresh module (its state is per kernel)."""
    spec = importlib.util.spec_from_file_location(f"coursekit_otter_under_test_{next(_fresh)}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # as an import does (dataclasses look their module up there)
    spec.loader.exec_module(module)
    module.SETTINGS.update(settings)
    return module


def kernel_namespace(course, assignment_id, nb) -> dict:
    """The notebook's globals after its setup and solution cells ran (errors skipped, as otter
    runs a notebook with allow_errors)."""
    release = read_notebook_text(course.release_notebook(assignment_id).read_text(encoding="utf-8"))
    env: dict = {"__name__": "__main__"}
    for cell in extract_grading_cells(release, nb).cells:
        try:
            exec(compile(cell.source, f"<cell {cell.grade_id}>", "exec"), env)
        except Exception:
            pass
    return env


def run_exported(support_path: Path, course, assignment_id, nb) -> dict:
    """(function, test) -> (passed, message) from the exported runtime, as otter's test cases run it."""
    support = load_support(support_path)
    env = kernel_namespace(course, assignment_id, nb)
    outcomes = {}
    for test in hidden_tests(course.autograder_dir(assignment_id)):
        try:
            support.run_hidden_test(env, f"test_{test.function}.py", test.name)
            outcomes[(test.function, test.name)] = (True, "")
        except support.HiddenTestFailed as exc:
            outcomes[(test.function, test.name)] = (False, str(exc))
    return outcomes


def implementations(course, assignment_id) -> dict:
    reference, template = reference_and_template(course, assignment_id)
    notebooks = {"reference": reference, "template": template}
    mutants = load_mutants(course.mutants_dir(assignment_id), graded_functions(reference))
    notebooks.update({m.name: apply_mutant(reference, m) for m in mutants})
    return notebooks


# --------------------------------------------------------------------------- the master notebook

def test_master_notebook_has_every_hidden_test_with_its_points(course):
    nb = otter_master_notebook(course, PILOT)
    raw = [c.source for c in nb.cells if c.cell_type == "raw"]
    config = yaml.safe_load(raw[0])
    assert config["autograder_files"] == [f"{support_module(PILOT)}.py"]
    assert config["generate"]["show_hidden"] is True and config["tests"] == {"files": False, "ok_format": False}
    assert "otter has no grading boundary" in raw[0]          # the config comment says what is lost
    questions, current = {}, None
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            current = yaml.safe_load(cell.source)
            questions[current["name"]] = (current["points"], [])
        elif cell.cell_type == "code" and '# BEGIN TEST CONFIG' in cell.source:
            head, _, body = cell.source.partition('""" # END TEST CONFIG\n')
            case = yaml.safe_load(head.split("\n", 1)[1])
            questions[current["name"]][1].append((case, ast.parse(body).body[0]))
    hidden = hidden_tests(course.autograder_dir(PILOT))
    assert sorted(questions) == sorted(points_by_function(course.autograder_dir(PILOT)))
    for function, (points, cases) in questions.items():
        visible, *secret = cases
        assert visible[0] == {"points": 0} and visible[1].name == f"test_{function}"
        own = [t for t in hidden if t.function == function]
        assert [(c["points"], c["hidden"], c["failure_message"]) for c, _ in secret] == \
            [(t.points, True, HIDDEN_TEST_MESSAGE + t.name) for t in own]
        assert [f.name for _, f in secret] == [f"hidden_{t.name}" for t in own]
        assert [a.arg for a in secret[0][1].args.args] == ["env"]
        assert sum(c["points"] for c, _ in secret) == points == points_by_function(
            course.autograder_dir(PILOT))[function]


def test_support_module_is_written_beside_and_rebuilds_identically(course, tmp_path):
    first = write_otter(course, PILOT, tmp_path / "a")
    second = write_otter(course, PILOT, tmp_path / "b")
    support = first.with_name(f"{support_module(PILOT)}.py")
    assert first.read_bytes() == second.read_bytes()
    assert support.read_bytes() == second.with_name(support.name).read_bytes()
    module = load_support(support)
    hidden = sorted(p.name for p in course.autograder_dir(PILOT).glob("*.py"))
    assert sorted(k for k in module.SOURCES if k.startswith("tests/")) == [f"tests/{n}" for n in hidden]
    assert module.SOURCES["reference"] == course.solution_module(PILOT).read_text(encoding="utf-8")
    assert module.SETTINGS == {"assignment": PILOT, "call_timeout_s": course.config.limits.call_timeout_s,
                               "max_result_mib": course.config.limits.max_result_mib}


def test_support_module_needs_no_coursekit(course, tmp_path):
    """otter's image has numpy but no coursekit: the runtime grades the reference without it."""
    write_otter(course, PILOT, tmp_path)
    reference, _ = reference_and_template(course, PILOT)
    cells = extract_grading_cells(read_notebook_text(course.release_notebook(PILOT).read_text(encoding="utf-8")),
                                  reference).cells
    script = textwrap.dedent(f"""
        import sys
        sys.modules["coursekit"] = None          # any import of coursekit fails
        sys.path.insert(0, {str(tmp_path)!r})
        import {support_module(PILOT)} as support
        env = {{"__name__": "__main__"}}
        for source in {[c.source for c in cells]!r}:
            exec(source, env)
        for test in {[(t.function, t.name) for t in hidden_tests(course.autograder_dir(PILOT))]!r}:
            support.run_hidden_test(env, "test_%s.py" % test[0], test[1])
        print("all passed")
    """)
    result = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "all passed", result.stderr[-2000:]


# --------------------------------------------------------------------------- grading as coursekit does

@pytest.mark.filterwarnings("ignore::RuntimeWarning")   # the unstable mutants overflow, as they should
@pytest.mark.parametrize("assignment_id", [PILOT, SECOND])
def test_exported_runtime_gives_coursekit_outcomes_and_messages(course, tmp_path, assignment_id):
    """The reference, the template and every mutant: each hidden test passes or fails as in
    coursekit, with coursekit's message."""
    support = write_otter(course, assignment_id, tmp_path).with_name(f"{support_module(assignment_id)}.py")
    notebooks = implementations(course, assignment_id)
    graded = grade_notebooks(course, {(assignment_id, name): nb for name, nb in notebooks.items()})
    failures_seen = 0
    for name, nb in notebooks.items():
        ours = run_exported(support, course, assignment_id, nb)
        theirs = {(t.function, t.name): (t.outcome == "passed", t.message) for t in graded[(assignment_id, name)].tests}
        assert ours == theirs, name
        failures_seen += sum(not passed for passed, _ in ours.values())
    assert failures_seen > len(notebooks)  # the comparison covers failures, not only passes


HIDDEN_EXTRA = '''
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_true


@pytest.mark.points(1)
def test_graded_on_its_own(student, reference):
    rng = np.random.default_rng(7)
    w, X_tr, y_tr = rng.normal(size=3), rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4))
    got = student.with_reference("inner_adapt").reptile_update(w, X_tr, y_tr, 0.1, 2, 0.5)
    expect_array(got, reference.reptile_update(w, X_tr, y_tr, 0.1, 2, 0.5), "reptile_update", rtol=1e-10)
    expect_true(student.last_call.asked == ("inner_adapt",), f"asked {student.last_call.asked}")


@pytest.mark.points(1)
def test_leaves_its_arguments_alone(student, reference):
    w = np.ones(3)
    X, y = np.ones((2, 4, 3)), np.zeros((2, 4))
    student.inner_adapt(w, X, y, 0.1, 1)
    expect_true(np.all(w == 1), "the grader's own array never changes")
    expect_true(student.last_call.changed == {}, f"inner_adapt changed {sorted(student.last_call.changed)} in place")
'''

IN_PLACE_INNER = '''
def inner_adapt(w, X, y, alpha, steps=1):
    w -= 1.0          # modifies the caller's array
    T = X.shape[0]
    return np.tile(w, (T, 1))
'''


def test_last_call_and_with_reference_translate(course_copy, tmp_path):
    """A hidden test using student.with_reference and student.last_call: a wrong inner_adapt costs
    inner_adapt's points only, and changing an argument in place is seen, in otter as in coursekit."""
    assignment_id = "25_meta_learning"
    (course_copy.autograder_dir(assignment_id) / "test_reptile_update.py").write_text(
        (course_copy.autograder_dir(assignment_id) / "test_reptile_update.py").read_text(encoding="utf-8")
        + HIDDEN_EXTRA, encoding="utf-8")
    support = write_otter(course_copy, assignment_id, tmp_path).with_name(f"{support_module(assignment_id)}.py")
    reference, _ = reference_and_template(course_copy, assignment_id)
    in_place = replace_solution_cells(reference, {"inner_adapt": "import numpy as np\n" + IN_PLACE_INNER})
    notebooks = {"reference": reference, "in_place": in_place}
    graded = grade_notebooks(course_copy, {(assignment_id, n): nb for n, nb in notebooks.items()})
    for name, nb in notebooks.items():
        ours = run_exported(support, course_copy, assignment_id, nb)
        theirs = {(t.function, t.name): (t.outcome == "passed", t.message)
                  for t in graded[(assignment_id, name)].tests}
        assert ours == theirs, name
    ours = run_exported(support, course_copy, assignment_id, notebooks["in_place"])
    assert ours[("reptile_update", "test_graded_on_its_own")] == (True, "")
    assert ours[("reptile_update", "test_leaves_its_arguments_alone")] == (False, "inner_adapt changed ['w'] in place")
    assert not ours[("reptile_update", "test_with_your_inner_adapt")][0]   # without with_reference it fails


PATCHES_ALLCLOSE = """
import numpy as np
np.allclose = lambda *args, **kwargs: True
np.abs = lambda x, *args, **kwargs: np.zeros(np.shape(x))  # what expect's comparisons compute with
def softmax_with_temperature(logits, T=1.0):
    return np.zeros_like(logits)
"""


def test_no_grading_boundary_in_otter(course, tmp_path):
    """What the export cannot reproduce: a notebook that patches NumPy's comparisons (np.allclose,
    np.abs) earns nothing in coursekit and earns points where otter grades (the README says so)."""
    support = write_otter(course, PILOT, tmp_path).with_name(f"{support_module(PILOT)}.py")
    _, template = reference_and_template(course, PILOT)
    attack = replace_solution_cells(template, {"softmax_with_temperature": PATCHES_ALLCLOSE})
    graded = grade_notebooks(course, {(PILOT, "attack"): attack})[(PILOT, "attack")]
    assert graded.score == 0
    allclose, absolute = np.allclose, np.abs
    try:
        ours = run_exported(support, course, PILOT, attack)
    finally:
        np.allclose, np.abs = allclose, absolute
    assert any(passed for (function, _), (passed, _) in ours.items() if function == "softmax_with_temperature")


# --------------------------------------------------------------------------- the runtime itself

def student_env(source: str) -> dict:
    env: dict = {"__name__": "__main__"}
    exec(compile(textwrap.dedent(source), "<cell student>", "exec"), env)
    return env


@pytest.fixture
def runtime(course, tmp_path):
    support = write_otter(course, PILOT, tmp_path).with_name(f"{support_module(PILOT)}.py")
    return load_support(support, call_timeout_s=0.5)


def test_runtime_call_crosses_the_codec(runtime):
    env = student_env("""
        import numpy as np
        def softmax_with_temperature(logits, T=1.0):
            logits *= 0                      # in place: the grader's array must not change
            unused = np.log(np.zeros(1))     # a warning, reported as coursekit's worker reports it
            return np.float64(1.5)           # a NumPy scalar arrives as a 0-d array, as in coursekit
        def log_softmax_with_temperature(logits, T=1.0):
            return object()
    """)
    student = runtime.StudentProxy(env, runtime.reference())
    logits = np.arange(3.0)
    value = student.softmax_with_temperature(logits, T=2.0)
    assert type(value) is np.ndarray and value.shape == () and value == 1.5
    assert np.array_equal(logits, [0.0, 1.0, 2.0])
    call = student.last_call
    assert (call.function, call.kwargs, list(call.changed)) == ("softmax_with_temperature", {"T": 2.0}, ["logits"])
    assert np.array_equal(call.changed["logits"], np.zeros(3))
    assert call.warnings == ("RuntimeWarning: divide by zero encountered in log",)
    with pytest.raises(runtime.StudentCodeError, match=r"`log_softmax_with_temperature` value\['value'\]: a value "
                                                        r"of type builtins.object cannot be returned") as info:
        student.log_softmax_with_temperature(logits)
    assert info.value.kind == "refused"


def test_runtime_reports_a_result_that_is_not_new(runtime):
    env = student_env("""
        import numpy as np
        def softmax_with_temperature(logits, T=1.0):
            return np.asarray(logits, dtype=np.float64)   # the logits themselves, as coursekit's worker sees
        def log_softmax_with_temperature(logits, T=1.0):
            return np.broadcast_to(logits, (2,) + np.shape(logits))
    """)
    student = runtime.StudentProxy(env, runtime.reference())
    student.softmax_with_temperature(np.arange(3.0), T=2.0)
    assert student.last_call.aliases == ("the result is the `logits` you passed in, not a new object",)
    student.log_softmax_with_temperature(np.arange(3.0))
    assert student.last_call.aliases[1].startswith("the result is a read-only array")


def test_runtime_failures_say_what_coursekit_says(runtime):
    env = student_env("""
        def softmax_with_temperature(logits, T=1.0):
            raise NotImplementedError()
        def soft_target_loss(s, t, T=2.0):
            return 1 / 0
        def cosine_embedding_loss(a, b, eps=1e-12):
            while True:
                pass
    """)
    student = runtime.StudentProxy(env, runtime.reference())
    cases = [("softmax_with_temperature", "not_implemented", "`softmax_with_temperature` is not implemented yet: "
              "replace `raise NotImplementedError()` with your code"),
             ("soft_target_loss", "error", "`soft_target_loss` raised ZeroDivisionError: division by zero "
              "(at cell student, line 5, in soft_target_loss)"),
             ("distilbert_loss", "missing", "`distilbert_loss` is not defined: define it in its solution cell "
              "(check its spelling)"),
             ("cosine_embedding_loss", "timeout", "`cosine_embedding_loss` timed out after 0.5 s: look for an "
              "infinite loop or a very slow computation"),
             ("cosine_embedding_loss", "timeout", "`cosine_embedding_loss` not called again: an earlier call timed "
              "out after 0.5 s: look for an infinite loop or a very slow computation")]
    for function, kind, message in cases:
        with pytest.raises(runtime.StudentCodeError) as info:
            getattr(student, function)(np.ones((2, 3)), np.ones((2, 3)))
        assert (info.value.kind, str(info.value)) == (kind, message)


def test_runtime_with_reference_answers_from_the_reference(runtime):
    env = student_env("""
        import numpy as np
        def log_softmax_with_temperature(logits, T=1.0):
            return np.zeros_like(logits)     # wrong
        def softmax_with_temperature(logits, T=1.0):
            return np.exp(log_softmax_with_temperature(logits, T))
    """)
    student = runtime.StudentProxy(env, runtime.reference())
    logits = np.array([[1.0, 2.0, 4.0]])
    assert np.allclose(student.softmax_with_temperature(logits), 1.0)   # its own wrong helper
    helped = student.with_reference("log_softmax_with_temperature")
    assert np.allclose(helped.softmax_with_temperature(logits, 2.0),
                       runtime.reference().softmax_with_temperature(logits, 2.0))
    assert helped.last_call.asked == ("log_softmax_with_temperature",) and student.last_call is helped.last_call
    assert env["log_softmax_with_temperature"].__name__ == "log_softmax_with_temperature"  # restored
    assert np.allclose(student.softmax_with_temperature(logits), 1.0)
    with pytest.raises(ValueError, match="the reference has no function nope"):
        student.with_reference("nope")


# --------------------------------------------------------------------------- what cannot be reproduced

def test_warnings_name_what_otter_cannot_reproduce(course, course_copy):
    assert all(otter_warnings(course, a.id) == [] for a in course.config.assignments)
    folder = course_copy.autograder_dir(SECOND)
    (folder / "test_extra.py").write_text(textwrap.dedent("""
        import pytest
        from coursekit.grading.proxy import Call

        @pytest.mark.points(1)
        @pytest.mark.parametrize("n", [1, 2])
        def test_odd(student, reference, tmp_path, n):
            assert student._code is not None
            assert student.global_grad_norm([1.0], 2.0) == pytest.approx(1.0)

        from coursekit.sandbox import StudentCodeError, Sandbox
        from coursekit.expect import expect_array
    """), encoding="utf-8")
    (folder / "conftest.py").write_text("import pytest\n", encoding="utf-8")
    found = otter_warnings(course_copy, SECOND)
    extra = str(folder / "test_extra.py")
    assert found == [f"{folder / 'conftest.py'}: fixtures and hooks in conftest.py are not exported",
                     f"{extra}:3: imports coursekit.grading.proxy.Call, which is not exported",
                     f"{extra}:6: uses pytest.mark.parametrize (only pytest.mark.points runs)",
                     f"{extra}:7: test_odd takes the fixture tmp_path (only student and reference exist)",
                     f"{extra}:8: uses student._code, a coursekit internal",
                     f"{extra}:9: uses pytest.approx (only pytest.mark.points runs)",
                     f"{extra}:11: imports coursekit.sandbox.Sandbox, which is not exported"]


def test_cli_prints_the_boundary_notice_and_warnings(course_copy, tmp_path):
    (course_copy.autograder_dir(SECOND) / "test_extra.py").write_text(
        "import pytest\n\n\ndef test_x(student, reference):\n    assert pytest.approx(1) == 1\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "coursekit", "--course", str(course_copy.root), "export", "otter",
                             SECOND, "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"otter: {tmp_path / 'out' / SECOND}.ipynb" in result.stdout
    assert "without coursekit's grading boundary" in result.stdout
    assert result.stderr.strip() == (f"warning: otter cannot reproduce coursekit's grade here: "
                                     f"{course_copy.autograder_dir(SECOND) / 'test_extra.py'}:5: uses pytest.approx "
                                     "(only pytest.mark.points runs)")
    assert (tmp_path / "out" / f"{support_module(SECOND)}.py").is_file()


# --------------------------------------------------------------------------- otter itself

@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", [PILOT, SECOND])
def test_otter_gives_coursekit_scores_for_reference_template_and_mutants(course, tmp_path, assignment_id):
    pytest.importorskip("otter")
    from coursekit.export.otter_verify import verify_otter
    comparisons = verify_otter(course, assignment_id, tmp_path, mutants=OTTER_MUTANTS)
    reference, _ = reference_and_template(course, assignment_id)
    everyone = load_mutants(course.mutants_dir(assignment_id), graded_functions(reference))
    mutants = [m.name for m in spread(everyone, OTTER_MUTANTS)]
    assert [c.name for c in comparisons] == ["reference", "template", *mutants]
    assert [c.line() for c in comparisons if not c.same] == []
    points = course.assignment(assignment_id).points
    assert sum(comparisons[0].otter.values()) == points and sum(comparisons[1].otter.values()) == 0
    assert all(0 < sum(c.otter.values()) < points for c in comparisons[2:])


@pytest.mark.slow
def test_verify_reports_a_hidden_test_otter_cannot_run(course_copy, tmp_path):
    """A hidden test that needs pytest.approx passes in coursekit and fails in otter: --verify says so."""
    pytest.importorskip("otter")
    from coursekit.export.otter_verify import verify_otter
    path = course_copy.autograder_dir(SECOND) / "test_global_grad_norm.py"
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent("""

        @pytest.mark.points(1)
        def test_approx(student, reference):
            assert float(student.global_grad_norm([np.array([3.0, 4.0])], 2.0)) == pytest.approx(5.0)
    """), encoding="utf-8")
    for mutant in course_copy.mutants_dir(SECOND).glob("*.py"):
        mutant.unlink()   # the reference and the template are enough here
    comparisons = verify_otter(course_copy, SECOND, tmp_path)
    assert [(c.name, c.same) for c in comparisons] == [("reference", False), ("template", True)]
    assert comparisons[0].differing == ("global_grad_norm::test_approx: coursekit passed, otter failed",)
    assert comparisons[0].coursekit["global_grad_norm"] == comparisons[0].otter["global_grad_norm"] + 1
    assert "DIFFERENT" in comparisons[0].line()
