"""What the web pages show, computed from the gradebook's notebooks (pure functions)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..course.config import Course
from ..outputs.gradebook import GradedNotebook

# the statuses a TA can filter by; a notebook has its gradebook status plus these flags
STATUSES = ("graded", "missing", "unreadable", "needs-review", "late", "adjusted", "earlier-version",
            "needs-look", "regrade-requested", "not-full", "full", "not-submitted")


def statuses(nb: GradedNotebook | None) -> list[str]:
    """A notebook's status and flags (see STATUSES); ["not-submitted"] for no notebook."""
    if nb is None:
        return ["not-submitted"]
    found = [nb.status]
    if nb.penalty > 0:
        found.append("late")
    adjustments = nb.adjustments
    if adjustments:
        found.append("adjusted")
    if any(not nb.is_current(a) for a in adjustments):
        found.append("earlier-version")
    if nb.needs_look:
        found.append("needs-look")
    if nb.regrade_requested:
        found.append("regrade-requested")
    found.append("full" if nb.final_score >= nb.max_score else "not-full")
    return found


@dataclass
class Filters:
    assignment: str = ""     # only this assignment's column, and students with a notebook for it
    failed: str = ""         # only students whose notebook of `assignment` failed this test ("function::name")
    status: str = ""         # only students with a notebook (of `assignment`, or of any) with this status
    student: str = ""        # only students whose name contains this (case-insensitive)

    def query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass
class Row:
    student: str
    cells: dict[str, GradedNotebook | None] = field(default_factory=dict)
    total: float = 0.0


@dataclass
class ClassTable:
    assignments: list            # course.yml Assignment objects shown as columns
    rows: list[Row]
    n_students: int              # before filtering
    total_max: float
    tests: list[str]             # the tests of the filtered assignment (for the "failed test" filter)


def class_table(course: Course, notebooks: list[GradedNotebook], filters: Filters) -> ClassTable:
    """Students x assignments with final scores and totals, filtered."""
    by_student: dict[str, dict[str, GradedNotebook]] = {}
    for nb in notebooks:
        by_student.setdefault(nb.student, {})[nb.assignment] = nb
    known = [a for a in course.config.assignments]
    columns = [a for a in known if a.id == filters.assignment] if filters.assignment else known
    tests: list[str] = []
    if filters.assignment:
        for nb in notebooks:
            if nb.assignment == filters.assignment:
                tests += [t.test_id for t in nb.tests if t.test_id not in tests]
    rows = []
    for student in sorted(by_student):
        mine = by_student[student]
        if filters.student and filters.student.lower() not in student.lower():
            continue
        if filters.assignment and filters.assignment not in mine:
            continue
        if filters.failed:
            chosen = mine.get(filters.assignment)
            if chosen is None or not any(t.test_id == filters.failed and t.outcome != "passed" for t in chosen.tests):
                continue
        if filters.status:
            shown = [mine.get(a.id) for a in columns]
            if not any(filters.status in statuses(nb) for nb in shown):
                continue
        cells = {a.id: mine.get(a.id) for a in columns}
        total = sum(nb.final_score for nb in mine.values() if nb.assignment in {a.id for a in known})
        rows.append(Row(student, cells, round(total, 6)))
    return ClassTable(columns, rows, len(by_student), sum(a.points for a in known), tests)


def class_csv_rows(table: ClassTable) -> list[list[str]]:
    """The class table as CSV rows: student, one final score per assignment (blank: no notebook), total."""
    rows = [["student"] + [a.id for a in table.assignments] + ["total"]]
    for row in table.rows:
        rows.append([row.student] + [f"{nb.final_score:g}" if nb is not None else "" for nb in row.cells.values()]
                    + [f"{row.total:g}"])
    return rows
