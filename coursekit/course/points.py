"""The one parser of hidden-test points: ``@pytest.mark.points(n)`` read from the test files'
AST, never by importing them. Tests are the module-level ``test*`` functions of
``autograder/<id>/test_<function>.py`` and the ``test*`` methods of its ``Test*`` classes; a test
without a points mark is worth 1 point (as the grader counts it)."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HiddenTest:
    function: str     # the graded function (from the file name test_<function>.py)
    name: str         # the test function's name
    points: float

    @property
    def test_id(self) -> str:
        return f"{self.function}::{self.name}"


def _points_of(node: ast.FunctionDef) -> float:
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "points":
            return float(ast.literal_eval(decorator.args[0]))
    return 1.0


def hidden_tests(autograder_dir: Path) -> list[HiddenTest]:
    """Every hidden test of an assignment, in file order."""
    tests = []
    for path in sorted(Path(autograder_dir).glob("test_*.py")):
        function = path.stem.removeprefix("test_")
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef) and n.name.startswith("Test")]
        for body in bodies:
            for node in body:
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                    tests.append(HiddenTest(function, node.name, _points_of(node)))
    return tests


def points_by_function(autograder_dir: Path) -> dict[str, float]:
    """The points of each graded function: the sum over its hidden tests."""
    points: dict[str, float] = {}
    for test in hidden_tests(autograder_dir):
        points[test.function] = points.get(test.function, 0.0) + test.points
    return points
