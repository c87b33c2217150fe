"""Run an assignment's hidden pytest tests against many students.

Two paths with the same results: the tests collected once (grading.collect) and called
directly for each student, the usual and cheap one; or, for test files that use more of pytest
than the grader's fixtures and marks, one pytest session in which the ``student`` fixture is
parametrised over the jobs with session scope, so that pytest runs all tests of one student,
tears the student's worker down, then goes on to the next. Either way each student's code runs
in one sandboxed worker, and ``on_result`` is called as soon as a student is done. Tests live
in ``autograder/<id>/test_<function>.py`` (the function a file grades is in its name), take
the fixtures ``student`` (a grading.proxy.StudentProxy: calls go to the sandboxed worker) and
``reference`` (the solution module, in this process), and say their worth with
``@pytest.mark.points(n)``. Helper modules kept beside them (e.g. ``_shared.py``) can be
imported by the tests.
"""
from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..errors import HiddenTestError, StudentCodeError
from ..sandbox.client import StudentCode
from ..sandbox.forkserver import Sandbox
from .collect import HiddenCase, NeedsPytest, collect
from .job import GradingJob, RunResult, TestResult
from .proxy import Call, StudentProxy
from .reference import AnyReference, load_reference  # noqa: F401  (load_reference kept importable from here)

OnResult = Callable[[RunResult], None]


def failure_message(exc: BaseException) -> str:
    """What a student reads for a failed test: never the test's source."""
    if isinstance(exc, (StudentCodeError, AssertionError)):
        return str(exc)[:2000] or "the check failed"
    return (f"the test could not use your result ({type(exc).__name__}: {str(exc)[:300]}): "
            "check the type and shape your function returns")


def replaced_note(asked: set[str]) -> str:
    if not asked:
        return ""
    names = ", ".join(f"`{n}`" for n in sorted(asked))
    return f"graded on its own: your code's calls of {names} were answered by the reference implementation"


@dataclass
class _Collected:
    """What the tests found for one job, while its tests run."""

    job: GradingJob
    tests: list[TestResult] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    output: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    protections: dict = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)   # during the current test

    def result(self) -> RunResult:
        return RunResult(self.job.assignment, self.job.key, tuple(self.tests), tuple(self.cell_errors),
                         self.output, round(self.seconds, 4), self.protections, cpu_seconds=round(self.cpu_seconds, 4))


class _GradingPlugin:
    def __init__(self, jobs: list[GradingJob], reference: AnyReference, sandbox: Sandbox, on_result: OnResult):
        self.jobs, self.reference_module, self.sandbox, self.on_result = jobs, reference, sandbox, on_result
        self.collected = {job.key: _Collected(job) for job in jobs}
        self.collect_errors: list[str] = []
        self.reported: set[str] = set()

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "points(n): how many points the test is worth")

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(f"{report.nodeid}: {report.longreprtext[-1500:]}")

    def pytest_collection_modifyitems(self, items):
        # pytest would format a full traceback with source for every failure (a quarter of a
        # second each); feedback needs only the message, and must never show the test's source.
        for item in items:
            item.repr_failure = lambda excinfo: failure_message(excinfo.value)
            item._repr_failure_py = lambda excinfo, style=None: failure_message(excinfo.value)

    def pytest_generate_tests(self, metafunc):
        if "student" in metafunc.fixturenames:
            metafunc.parametrize("student", self.jobs, indirect=True, scope="session",
                                 ids=[job.key for job in self.jobs])

    @pytest.fixture(scope="session")
    def reference(self):
        return self.reference_module

    @pytest.fixture(scope="session")
    def student(self, request):
        job: GradingJob = request.param
        found = self.collected[job.key]
        start = time.perf_counter()
        code, proxy = _load(job, self.sandbox, self.reference_module, found)
        try:
            yield proxy
        finally:
            code.close()
            found.output, found.cpu_seconds = code.output, code.cpu_seconds
            found.seconds = time.perf_counter() - start
        self.report(job.key)

    def report(self, key: str) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.on_result(self.collected[key].result())

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when != "call" and not (report.when == "setup" and report.failed):
            return
        job = item.callspec.params.get("student") if hasattr(item, "callspec") else None
        if job is None:
            return
        found = self.collected[job.key]
        marker = item.get_closest_marker("points")
        indices = {k: v for k, v in item.callspec.indices.items() if k != "student"}
        cases = 1
        for mark in item.iter_markers("parametrize"):
            cases *= len(mark.args[1])
        max_points = (float(marker.args[0]) if marker else 1.0) / cases
        name = item.originalname + ("[" + "-".join(str(i) for i in indices.values()) + "]" if indices else "")
        function = Path(str(item.fspath)).stem.removeprefix("test_")
        passed = report.passed
        message = "" if passed else failure_message(call.excinfo.value) if call.excinfo else "failed"
        found.tests.append(TestResult(function, name, max_points if passed else 0.0, max_points,
                                      "passed" if passed else "failed", message, replaced_note(found.asked)))
        found.asked = set()


