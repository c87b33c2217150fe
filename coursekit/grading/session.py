"""A trusted grader process's grading state, kept between chunks of jobs.

Every backend grades through a ``GraderSession``: the inline backend in the ``coursekit
grade`` process, each local shard process, each Dask worker process. It loads each
assignment's reference solution once, keeps one ``Sandbox`` (one fork server) for its whole
life, and runs the hidden tests of one assignment over a chunk of jobs at a time. While it
grades, the grading thread and the sandbox's workers share one CPU (``cpu``, else the one the
thread first grades on; coursekit.sandbox.affinity says why): parallel backends give each
session its own.
"""
from __future__ import annotations

from itertools import groupby
from pathlib import Path

from ..course.config import Course, load_course
from ..sandbox.affinity import current_cpu, pinned
from ..sandbox.forkserver import Sandbox
from ..sandbox.plan import SandboxPlan
from .collect import HiddenCase, NeedsPytest, collect
from .job import GradingJob
from .reference import Reference, load_reference
from .runner import OnResult, run_cases, run_with_pytest


class GraderSession:
    def __init__(self, course: Course | Path | str, cpu: int | None = None):
        self.course = course if isinstance(course, Course) else load_course(course)
        self.cpu = cpu
        self._references: dict[str, Reference] = {}
        self._cases: dict[str, tuple[tuple, list[HiddenCase] | None]] = {}  # id -> (files' stat, cases)
        self._sandbox: Sandbox | None = None
        self.protections: dict = {}   # what the sandbox's first worker reported (Sandbox.verify)

    def reference(self, assignment_id: str) -> Reference:
        if assignment_id not in self._references:
            self._references[assignment_id] = Reference(load_reference(self.course.solution_module(assignment_id),
                                                                       assignment_id))
        return self._references[assignment_id]

    def cases(self, assignment_id: str) -> list[HiddenCase] | None:
        """The assignment's hidden tests, collected once while their files stay the same; None when
        they must run under pytest's own runner."""
        folder = self.course.autograder_dir(assignment_id)
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.py"))) \
            if folder.is_dir() else ()
        known = self._cases.get(assignment_id)
        if known is None or known[0] != stamp:
            try:
                cases: list[HiddenCase] | None = collect(folder, assignment_id)
            except NeedsPytest:
                cases = None
            known = self._cases[assignment_id] = (stamp, cases)
        return known[1]

    def sandbox(self, plan: SandboxPlan) -> Sandbox:
        """The session's sandbox for ``plan`` (a new plan replaces the old sandbox), verified
        before first use: SandboxError when it cannot give the protection ``plan`` requires."""
        if self._sandbox is None or self._sandbox.plan != plan:
            if self._sandbox is not None:
                self._sandbox.close()
            sandbox = Sandbox(self.course.config.limits, plan, self.cpu)
            try:
                self.protections = sandbox.verify()
            except BaseException:
                sandbox.close()
                raise
            self._sandbox = sandbox
        return self._sandbox

    def grade(self, jobs: list[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        """Run the hidden tests for ``jobs`` (one pytest session per assignment among them)."""
        if self.cpu is None:
            self.cpu = current_cpu()
        with pinned(self.cpu):
            self._grade(jobs, plan, on_result)

    def _grade(self, jobs: list[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        for assignment_id, group in groupby(jobs, key=lambda job: job.assignment):
            cases, reference, sandbox = self.cases(assignment_id), self.reference(assignment_id), self.sandbox(plan)
            if cases is None:
                run_with_pytest(self.course.autograder_dir(assignment_id), reference, list(group), sandbox, on_result)
            else:
                run_cases(cases, reference, list(group), sandbox, on_result)

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None

    def __enter__(self) -> GraderSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
