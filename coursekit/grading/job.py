"""What goes into grading one notebook and what comes out, and their one JSON form.

A ``GradingJob`` is the student's code as the hidden tests see it (the release's setup
cells and the student's solution cells); a ``RunResult`` is what the hidden tests found.
Backends move jobs to grader processes (local shards, Dask workers) and results back as
this JSON: plain text, never pickle.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..course.notebook import GradingCell


@dataclass(frozen=True)
class TestResult:
    function: str
    name: str
    points: float
    max_points: float
    outcome: str       # "passed" or "failed"
    message: str
    note: str = ""     # e.g. which graded functions the reference stood in for

    __test__ = False   # not a pytest test class

    @property
    def test_id(self) -> str:
        return f"{self.function}::{self.name}"


@dataclass(frozen=True)
class GradingJob:
    assignment: str
    key: str                            # the student
    cells: tuple[GradingCell, ...]
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"assignment": self.assignment, "key": self.key, "warnings": list(self.warnings),
                "cells": [asdict(c) for c in self.cells]}

    @classmethod
    def from_json(cls, data: dict) -> GradingJob:
        return cls(data["assignment"], data["key"], tuple(GradingCell(**c) for c in data["cells"]),
                   tuple(data["warnings"]))

    def __repr__(self) -> str:  # pytest shows it as the parameter of the `student` fixture
        return self.key


@dataclass(frozen=True)
class RunResult:
    assignment: str
    key: str
    tests: tuple[TestResult, ...] = ()
    cell_errors: tuple[str, ...] = ()
    output: str = ""
    seconds: float = 0.0
    protections: dict = field(default_factory=dict)
    status: str = "graded"              # "graded", or "needs-review" when grading itself failed
    cpu_seconds: float = 0.0            # CPU time of the student's sandboxed workers (fork, load, calls)

    @property
    def score(self) -> float:
        return sum(t.points for t in self.tests)

    def to_json(self) -> dict:
        return {"assignment": self.assignment, "key": self.key, "tests": [asdict(t) for t in self.tests],
                "cell_errors": list(self.cell_errors), "output": self.output, "seconds": self.seconds,
                "protections": self.protections, "status": self.status, "cpu_seconds": self.cpu_seconds}

    @classmethod
    def from_json(cls, data: dict) -> RunResult:
        return cls(data["assignment"], data["key"], tuple(TestResult(**t) for t in data["tests"]),
                   tuple(data["cell_errors"]), data["output"], data["seconds"], data.get("protections", {}),
                   data.get("status", "graded"), data.get("cpu_seconds", 0.0))
