"""A trusted grader process's grading state, kept between chunks of jobs.

Every backend grades through a ``GraderSession``: the inline backend in the ``coursekit
grade`` process, each local shard process, each Dask worker process. It loads each
assignment's reference solution once, keeps one ``Sandbox`` (one fork server) for its whole
life, and runs the hidden tests of one assignment over a chunk of jobs at a time.
"""
from __future__ import annotations

from itertools import groupby
from pathlib import Path
from types import ModuleType

from ..course.config import Course, load_course
from ..sandbox.forkserver import Sandbox
from ..sandbox.plan import SandboxPlan
from .job import GradingJob
from .runner import OnResult, load_reference, run_hidden_tests


class GraderSession:
    def __init__(self, course: Course | Path | str):
        self.course = course if isinstance(course, Course) else load_course(course)
        self._references: dict[str, ModuleType] = {}
        self._sandbox: Sandbox | None = None
        self.protections: dict = {}   # what the sandbox's first worker reported (Sandbox.verify)

    def reference(self, assignment_id: str) -> ModuleType:
        if assignment_id not in self._references:
            self._references[assignment_id] = load_reference(self.course.solution_module(assignment_id),
                                                             assignment_id)
        return self._references[assignment_id]

    def sandbox(self, plan: SandboxPlan) -> Sandbox:
        """The session's sandbox for ``plan`` (a new plan replaces the old sandbox), verified
        before first use: SandboxError when it cannot give the protection ``plan`` requires."""
        if self._sandbox is None or self._sandbox.plan != plan:
            if self._sandbox is not None:
                self._sandbox.close()
            sandbox = Sandbox(self.course.config.limits, plan)
            try:
                self.protections = sandbox.verify()
            except BaseException:
                sandbox.close()
                raise
            self._sandbox = sandbox
        return self._sandbox

    def grade(self, jobs: list[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        """Run the hidden tests for ``jobs`` (one pytest session per assignment among them)."""
        for assignment_id, group in groupby(jobs, key=lambda job: job.assignment):
            run_hidden_tests(self.course.autograder_dir(assignment_id), self.reference(assignment_id),
                             list(group), self.sandbox(plan), on_result)

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None

    def __enter__(self) -> GraderSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
