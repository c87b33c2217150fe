"""Grade a class: the pipeline behind ``coursekit grade``, a list of small steps.

    1. intake     find the submissions in any layout (grading.intake), each read once; the roster
    2. select     --regrade forgets a student; notebooks whose content hash is in the gradebook are skipped
    3. read       each submission -> a GradingJob, or an "unreadable" result recorded at once
    4. grade      a Backend runs the hidden tests (student code in sandboxed workers)
    5. record     each result -> gradebook (one transaction) -> feedback page, as it arrives
    6. finish     with a roster, a `missing` row for each roster student without a notebook;
                  grades.csv, and feedback pages a crash left unwritten
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..backends import Backend, choose_backend
from ..course.config import Course
from ..course.notebook import read_notebook_text
from ..course.roster import Person, read_roster
from ..errors import SubmissionError
from ..outputs.feedback import feedback_path, write_feedback, write_grades_csv
from ..outputs.gradebook import Gradebook, GradedNotebook
from ..sandbox.plan import SandboxPlan, weaknesses
from .intake import Intake, Submission, find_submissions, make_job
from .job import GradingJob, RunResult
from .late import policy_penalty

Progress = Callable[[GradedNotebook, int, int], None]  # (notebook, graded so far, to grade in all)


@dataclass
class ClassRun:
    """What one ``grade`` call did."""

    graded: list[GradedNotebook] = field(default_factory=list)
    skipped: int = 0
    ignored: list[tuple[Path, str]] = field(default_factory=list)   # (file, why)
    intake: Intake = field(default_factory=Intake)                  # layout, unreadable files, notes, roster
    missing: list[GradedNotebook] = field(default_factory=list)     # roster students without a notebook
    bad_timestamps: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> list[GradedNotebook]:
        return [nb for nb in self.graded if nb.status == "needs-review"]

    @property
    def protections(self) -> dict:
        """The sandbox's protections as the graded notebooks report them (the first one's)."""
        return next((nb.protections for nb in self.graded if nb.protections), {})


def weak_sandbox_warning(protections: dict) -> str:
    """The warning a notebook graded with a weak sandbox carries (feedback page, gradebook)."""
    missing = weaknesses(protections) if protections else []
    if not missing:
        return ""
    return ("Graded with a weak sandbox (--allow-weak-sandbox): " + "; ".join(missing) +
            ". This notebook's code could have read or changed what grading uses; a TA should check it.")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def unreadable(sub: Submission, course: Course, message: str) -> GradedNotebook:
    return GradedNotebook(sub.student, sub.assignment, sub.content_hash, "unreadable", 0.0,
                          course.assignment(sub.assignment).points, message, warnings=list(sub.notes),
                          graded_at=_now())


def graded(sub: Submission, job: GradingJob, result: RunResult, course: Course) -> GradedNotebook:
    asg = course.assignment(sub.assignment)
    when, problem = sub.submitted_at()
    weak = weak_sandbox_warning(result.protections)
    message = result.tests[0].message if result.status == "needs-review" and result.tests else ""
    return GradedNotebook(sub.student, sub.assignment, sub.content_hash, result.status,
                          score=result.score, max_score=asg.points, message=message, tests=list(result.tests),
                          warnings=([weak] if weak else []) + list(sub.notes) + list(job.warnings)
                          + list(result.cell_errors) + ([problem] if problem else []),
                          output=result.output, seconds=result.seconds, graded_at=_now(),
                          submitted_at=when.isoformat() if when else None,
                          penalty=policy_penalty(asg, when), protections=result.protections,
                          code=[{"grade_id": c.grade_id, "role": c.role, "source": c.source}
                                for c in job.cells if c.role != "setup"])  # the student's code, for feedback


class _Recorder:
    """Step 5: the one writer of the gradebook. Results are committed in small batches (one
    transaction each: at most BATCH notebooks or BATCH_SECONDS old), then each one's feedback
    page is written; a crash loses only an uncommitted batch, which the next run grades again."""

    BATCH, BATCH_SECONDS = 32, 0.5

    def __init__(self, course: Course, gradebook: Gradebook, output: Path, total: int, progress: Progress):
        self.course, self.gradebook, self.output, self.total, self.progress = course, gradebook, output, total, progress
        self.done: list[GradedNotebook] = []
        self._pending: list[GradedNotebook] = []
        self._since = time.monotonic()

    def record(self, nb: GradedNotebook) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append(nb)
        if len(self._pending) >= self.BATCH or time.monotonic() - self._since >= self.BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        self.gradebook.record_many(batch)
        for nb in batch:
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


def sandbox_plan(course: Course, submissions_dir: Path, output: Path, allow_weak: bool = False) -> SandboxPlan:
    """What the workers must not see: the course, the submissions, the outputs. For one file,
    its folder and the folder of its folder (other students' work), where that is not a
    folder the workers need (the system's temporary folder, the Python environment).
    SandboxError when this machine cannot hide them, unless ``allow_weak``."""
    hide = [Path(submissions_dir)]
    if hide[0].is_file():
        import sys
        import tempfile
        folder = hide[0].resolve().parent
        needed = [Path(tempfile.gettempdir()).resolve(), Path(sys.prefix).resolve(), Path.home().resolve()]
        hide = [f for f in (folder, folder.parent)
                if f != Path(f.anchor) and not any(p == f or f in p.parents for p in needed)]
    return SandboxPlan.for_paths([course.root, *hide, output, *[course.path(p) for p in
                                  ("source", "solutions", "autograder", "mutants")]], allow_weak=allow_weak,
                                 limits=course.config.limits)


def load_roster(course: Course, roster: Path | None) -> list[Person] | None:
    """``roster`` (--roster), else course.yml's ``roster:``, else None."""
    if roster is not None:
        return read_roster(Path(roster))
    if course.config.roster:
        return read_roster(course.root / course.config.roster)
    return None


def _record_missing(course: Course, people: list[Person], assignment: str | None, intake: Intake,
                    gradebook: Gradebook, recorder: _Recorder, submissions_dir: Path) -> list[GradedNotebook]:
    """A `missing` row (score 0) and feedback page for each roster student without a notebook for
    an assignment of this run: ``assignment``, else each assignment with a submission here or in
    the gradebook, or whose due date has passed."""
    if assignment is not None:
        scope = [assignment]
    else:
        now = dt.datetime.now(dt.timezone.utc)
        seen = {s.assignment for s in intake.submissions} | {nb.assignment for nb in gradebook.notebooks()}
        scope = [a.id for a in course.config.assignments if a.id in seen or (
            a.due is not None and (a.due if a.due.tzinfo else a.due.replace(tzinfo=dt.timezone.utc)) < now)]
    missing = []
    for asg_id in scope:
        for person in people:
            if gradebook.hash_of(person.student, asg_id) is not None:
                continue
            theirs = intake.unplaced.get(person.student, [])
            message = (f"no notebook for this assignment was found for you in {Path(submissions_dir).name}/"
                       + (f"; files of yours that could not be graded: {', '.join(theirs)}" if theirs else "")
                       + f". Submit {asg_id}.ipynb, or ask your TA if you did.")
            nb = GradedNotebook(person.student, asg_id, "", "missing", 0.0, course.assignment(asg_id).points,
                                message, graded_at=_now())
            gradebook.record(nb)
            write_feedback(recorder.output, nb, course.assignment(asg_id).title)
            missing.append(nb)
    return missing


def grade_class(course: Course, submissions_dir: Path, *, assignment: str | None = None,
                regrade: str | None = None, output: Path | None = None, jobs: int | None = None,
                cluster: str | None = None, backend: Backend | None = None, roster: Path | None = None,
                progress: Progress = lambda nb, done, total: None, allow_weak_sandbox: bool = False,
                insecure: bool = False, certs: Path | None = None) -> ClassRun:
    """Grade every submission not yet graded at its current content; see the module doc.
    Results go to ``output`` (default: course.yml's paths.output). The backend: ``backend``, or
    a Dask cluster at ``cluster`` (``local:N``, ``tcp://host:8786``), or ``jobs`` local shards
    (default: one per core); scores do not depend on it. With a roster (``roster``, else
    course.yml's), each roster student without a notebook gets a `missing` row. Refuses
    (SandboxError) before grading when the sandbox cannot isolate, unless ``allow_weak_sandbox``;
    ``insecure`` and ``certs`` are for the cluster (backends.dask_client)."""
    output = Path(output) if output is not None else course.path("output")
    plan = sandbox_plan(course, Path(submissions_dir), output, allow_weak_sandbox)  # fail closed, first
    people = load_roster(course, roster)
    intake = find_submissions(course, Path(submissions_dir), assignment, people)               # 1
    run = ClassRun(ignored=intake.ignored, intake=intake,
                   bad_timestamps=[f"{s.student}/{s.assignment}: {problem}" for s in intake.submissions
                                   for problem in [s.submitted_at()[1]] if problem])
    with Gradebook(output / "gradebook.db") as gradebook:
        submissions = intake.submissions                                                        # 2
        if regrade is not None:
            submissions = [s for s in submissions if s.student == regrade]
            if not submissions:
                raise SubmissionError(f"no submissions from student {regrade!r} in {submissions_dir}")
            gradebook.forget(regrade, {s.assignment for s in submissions})
        pending = [s for s in submissions if gradebook.hash_of(s.student, s.assignment) != s.content_hash]
        run.skipped = len(submissions) - len(pending)
        recorder = _Recorder(course, gradebook, output, len(pending), progress)
        jobs_by_key = _read_jobs(course, pending, recorder)                                     # 3
        recorder.flush()
        to_grade = [job for _, job in jobs_by_key.values()]

        def on_result(result: RunResult) -> None:                                               # 5
            sub, job = jobs_by_key[(result.assignment, result.key)]
            recorder.record(graded(sub, job, result, course))
        backend = backend or choose_backend(jobs, cluster, len(to_grade), insecure=insecure, certs=certs)  # 4
        try:
            backend.run(course, to_grade, plan, on_result)
        finally:
            recorder.flush()  # what was graded is kept, also when grading stopped with an error
        if people is not None:                                                                  # 6
            run.missing = _record_missing(course, [p for p in people if regrade in (None, p.student)],
                                          assignment, intake, gradebook, recorder, Path(submissions_dir))
        write_grades_csv(output, gradebook.notebooks())
        _write_missing_feedback(course, output, gradebook)
        run.graded = recorder.done
    return run


def _write_missing_feedback(course: Course, output: Path, gradebook: Gradebook) -> None:
    """After a crash between the gradebook and the feedback file, the file is written now."""
    for nb in gradebook.notebooks():
        if not feedback_path(output, nb.student, nb.assignment).is_file():
            write_feedback(output, nb, course.assignment(nb.assignment).title)
