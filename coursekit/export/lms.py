"""Grade files for learning management systems: ``coursekit export canvas`` and ``coursekit export moodle``.

Canvas (``--out grades_canvas.csv [--roster ROSTER.csv]``): a Canvas gradebook import file.
Checked against Canvas's importer itself
(instructure/canvas-lms ``app/models/gradebook_importer.rb``; the Instructor Guide's
"How do I import grades in the Gradebook?" describes the same file): the header row
starts ``Student, ID, SIS User ID, SIS Login ID, Section`` (the importer requires
"Student" and "ID" first and "Section" as the last student column); a row whose first
cell contains "Points Possible" sets the points of new assignments; a student is matched
by the numeric Canvas ``ID``, then ``SIS User ID``, then ``SIS Login ID``, then by name;
an assignment column titled ``Name (digits)`` is matched by Canvas's assignment id, any
other title by the exact assignment name, and an unknown title creates a new assignment
(``Assignment.title_and_id``: ``/\\A(.*)\\s\\((\\d+)\\)\\z/``). Our columns are titled
``<course.yml title> (<assignment id>)``: not digits, so Canvas matches or creates the
assignment by that exact title. A blank cell is "no score" (the importer's ``no_score?``),
so a submission never graded leaves Canvas's grade as it is. A student who was on the roster
when the class was graded has a ``missing`` row (score 0) in the gradebook, as in grades.csv,
and the export writes that 0: the exports use grades.csv's rows.

Moodle (``--out grades_moodle.csv [--roster ROSTER.csv]``): a Moodle "Import grades from CSV" file.
Checked against MoodleDocs "Grade import" and
Moodle's ``grade/import/csv/classes/load_data.php``: the instructor maps one column to a
user field, ``useridnumber`` (our "ID number"), ``useremail`` ("Email address") or
``username`` ("Username"), and each other column to a grade item or a new grade item
named after the header; a row whose mapped user is not found aborts the whole import
(``usermappingerror``), a blank user field skips the row, and ``-`` means "no grade".

Students are the ids grading kept them under. A roster CSV (coursekit/course/roster.py: columns
``student``, and any of ``name``, ``email``, ``lms_id``, ``sis_id``, ``login_id``,
``canvas_id``, ``section``, ``username``; ``--roster``, default course.yml's ``roster:``) maps
them to LMS identities (Canvas's ``ID`` is ``canvas_id``, else ``lms_id``); with a roster the
rows follow the roster and a graded student missing from it is left out with a warning
(Moodle would refuse the whole file). Without one the folder name fills every identity
column except Canvas's numeric ``ID`` (Canvas reads it with Ruby's ``to_i``, so a folder
named ``2024-ana`` would match the Canvas user 2024). Scores are
``GradedNotebook.final_score`` (after the late penalty and the TA's adjustments).
"""
from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from ..course.config import Course
from ..course.roster import ROSTER_FIELDS, Person, RosterError
from ..course.roster import read_roster as _read_roster
from ..errors import ExportError
from ..outputs.atomic import write_atomic
from ..outputs.gradebook import Gradebook, GradedNotebook
from .base import Exporter

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["Full name", "ID number", "Email address", "Username"]


def read_roster(path: Path) -> list[Person]:
    """The roster (course.roster.read_roster), its problems as ExportError."""
    try:
        return _read_roster(path)
    except RosterError as exc:
        raise ExportError(str(exc)) from None


def _score(value: float) -> str:
    return f"{round(value, 4):g}"


def _grade_table(course: Course, notebooks: list[GradedNotebook], roster: list[Person] | None,
                 assignment_ids: list[str] | None) -> tuple[list, list[Person], dict, list[str]]:
    """(assignments, people, {(student, id): final score}, warnings) for an LMS file."""
    for a in assignment_ids or []:
        course.assignment(a)  # raises for an unknown id
    graded_ids = {nb.assignment for nb in notebooks}
    assignments = sorted((a for a in course.config.assignments
                          if (a.id in assignment_ids if assignment_ids else a.id in graded_ids)),
                         key=lambda a: a.id)
    wanted = {a.id for a in assignments}
    scores = {(nb.student, nb.assignment): nb.final_score for nb in notebooks if nb.assignment in wanted}
    students = sorted({student for student, _ in scores})
    warnings = []
    if roster is None:
        people = [Person.from_folder(s) for s in students]
    else:
        people = list(roster)
        listed = {p.student for p in roster}
        missing = [s for s in students if s not in listed]
        if missing:
            warnings.append(f"not in the roster, so left out of the file: {', '.join(missing)}")
    unknown = sorted({nb.assignment for nb in notebooks} - {a.id for a in course.config.assignments})
    if unknown:
        warnings.append(f"graded but not in course.yml, so left out: {', '.join(unknown)}")
    return assignments, people, scores, warnings


