"""Collect an assignment's hidden tests once, without pytest's per-test machinery.

Hidden tests are pytest files (``autograder/<id>/test_<function>.py``: ``test*`` functions and
``Test*`` classes' ``test*`` methods, fixtures ``student`` and ``reference``,
``@pytest.mark.points(n)``, ``@pytest.mark.parametrize``). Most of pytest's cost per test is its
runner (hooks, fixture setup, reports), not the test: so the grader imports the files itself,
once per grader process, and calls the tests directly. A file that uses anything else pytest
provides (another fixture, another mark, a module ``pytestmark``, a conftest.py) is run by
pytest itself instead (grading.runner's pytest path), with the same results.

A parametrised test is one test per parameter set, named ``name[i-j]`` by the parameters'
indices; its points are shared equally among them (so the points add up as course/points.py
counts them).
"""
from __future__ import annotations

import importlib.util
import inspect
import itertools
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HiddenTestError

FIXTURES = {"student", "reference"}
MARKS = {"points", "parametrize"}


@dataclass(frozen=True)
class HiddenCase:
    """One hidden test as the grader calls it."""

    function: str                 # the graded function (the file's name test_<function>.py)
    name: str                     # the test's name, with [indices] when parametrised
    points: float
    test: Callable[..., Any]
    params: dict[str, Any] = field(default_factory=dict)
    wants: tuple[str, ...] = ()   # the fixtures it takes (student, reference)


class NeedsPytest(Exception):
    """A test uses something only pytest's own runner provides."""


def _marks(obj) -> list:
    return list(getattr(obj, "pytestmark", []) or [])


def _parameter_sets(marks: list, name: str) -> list[tuple[dict, str]]:
    """(parameters, "[i-j]" suffix) for each case of a test; one empty set when not parametrised."""
    axes = []
    for mark in [m for m in marks if m.name == "parametrize"]:  # innermost decorator first, as pytest names them
        if set(mark.kwargs) - {"ids"} or len(mark.args) != 2:
            raise NeedsPytest(f"{name}: parametrize with options")
        names, values = mark.args
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        rows = [dict(zip(names, v if len(names) > 1 else (v,), strict=True)) for v in values]
        axes.append(list(enumerate(rows)))
    sets = []
    for combo in itertools.product(*axes):
        params: dict = {}
        for _, row in combo:
            params.update(row)
        suffix = "[" + "-".join(str(i) for i, _ in combo) + "]" if combo else ""
        sets.append((params, suffix))
    return sets


def _cases_of(function: str, name: str, test: Callable, marks: list) -> list[HiddenCase]:
    unknown = {m.name for m in marks} - MARKS
    if unknown:
        raise NeedsPytest(f"{name}: marks {sorted(unknown)}")
    points_marks = [m for m in marks if m.name == "points"]
    points = float(points_marks[0].args[0]) if points_marks else 1.0
    sets = _parameter_sets(marks, name)
    wants = tuple(p for p in inspect.signature(test).parameters)
    cases = []
    for params, suffix in sets:
        extra = set(wants) - FIXTURES - set(params)
        if extra:
            raise NeedsPytest(f"{name}: fixtures {sorted(extra)}")
        cases.append(HiddenCase(function, name + suffix, points / len(sets), test, params,
                                tuple(w for w in wants if w in FIXTURES)))
    return cases


def _import(path: Path, module_name: str):
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise HiddenTestError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:
        raise HiddenTestError(f"the hidden tests in {path.parent} could not run:\n{path.name}: "
                              + traceback.format_exc(limit=-3)[-1500:]) from None
    return module


def collect(autograder_dir: Path, assignment_id: str) -> list[HiddenCase]:
    """The hidden tests of one assignment, in pytest's order (files by name, tests as written).
    Raises NeedsPytest when they must be run by pytest, HiddenTestError when they cannot run."""
    autograder_dir = Path(autograder_dir)
    if not autograder_dir.is_dir():
        raise HiddenTestError(f"{autograder_dir}: no hidden tests for this assignment")
    if (autograder_dir / "conftest.py").exists():
        raise NeedsPytest("conftest.py")
    helpers = {p.stem for p in autograder_dir.glob("*.py")}
    sys.dont_write_bytecode = True  # grading writes nothing beside the sources (no __pycache__)
    sys.path.insert(0, str(autograder_dir))  # tests may import helper modules kept beside them
    cases: list[HiddenCase] = []
    try:
        for path in sorted(autograder_dir.glob("test_*.py")):
            function = path.stem.removeprefix("test_")
            module = _import(path, f"coursekit_hidden_{assignment_id}_{path.stem}")
            if hasattr(module, "pytestmark"):
                raise NeedsPytest(f"{path.name}: pytestmark")
            for name, obj in vars(module).items():
                if name.startswith("test") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                    cases += _cases_of(function, name, obj, _marks(obj))
                elif name.startswith("Test") and inspect.isclass(obj) and obj.__module__ == module.__name__:
                    instance = obj()
                    for method_name, method in vars(obj).items():
                        if method_name.startswith("test") and inspect.isfunction(method):
                            cases += _cases_of(function, method_name, getattr(instance, method_name),
                                               _marks(method) + _marks(obj))
    finally:
        sys.path.remove(str(autograder_dir))
        for name in helpers:  # helper modules are kept by the tests that imported them, not by name
            sys.modules.pop(name, None)
    return [case for case in cases if "student" in case.wants]
