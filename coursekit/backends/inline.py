"""Grading in this process (``--jobs 1``): one GraderSession, one pytest session per assignment."""
from __future__ import annotations

from collections.abc import Sequence

from ..course.config import Course
from ..grading.job import GradingJob
from ..grading.runner import OnResult
from ..grading.session import GraderSession
from ..sandbox.plan import SandboxPlan
from .base import Backend


class InlineBackend(Backend):
    name = "inline"

    def run(self, course: Course, jobs: Sequence[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        with GraderSession(course) as session:
            session.grade(sorted(jobs, key=lambda j: j.assignment), plan, on_result)
