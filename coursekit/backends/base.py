"""The one interface every grading backend implements, and how work is cut into chunks."""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from itertools import groupby

from ..course.config import Course
from ..grading.job import GradingJob
from ..grading.runner import OnResult
from ..sandbox.plan import SandboxPlan


class Backend(ABC):
    """Runs grading jobs in trusted grader processes (each through a grading.session.GraderSession)
    and calls ``on_result`` in this process once per job, as its result arrives. Only the
    process that called ``run`` writes the gradebook."""

    name: str = "backend"

    @abstractmethod
    def run(self, course: Course, jobs: Sequence[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        """Grade ``jobs``; raise a CoursekitError when grading itself cannot go on."""


def chunks(jobs: Sequence[GradingJob], workers: int, max_size: int = 16,
           size: int | None = None) -> list[list[GradingJob]]:
    """Each assignment's jobs in chunks (one pytest session each): small enough to balance slow
    students across ``workers``, large enough to amortise a session (or exactly ``size``)."""
    cut = []
    for _, same in groupby(sorted(jobs, key=lambda j: j.assignment), key=lambda j: j.assignment):
        group = list(same)
        n = size or max(1, min(max_size, math.ceil(len(group) / (4 * workers))))
        cut += [group[i:i + n] for i in range(0, len(group), n)]
    return cut
