"""Intake: find the submissions of a class and read each one once into a grading job.

Layout: ``SUBMISSIONS/<student>/<assignment id>.ipynb``, with an optional
``<assignment id>.timestamp.txt`` beside it (nbgrader's format) for the late policy.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..course.config import Course
from ..course.notebook import NotebookNode, extract_grading_cells, read_notebook_text
from ..errors import SubmissionError
from .job import GradingJob
from .late import read_timestamp

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    """One student's notebook for one assignment, read once: what is hashed is what is graded."""

    student: str
    assignment: str
    path: Path
    data: bytes
    timestamp: str | None = None    # the text of <id>.timestamp.txt, if any

    @property
    def content_hash(self) -> str:
        """What "unchanged" means: the notebook's bytes and its submission time."""
        stamp = self.timestamp.encode() if self.timestamp is not None else b""
        return hashlib.sha256(self.data + stamp).hexdigest()

    def submitted_at(self) -> tuple[dt.datetime | None, str | None]:
        """(the submission time, None), (None, None) without a timestamp, or (None, a warning)."""
        if self.timestamp is None:
            return None, None
        return read_timestamp(self.timestamp, f"{self.assignment}.timestamp.txt")


@dataclass
class Intake:
    """What was found in a submissions folder."""

    submissions: list[Submission] = field(default_factory=list)
    ignored: list[tuple[Path, str]] = field(default_factory=list)   # (file, why)


def read_submission_file(student: str, assignment: str, path: Path) -> Submission:
    stamp = path.with_name(f"{assignment}.timestamp.txt")
    timestamp = stamp.read_text(encoding="utf-8", errors="replace") if stamp.is_file() else None
    return Submission(student, assignment, path, path.read_bytes(), timestamp)


def find_submissions(course: Course, root: Path, assignment: str | None = None) -> Intake:
    """``root/<student>/<id>.ipynb`` for the course's assignments (only ``assignment`` if given)."""
    if assignment is not None:
        course.assignment(assignment)  # raises for an unknown id
    root = Path(root)
    if not root.is_dir():
        raise SubmissionError(f"{root}: no such folder of submissions")
    ids = [a.id for a in course.config.assignments if assignment in (None, a.id)]
    intake = Intake()
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in sorted(student_dir.glob("*.ipynb")):
            if path.stem in ids:
                intake.submissions.append(read_submission_file(student_dir.name, path.stem, path))
            elif assignment is None:
                intake.ignored.append((path, "not an assignment of this course"))
    return intake


def make_job(sub: Submission, release_nb: NotebookNode) -> GradingJob:
    """The grading job of a submission; raise SubmissionError (for the student) when unreadable."""
    if len(sub.data) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(f"the notebook is {len(sub.data) / 2**20:.0f} MiB, more than the "
                              f"{MAX_NOTEBOOK_BYTES // 2**20} MiB allowed: clear its outputs and submit again")
    student_nb = read_notebook_text(sub.data.decode("utf-8", errors="replace"))
    extraction = extract_grading_cells(release_nb, student_nb)
    return GradingJob(sub.assignment, sub.student, tuple(extraction.cells), tuple(extraction.warnings))
