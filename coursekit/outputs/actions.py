"""What a TA does to a grade, for the command line (``coursekit adjust``, ``comment``) and the
web app (``coursekit serve``): one gradebook event, then the student's feedback page and
grades.csv are rewritten at once."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..course.config import Course
from ..errors import GradebookError
from .feedback import write_feedback, write_grades_csv
from .gradebook import Event, Gradebook


def gradebook_path(output: Path) -> Path:
    """``output/gradebook.db``; GradebookError when it does not exist (nothing graded there yet)."""
    path = Path(output) / "gradebook.db"
    if not path.is_file():
        raise GradebookError(f"{path}: no gradebook; grade the class first (`coursekit grade SUBMISSIONS`)")
    return path


def title_of(course: Course, assignment: str) -> str:
    known = {a.id: a.title for a in course.config.assignments}
    return known.get(assignment, assignment)


def refresh_outputs(course: Course, output: Path, gradebook: Gradebook, student: str, assignment: str) -> None:
    """Rewrite the notebook's feedback page and grades.csv from the gradebook."""
    write_feedback(Path(output), gradebook.notebook(student, assignment), title_of(course, assignment))
    write_grades_csv(Path(output), gradebook.notebooks())


def act(course: Course, output: Path, student: str, assignment: str, do: Callable[[Gradebook], Event]) -> Event:
    """Run ``do`` (one Gradebook event method) on ``output``'s gradebook, then refresh the outputs."""
    with Gradebook(gradebook_path(output)) as gradebook:
        event = do(gradebook)
        refresh_outputs(course, output, gradebook, student, assignment)
    return event


def adjust(course: Course, output: Path, student: str, assignment: str, *, by: str, reason: str,
           set_to: float | None = None, add: float | None = None, test: str = "") -> Event:
    return act(course, output, student, assignment, lambda gb: gb.adjust(
        student, assignment, by=by, reason=reason, set_to=set_to, add=add, test=test))


def comment(course: Course, output: Path, student: str, assignment: str, text: str, *, by: str) -> Event:
    return act(course, output, student, assignment, lambda gb: gb.comment(student, assignment, text, by=by))
