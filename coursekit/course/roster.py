"""The class roster: who should have submitted, and how LMSs know them.

A CSV with a header row: ``student`` (the id grades are kept under: a submission folder's
name, or what ``coursekit grade`` derives from an LMS file name), and any of ``name``,
``email``, ``lms_id`` (the student's id in the LMS: Canvas's numeric user id), and the LMS
export's identity columns ``sis_id``, ``login_id``, ``canvas_id``, ``section``, ``username``.
Header case, spaces and dashes do not matter; a UTF-8 byte-order mark is fine. Given in
course.yml (``roster: roster.csv``, relative to the course root) or ``--roster CSV``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CoursekitError

ROSTER_FIELDS = ("student", "name", "email", "lms_id", "sis_id", "login_id", "canvas_id", "section", "username")


class RosterError(CoursekitError, ValueError):
    """The roster CSV cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Person:
    """A student on the roster; ``student`` is the id grades are kept under."""

    student: str
    name: str = ""
    email: str = ""
    lms_id: str = ""
    sis_id: str = ""
    login_id: str = ""
    canvas_id: str = ""
    section: str = ""
    username: str = ""

    @classmethod
    def from_folder(cls, student: str) -> Person:
        return cls(student, name=student, email=student, sis_id=student, login_id=student, username=student)


def read_roster(path: Path) -> list[Person]:
    """The roster's people, in file order; raise RosterError naming the file and line."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: the roster is not UTF-8 text; save it as CSV (UTF-8)") from None
    if not rows:
        raise RosterError(f"{path}: the roster is empty")
    header = [re.sub(r"[\s-]+", "_", h.strip().lower()) for h in rows[0]]
    unknown = [h for h in header if h and h not in ROSTER_FIELDS]
    if "student" not in header or unknown:
        raise RosterError(f"{path}:1: the roster's header must name the column `student` (the submission "
                          f"folder) and may name {', '.join(ROSTER_FIELDS[1:])}"
                          + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    people, seen = [], set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h}
        if not values["student"]:
            raise RosterError(f"{path}:{line}: no student (submission folder name)")
        if values["student"] in seen:
            raise RosterError(f"{path}:{line}: student {values['student']!r} is listed twice")
        seen.add(values["student"])
        people.append(Person(**values))
    return people


def name_key(text: str) -> str:
    """A name reduced to its lowercase letters and digits (how Canvas writes names in file names)."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def match_person(roster: list[Person], key: str, lms_id: str = "", name: str = "") -> Person | None:
    """The roster's person for a submission: by ``student``, then LMS id, then name (either order
    of first and last name, as Canvas writes "Last, First" and Moodle "First Last")."""
    for person in roster:
        if person.student == key:
            return person
    if lms_id:
        for person in roster:
            if lms_id in (person.lms_id, person.canvas_id):
                return person
    wanted = name_key(name or key)
    if wanted:
        for person in roster:
            words = [w for w in re.split(r"[\s,]+", person.name) if w]
            forms = {name_key(person.name), name_key("".join(reversed(words))), name_key(person.student)}
            if wanted in forms:
                return person
    return None
