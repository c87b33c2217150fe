"""Grade a class: the pipeline behind ``coursekit grade``, a list of small steps.

    1. intake     find the submissions (grading.intake), each read once
    2. select     --regrade forgets a student; notebooks whose content hash is in the gradebook are skipped
    3. read       each submission -> a GradingJob, or an "unreadable" result recorded at once
    4. grade      a Backend runs the hidden tests (student code in sandboxed workers)
    5. record     each result -> gradebook (one transaction) -> feedback page, as it arrives
    6. finish     grades.csv, and feedback pages a crash left unwritten
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..backends import Backend, choose_backend
from ..course.config import Course
from ..course.notebook import read_notebook_text
from ..errors import SubmissionError
from ..outputs.feedback import feedback_path, write_feedback, write_grades_csv
from ..outputs.gradebook import Gradebook, GradedNotebook
from ..sandbox.plan import SandboxPlan
from .intake import Submission, find_submissions, make_job
from .job import GradingJob, RunResult
from .late import late_penalty

Progress = Callable[[GradedNotebook, int, int], None]  # (notebook, graded so far, to grade in all)


@dataclass
class ClassRun:
    """What one ``grade`` call did."""

    graded: list[GradedNotebook] = field(default_factory=list)
    skipped: int = 0
    ignored: list[tuple[Path, str]] = field(default_factory=list)   # (file, why)

    @property
    def protections(self) -> dict:
        """The sandbox's protections as the graded notebooks report them (the first one's)."""
        return next((nb.protections for nb in self.graded if nb.protections), {})


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def unreadable(sub: Submission, course: Course, message: str) -> GradedNotebook:
    return GradedNotebook(sub.student, sub.assignment, sub.content_hash, "unreadable", 0.0,
                          course.assignment(sub.assignment).points, message, graded_at=_now())


def graded(sub: Submission, job: GradingJob, result: RunResult, course: Course) -> GradedNotebook:
    asg = course.assignment(sub.assignment)
    when, problem = sub.submitted_at()
    return GradedNotebook(sub.student, sub.assignment, sub.content_hash, result.status,
                          score=result.score, max_score=asg.points, message="", tests=list(result.tests),
                          warnings=list(job.warnings) + list(result.cell_errors) + ([problem] if problem else []),
                          output=result.output, seconds=result.seconds, graded_at=_now(),
                          submitted_at=when.isoformat() if when else None,
                          penalty=late_penalty(asg, when, result.score), protections=result.protections,
                          code=[{"grade_id": c.grade_id, "role": c.role, "source": c.source}
                                for c in job.cells if c.role != "setup"])  # the student's code, for feedback


class _Recorder:
    """Step 5: the one writer of the gradebook; each notebook's feedback right after it."""

    def __init__(self, course: Course, gradebook: Gradebook, output: Path, total: int, progress: Progress):
        self.course, self.gradebook, self.output, self.total, self.progress = course, gradebook, output, total, progress
        self.done: list[GradedNotebook] = []

    def record(self, nb: GradedNotebook) -> None:
        self.gradebook.record(nb)
        write_feedback(self.output, nb, self.course.assignment(nb.assignment).title)
        self.done.append(nb)
        self.progress(nb, len(self.done), self.total)


def _read_jobs(course: Course, pending: list[Submission], recorder: _Recorder) -> dict[tuple[str, str], tuple]:
    """Step 3: {(assignment, student): (submission, job)}; unreadable ones are recorded now."""
    releases: dict = {}
    jobs = {}
    for sub in pending:
        if sub.assignment not in releases:
            releases[sub.assignment] = read_notebook_text(
                course.release_notebook(sub.assignment).read_text(encoding="utf-8"))
        try:
            jobs[(sub.assignment, sub.student)] = (sub, make_job(sub, releases[sub.assignment]))
        except SubmissionError as exc:
            recorder.record(unreadable(sub, course, str(exc)))
    return jobs


def sandbox_plan(course: Course, submissions_dir: Path, output: Path) -> SandboxPlan:
    """What the workers must not see: the course, the submissions, the outputs."""
    return SandboxPlan.for_paths([course.root, Path(submissions_dir), output, *[course.path(p) for p in
                                  ("source", "solutions", "autograder", "mutants")]])


def grade_class(course: Course, submissions_dir: Path, *, assignment: str | None = None,
                regrade: str | None = None, output: Path | None = None, jobs: int | None = None,
                cluster: str | None = None, backend: Backend | None = None,
                progress: Progress = lambda nb, done, total: None) -> ClassRun:
    """Grade every submission not yet graded at its current content; see the module doc.
    Results go to ``output`` (default: course.yml's paths.output). The backend: ``backend``, or
    a Dask cluster at ``cluster`` (``local:N``, ``tcp://host:8786``), or ``jobs`` local shards
    (default: one per core); scores do not depend on it."""
    output = Path(output) if output is not None else course.path("output")
    intake = find_submissions(course, Path(submissions_dir), assignment)                      # 1
    run = ClassRun(ignored=intake.ignored)
    with Gradebook(output / "gradebook.db") as gradebook:
        submissions = intake.submissions                                                        # 2
        if regrade is not None:
            submissions = [s for s in submissions if s.student == regrade]
            if not submissions:
                raise SubmissionError(f"no submissions from student {regrade!r} in {submissions_dir}")
            gradebook.forget(regrade)
        pending = [s for s in submissions if gradebook.hash_of(s.student, s.assignment) != s.content_hash]
        run.skipped = len(submissions) - len(pending)
        recorder = _Recorder(course, gradebook, output, len(pending), progress)
        jobs_by_key = _read_jobs(course, pending, recorder)                                     # 3
        to_grade = [job for _, job in jobs_by_key.values()]

        def on_result(result: RunResult) -> None:                                               # 5
            sub, job = jobs_by_key[(result.assignment, result.key)]
            recorder.record(graded(sub, job, result, course))
        backend = backend or choose_backend(jobs, cluster, len(to_grade))                       # 4
        backend.run(course, to_grade, sandbox_plan(course, Path(submissions_dir), output), on_result)
        write_grades_csv(output, gradebook.notebooks())                                         # 6
        _write_missing_feedback(course, output, gradebook)
        run.graded = recorder.done
    return run


def _write_missing_feedback(course: Course, output: Path, gradebook: Gradebook) -> None:
    """After a crash between the gradebook and the feedback file, the file is written now."""
    for nb in gradebook.notebooks():
        if not feedback_path(output, nb.student, nb.assignment).is_file():
            write_feedback(output, nb, course.assignment(nb.assignment).title)