def canvas_column(asg) -> str:
    return f"{asg.title} ({asg.id})"


def render_canvas_csv(course: Course, notebooks: list[GradedNotebook], roster: list[Person] | None = None,
                      assignment_ids: list[str] | None = None) -> tuple[str, list[str]]:
    """The Canvas gradebook import CSV and the warnings for the instructor."""
    assignments, people, scores, warnings = _grade_table(course, notebooks, roster, assignment_ids)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CANVAS_IDENTITY + [canvas_column(a) for a in assignments])
    writer.writerow(["Points Possible", "", "", "", ""] + [_score(a.points) for a in assignments])
    for p in people:
        cells = [_score(scores[p.student, a.id]) if (p.student, a.id) in scores else "" for a in assignments]
        writer.writerow([p.name, p.canvas_id or p.lms_id, p.sis_id, p.login_id, p.section] + cells)
    return out.getvalue(), warnings


def render_moodle_csv(course: Course, notebooks: list[GradedNotebook], roster: list[Person] | None = None,
                      assignment_ids: list[str] | None = None) -> tuple[str, list[str]]:
    """The Moodle grade import CSV and the warnings for the instructor."""
    assignments, people, scores, warnings = _grade_table(course, notebooks, roster, assignment_ids)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MOODLE_IDENTITY + [a.title for a in assignments])
    for p in people:
        cells = [_score(scores[p.student, a.id]) if (p.student, a.id) in scores else "-" for a in assignments]
        writer.writerow([p.name, p.sis_id, p.email, p.username or p.login_id] + cells)
    return out.getvalue(), warnings


def write_lms_csv(course: Course, lms: str, out: Path, *, gradebook_dir: Path | None = None,
                  roster: Path | None = None, assignment_ids: list[str] | None = None) -> tuple[Path, list[str]]:
    """Write the Canvas or Moodle CSV from ``gradebook_dir/gradebook.db``; (path, warnings)."""
    render = {"canvas": render_canvas_csv, "moodle": render_moodle_csv}[lms]
    db = Path(gradebook_dir if gradebook_dir is not None else course.path("output")) / "gradebook.db"
    if not db.is_file():
        raise ExportError(f"{db}: no gradebook; grade the class first (`coursekit grade SUBMISSIONS`)")
    with Gradebook(db) as gradebook:
        notebooks = gradebook.notebooks()
    text, warnings = render(course, notebooks, read_roster(roster) if roster else None, assignment_ids)
    return write_atomic(Path(out), text), warnings


class LmsExporter(Exporter):
    """Canvas or Moodle: one CSV of final scores (after late penalties) from the gradebook."""

    def __init__(self, name: str, description: str):
        self.name, self.help = name, description

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--out", type=Path, default=None,
                            help=f"the CSV to write (default: grades_{self.name}.csv)")
        parser.add_argument("--roster", type=Path, default=None, help="CSV mapping students to LMS identities "
                            "(columns: student, and any of " + ", ".join(ROSTER_FIELDS[1:]) + "; default: "
                            "course.yml roster:)")
        parser.add_argument("--assignment", action="append", metavar="ID",
                            help="only these assignments (repeatable; default: every graded one)")
        parser.add_argument("--output", type=Path, default=None,
                            help="where gradebook.db is (default: course.yml paths.output)")

    def run(self, course: Course, args: argparse.Namespace) -> list[str]:
        roster = args.roster or (course.root / course.config.roster if course.config.roster else None)
        path, warnings = write_lms_csv(course, self.name, args.out or Path(f"grades_{self.name}.csv"),
                                       gradebook_dir=args.output, roster=roster,
                                       assignment_ids=args.assignment or None)
        return [f"warning: {w}" for w in warnings] + [f"{self.name}: {path}"]
