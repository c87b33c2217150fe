"""Run an assignment's hidden pytest tests against many students in one pytest session.

The ``student`` fixture is parametrised over the jobs with session scope, so pytest runs all
tests of one student, tears the student's worker down, then goes on to the next. Tests live
in ``autograder/<id>/test_<function>.py`` (the function a file grades is in its name), take
the fixtures ``student`` (a grading.proxy.StudentProxy: calls go to the sandboxed worker) and
``reference`` (the solution module, in this process), and say their worth with
``@pytest.mark.points(n)``. Helper modules kept beside them (e.g. ``_shared.py``) can be
imported by the tests.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from ..errors import HiddenTestError, StudentCodeError
from ..sandbox.client import StudentCode
from ..sandbox.forkserver import Sandbox
from .job import GradingJob, RunResult, TestResult
from .proxy import Call, StudentProxy

OnResult = Callable[[RunResult], None]


def load_reference(path: Path, assignment_id: str) -> ModuleType:
    """Import solutions/<id>.py in this (the grader's) process."""
    sys.dont_write_bytecode = True  # grading writes nothing beside the sources (no __pycache__)
    spec = importlib.util.spec_from_file_location(f"coursekit_reference_{assignment_id}", path)
    if spec is None or spec.loader is None:
        raise HiddenTestError(f"{path}: cannot load the reference solution; run `coursekit build {assignment_id}`")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    protections: dict = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)   # during the current test

    def result(self) -> RunResult:
        return RunResult(self.job.assignment, self.job.key, tuple(self.tests), tuple(self.cell_errors),
                         self.output, round(self.seconds, 4), self.protections)


class _GradingPlugin:
    def __init__(self, jobs: list[GradingJob], reference: ModuleType, sandbox: Sandbox, on_result: OnResult):
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
        code = StudentCode(list(job.cells), self.sandbox.limits, self.sandbox)
        found.protections = code.protections
        found.cell_errors = [f"cell {c.grade_id!r}: {c.error}" for c in code.cell_results if c.error]

        def on_call(call: Call) -> None:
            found.asked.update(call.asked)
        try:
            yield StudentProxy(code, self.reference_module, on_call=on_call)
        finally:
            code.close()
            found.output = code.output
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
        max_points = float(marker.args[0]) if marker else 1.0
        function = Path(str(item.fspath)).stem.removeprefix("test_")
        passed = report.passed
        message = "" if passed else failure_message(call.excinfo.value) if call.excinfo else "failed"
        found.tests.append(TestResult(function, item.originalname, max_points if passed else 0.0, max_points,
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


def run_hidden_tests(autograder_dir: Path, reference: ModuleType, jobs: list[GradingJob], sandbox: Sandbox,
                     on_result: OnResult = lambda result: None) -> None:
    """Run every hidden test for every job; ``on_result`` once per job, as soon as it is finished."""
    if not jobs:
        return
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