def forget_test_modules(autograder_dir: Path) -> None:
    """pytest's importlib mode names a test module after its file alone (``test_softmax``) and
    reuses a loaded module of that name: forget the hidden test modules of ``autograder_dir``
    (and their helpers) so that another assignment's file of the same name is imported afresh."""
    root = str(Path(autograder_dir).resolve())
    names = {p.stem for p in Path(autograder_dir).rglob("*.py")}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if name.partition(".")[0] in names or path.startswith(root + os.sep):
            del sys.modules[name]


def _load(job: GradingJob, sandbox: Sandbox, reference: AnyReference,
          found: _Collected) -> tuple[StudentCode, StudentProxy]:
    code = StudentCode(list(job.cells), sandbox.limits, sandbox)
    found.protections = code.protections
    found.cell_errors = [f"cell {c.grade_id!r}: {c.error}" for c in code.cell_results if c.error]

    def on_call(call: Call) -> None:
        found.asked.update(call.asked)
    return code, StudentProxy(code, reference, on_call=on_call)


def _run_case(case: HiddenCase, fixtures: dict, found: _Collected) -> None:
    """Call one hidden test and record its verdict."""
    kwargs = {**{name: fixtures[name] for name in case.wants}, **case.params}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.test(**kwargs)
        passed, message = True, ""
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # AssertionError, the student's errors, pytest.fail(...)
        passed, message = False, failure_message(exc)
    found.tests.append(TestResult(case.function, case.name, case.points if passed else 0.0, case.points,
                                  "passed" if passed else "failed", message, replaced_note(found.asked)))
    found.asked = set()


def run_cases(cases: list[HiddenCase], reference: AnyReference, jobs: list[GradingJob], sandbox: Sandbox,
              on_result: OnResult) -> None:
    """The direct path: for each job, one worker, every test called in order."""
    for job in jobs:
        found = _Collected(job)
        start = time.perf_counter()
        code, proxy = _load(job, sandbox, reference, found)
        try:
            fixtures = {"student": proxy, "reference": reference}
            for case in cases:
                _run_case(case, fixtures, found)
        finally:
            code.close()
            found.output, found.cpu_seconds = code.output, code.cpu_seconds
            found.seconds = time.perf_counter() - start
        on_result(found.result())


def run_hidden_tests(autograder_dir: Path, reference: AnyReference, jobs: list[GradingJob], sandbox: Sandbox,
                     on_result: OnResult = lambda result: None, cases: list[HiddenCase] | None = None) -> None:
    """Run every hidden test for every job (one assignment's); ``on_result`` once per job, as soon
    as it is finished. ``cases``: the assignment's tests collected earlier (grading.collect)."""
    if not jobs:
        return
    if cases is None:
        try:
            cases = collect(autograder_dir, jobs[0].assignment)
        except NeedsPytest:
            run_with_pytest(autograder_dir, reference, jobs, sandbox, on_result)
            return
    run_cases(cases, reference, jobs, sandbox, on_result)


def run_with_pytest(autograder_dir: Path, reference: AnyReference, jobs: list[GradingJob], sandbox: Sandbox,
                    on_result: OnResult = lambda result: None) -> None:
    """The pytest path: one pytest session over all jobs (see the module doc)."""
    if not autograder_dir.is_dir():
        raise HiddenTestError(f"{autograder_dir}: no hidden tests for this assignment")
    plugin = _GradingPlugin(jobs, reference, sandbox, on_result)
    sys.dont_write_bytecode = True  # grading writes nothing beside the sources
    args = [str(autograder_dir), "-p", "no:terminal", "-p", "no:cacheprovider", "-p", "no:stepwise",
            "--assert=plain", "--import-mode=importlib", "-c", os.devnull,
            "--rootdir", str(autograder_dir), "--confcutdir", str(autograder_dir), "-W", "ignore"]
    sys.path.insert(0, str(autograder_dir))  # tests may import helper modules kept beside them
    try:
        code = pytest.main(args, plugins=[plugin])
    finally:
        sys.path.remove(str(autograder_dir))
        forget_test_modules(autograder_dir)
    for job in jobs:  # a student whose worker never started still gets the failures recorded
        plugin.report(job.key)
    if plugin.collect_errors or code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        detail = "\n".join(plugin.collect_errors) or f"pytest exit code {int(code)}"
        raise HiddenTestError(f"the hidden tests in {autograder_dir} could not run:\n{detail}")
