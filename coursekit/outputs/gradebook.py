"""The gradebook: SQLite, one row per (student, assignment), one transaction per notebook.

Autograded results (tables ``notebooks`` and ``tests``) are facts of a submission's content
hash: a regrade replaces them. What people do is kept apart, in the append-only table
``events`` (SQLite triggers refuse UPDATE and DELETE): a TA's adjustment, comment, "needs a
look" flag or regrade request, and each grading of the notebook, with who, when, the old
and the new value, the reason and the content hash it was made for. The final score is
computed from the autograded score, the late penalty and the adjustments in force
(``GradedNotebook.final_score``); an adjustment made for an earlier content hash stays in
force and is shown as "made for an earlier version" until a TA keeps or withdraws it.

The database is in WAL mode with a 60 s busy timeout, so that ``coursekit grade`` and
``coursekit serve`` (or ``adjust``/``comment``) write at the same time; every write is one
``BEGIN IMMEDIATE`` transaction.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GradebookError
from ..grading.job import TestResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS notebooks (
    student      TEXT NOT NULL,
    assignment   TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL,      -- graded | unreadable | needs-review | missing
    score        REAL NOT NULL,
    max_score    REAL NOT NULL,
    penalty      REAL NOT NULL DEFAULT 0,
    message      TEXT NOT NULL,
    warnings     TEXT NOT NULL,      -- JSON list of str
    output       TEXT NOT NULL,
    seconds      REAL NOT NULL,
    submitted_at TEXT,
    graded_at    TEXT NOT NULL,
    protections  TEXT NOT NULL DEFAULT '{}',  -- JSON: the sandbox's protections in force
    code         TEXT NOT NULL DEFAULT '[]',  -- JSON: the student's graded cells [{grade_id, role, source}]
    PRIMARY KEY (student, assignment)
);
CREATE TABLE IF NOT EXISTS tests (
    student    TEXT NOT NULL,
    assignment TEXT NOT NULL,
    function   TEXT NOT NULL,
    name       TEXT NOT NULL,
    points     REAL NOT NULL,
    max_points REAL NOT NULL,
    outcome    TEXT NOT NULL,
    message    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student, assignment, function, name)
);
CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    student      TEXT NOT NULL,
    assignment   TEXT NOT NULL,
    kind         TEXT NOT NULL,      -- adjust | withdraw | comment | flag | regrade | graded
    test         TEXT NOT NULL DEFAULT '',   -- adjust: "function::name", or '' for the whole notebook
    mode         TEXT NOT NULL DEFAULT '',   -- adjust: set | add
    value        REAL,               -- adjust: the points set or added; flag: 1 (needs a look) or 0
    old          REAL,               -- the score (of the test, or the notebook) before
    new          REAL,               -- ... and after
    text         TEXT NOT NULL DEFAULT '',   -- the reason, or the comment
    by           TEXT NOT NULL,
    at           TEXT NOT NULL,      -- UTC, ISO 8601
    content_hash TEXT NOT NULL,      -- the submission the event was made for
    ref          INTEGER             -- withdraw, or an adjustment kept for a new version: the adjustment it replaces
);
CREATE INDEX IF NOT EXISTS events_notebook ON events (student, assignment);
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'gradebook events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'gradebook events are append-only'); END;
"""

KINDS = ("adjust", "withdraw", "comment", "flag", "regrade", "graded")


@dataclass(frozen=True)
class Event:
    """One row of ``events``: something a person (or the grader) did to a notebook's grade."""

    id: int
    student: str
    assignment: str
    kind: str
    test: str
    mode: str
    value: float | None
    old: float | None
    new: float | None
    text: str
    by: str
    at: str
    content_hash: str
    ref: int | None = None

    def describe(self) -> str:
        """One line for feedback pages and the TA's history."""
        what = f"test {self.test}" if self.test else "the notebook"
        if self.kind == "adjust":
            change = f"set to {self.value:g}" if self.mode == "set" else f"{self.value:+g} points"
            return f"{what}: {change} ({_g(self.old)} -> {_g(self.new)})"
        if self.kind == "withdraw":
            return f"adjustment #{self.ref} withdrawn ({_g(self.old)} -> {_g(self.new)})"
        if self.kind == "flag":
            return "marked as needing a look" if self.value else "no longer needs a look"
        if self.kind == "regrade":
            return "regrade requested"
        if self.kind == "graded":
            again = f" again (was {_g(self.old)})" if self.old is not None else ""
            return f"autograded{again}: {_g(self.new)} points after any late penalty"
        return "comment"


def _g(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class GradedNotebook:
    student: str
    assignment: str
    content_hash: str
    status: str
    score: float
    max_score: float
    message: str = ""
    tests: list[TestResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    output: str = ""
    seconds: float = 0.0
    graded_at: str = ""
    submitted_at: str | None = None
    penalty: float = 0.0   # the late policy's points; applied_penalty is what it takes
    protections: dict = field(default_factory=dict)
    code: list[dict] = field(default_factory=list)     # the graded cells: {grade_id, role, source}
    events: list[Event] = field(default_factory=list)  # loaded from ``events``, oldest first

    @property
    def adjustments(self) -> list[Event]:
        """The adjustments in force, oldest first: neither withdrawn nor replaced by a later one."""
        replaced = {e.ref for e in self.events if e.kind in ("adjust", "withdraw") and e.ref is not None}
        return [e for e in self.events if e.kind == "adjust" and e.id not in replaced]

    def is_current(self, event: Event) -> bool:
        """Whether ``event`` was made for the notebook as it is graded now (not an earlier version)."""
        return event.content_hash == self.content_hash

    @property
    def comments(self) -> list[Event]:
        return [e for e in self.events if e.kind == "comment"]

    @property
    def needs_look(self) -> bool:
        flags = [e for e in self.events if e.kind == "flag"]
        return bool(flags and flags[-1].value)

    @property
    def regrade_requested(self) -> bool:
        """A regrade was asked for after the latest grading (the next ``coursekit grade`` does it)."""
        last = {e.kind: e.id for e in self.events}
        return "regrade" in last and last["regrade"] > last.get("graded", 0)

    def test_points(self) -> dict[str, float]:
        """{test_id: points} after the adjustments of single tests (each within 0 and its maximum)."""
        points = {t.test_id: t.points for t in self.tests}
        maxima = {t.test_id: t.max_points for t in self.tests}
        for a in self.adjustments:
            if a.test in points and a.value is not None:
                new = a.value if a.mode == "set" else points[a.test] + a.value
                points[a.test] = min(max(new, 0.0), maxima[a.test])
        return points

    @property
    def autograded_score(self) -> float:
        """What the hidden tests gave, after the late penalty, before any TA adjustment."""
        return max(0.0, self.score - self.penalty)

    def _tests_score(self) -> float:
        """The hidden tests' points after the adjustments of single tests, before the penalty."""
        return self.score + sum(self.test_points().values()) - sum(t.points for t in self.tests)

    @property
    def applied_penalty(self) -> float:
        """The late penalty taken: the policy's points, never more than the (adjusted) tests' score;
        a TA who raises a test of a late notebook raises the penalty up to the policy's points."""
        return round(min(self.penalty, max(self._tests_score(), 0.0)), 6)

    @property
    def final_score(self) -> float:
        """The score everywhere a score is shown or exported: the tests' points after their
        adjustments, minus the late penalty, then the whole-notebook adjustments in order
        (``set`` replaces, ``add`` adds); within 0 and ``max_score``."""
        score = max(0.0, self._tests_score() - self.penalty)
        for a in self.adjustments:
            if not a.test and a.value is not None:
                score = a.value if a.mode == "set" else score + a.value
        return round(min(max(score, 0.0), self.max_score), 6)


class Gradebook:
    """Open with ``with Gradebook(path) as gb:``; every ``record`` and every event is one transaction."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # timeout: how long a write waits for another writer (the grader, the web app) to commit
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=60000")
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives a killed process (kill -9), and a power cut loses at most
        # the last commits, which the next run grades again (content hash); never a torn gradebook.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Add the columns newer versions keep to a gradebook written by an older one."""
        added = {"notebooks": [("protections", "TEXT NOT NULL DEFAULT '{}'"), ("code", "TEXT NOT NULL DEFAULT '[]'")],
                 "tests": [("note", "TEXT NOT NULL DEFAULT ''")]}
        for table, columns in added.items():
            have = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            for name, declaration in columns:
                if name not in have:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def hash_of(self, student: str, assignment: str) -> str | None:
        """The content hash graded last, or None when the notebook must be graded (never graded,
        or a regrade was requested after its latest grading)."""
        row = self._db.execute(
            "SELECT content_hash, "
            "(SELECT MAX(id) FROM events WHERE student=?1 AND assignment=?2 AND kind='regrade'), "
            "(SELECT MAX(id) FROM events WHERE student=?1 AND assignment=?2 AND kind='graded') "
            "FROM notebooks WHERE student=?1 AND assignment=?2", (student, assignment)).fetchone()
        if row is None or (row[1] is not None and row[1] > (row[2] or 0)):
            return None
        return row[0]

    def record(self, nb: GradedNotebook) -> None:
        """Replace the student's autograded result for the assignment, atomically, and append a
        ``graded`` event; then ``nb.events`` holds the notebook's events (the TA's work is kept)."""
        self.record_many([nb])

    def record_many(self, notebooks: list[GradedNotebook]) -> None:
        """``record`` for several notebooks in one transaction (all or none)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for nb in notebooks:
                self._insert(nb)

    def _insert(self, nb: GradedNotebook) -> None:
        """Inside a transaction: the notebook's row, its tests' rows and a ``graded`` event."""
        key = (nb.student, nb.assignment)
        before = self._db.execute("SELECT MAX(0, score - penalty) FROM notebooks WHERE student=? AND assignment=?",
                                  key).fetchone()
        self._db.execute("DELETE FROM tests WHERE student=? AND assignment=?", key)
        self._db.execute(
            "INSERT OR REPLACE INTO notebooks (student, assignment, content_hash, status, score, max_score, "
            "penalty, message, warnings, output, seconds, submitted_at, graded_at, protections, code) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*key, nb.content_hash, nb.status, nb.score, nb.max_score, nb.penalty, nb.message,
             json.dumps(nb.warnings), nb.output, nb.seconds, nb.submitted_at, nb.graded_at,
             json.dumps(nb.protections, sort_keys=True), json.dumps(nb.code)))
        self._db.executemany(
            "INSERT INTO tests (student, assignment, function, name, points, max_points, outcome, message, note) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(*key, t.function, t.name, t.points, t.max_points, t.outcome, t.message, t.note)
             for t in nb.tests])
        self._db.execute(
            "INSERT INTO events (student, assignment, kind, old, new, by, at, content_hash) "
            "VALUES (?,?,'graded',?,?,'coursekit grade',?,?)",
            (*key, before[0] if before else None, nb.autograded_score, nb.graded_at or _now(), nb.content_hash))
        nb.events = self._events(nb.student, nb.assignment)[key]

    def forget(self, student: str, assignments: Iterable[str]) -> None:
        """Drop a student's autograded results of these assignments, so that they are graded afresh
        (events, and the student's other assignments, are kept)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for assignment in sorted(set(assignments)):
                self._db.execute("DELETE FROM tests WHERE student=? AND assignment=?", (student, assignment))
                self._db.execute("DELETE FROM notebooks WHERE student=? AND assignment=?", (student, assignment))

    def _events(self, student: str | None = None, assignment: str | None = None) -> dict[tuple[str, str], list[Event]]:
        rows = self._db.execute(
            "SELECT id, student, assignment, kind, test, mode, value, old, new, text, by, at, content_hash, ref "
            "FROM events WHERE (?1 IS NULL OR student=?1) AND (?2 IS NULL OR assignment=?2) ORDER BY id",
            (student, assignment)).fetchall()
        events: dict[tuple[str, str], list[Event]] = {}
        if student is not None and assignment is not None:
            events[(student, assignment)] = []
        for row in rows:
            events.setdefault((row[1], row[2]), []).append(Event(*row))
        return events

    def notebooks(self, assignment: str | None = None, student: str | None = None) -> list[GradedNotebook]:
        """The graded notebooks (ordered by assignment, student) with their tests and events."""
        where = "WHERE (?1 IS NULL OR assignment=?1) AND (?2 IS NULL OR student=?2)"
        rows = self._db.execute(
            "SELECT student, assignment, content_hash, status, score, max_score, penalty, message, warnings, "
            f"output, seconds, submitted_at, graded_at, protections, code FROM notebooks {where} "
            "ORDER BY assignment, student", (assignment, student)).fetchall()
        tests: dict[tuple[str, str], list[TestResult]] = {}
        for stu, asg, *values in self._db.execute(
                "SELECT student, assignment, function, name, points, max_points, outcome, message, note "
                f"FROM tests {where} ORDER BY rowid", (assignment, student)):
            tests.setdefault((stu, asg), []).append(TestResult(*values))
        events = self._events(student, assignment)
        result = []
        for (stu, asg, chash, status, score, max_score, penalty, message, warnings, output, seconds,
             submitted_at, graded_at, protections, code) in rows:
            result.append(GradedNotebook(stu, asg, chash, status, score, max_score, message, tests.get((stu, asg), []),
                                         json.loads(warnings), output, seconds, graded_at, submitted_at,
                                         penalty, json.loads(protections), json.loads(code),
                                         events.get((stu, asg), [])))
        return result

    def notebook(self, student: str, assignment: str) -> GradedNotebook:
        """One graded notebook; GradebookError when there is none."""
        found = self.notebooks(assignment=assignment, student=student)
        if not found:
            raise GradebookError(f"{self.path}: no graded notebook of student {student!r} for {assignment!r}")
        return found[0]

    # --- what people do: each call appends one event, in one transaction -------------------

    def _append(self, nb: GradedNotebook, kind: str, by: str, *, test: str = "", mode: str = "",
                value: float | None = None, old: float | None = None, new: float | None = None,
                text: str = "", ref: int | None = None) -> Event:
        assert kind in KINDS, kind
        if not by.strip():
            raise GradebookError("say who you are (--by NAME)")
        self._db.execute(
            "INSERT INTO events (student, assignment, kind, test, mode, value, old, new, text, by, at, content_hash, "
            "ref) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (nb.student, nb.assignment, kind, test, mode, value, old, new, text, by.strip(), _now(),
             nb.content_hash, ref))
        return self._events(nb.student, nb.assignment)[(nb.student, nb.assignment)][-1]

    def _score_of(self, nb: GradedNotebook, test: str) -> float | None:
        return nb.test_points().get(test) if test else nb.final_score

    def adjust(self, student: str, assignment: str, *, by: str, reason: str, set_to: float | None = None,
               add: float | None = None, test: str = "") -> Event:
        """A TA's adjustment of one test (``test``: "function::name", or a test name that is unique
        in the notebook) or of the whole notebook: ``set_to`` points, or ``add`` (+/-) points."""
        if (set_to is None) == (add is None):
            raise GradebookError("give either a score to set or points to add, not both")
        value = float(set_to if set_to is not None else add)  # type: ignore[arg-type]
        if not math.isfinite(value):
            raise GradebookError(f"{value}: not a number of points")
        if not reason.strip():
            raise GradebookError("an adjustment needs a reason (--reason TEXT): the student reads it")
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            nb = self.notebook(student, assignment)
            test = self._test_id(nb, test) if test else ""
            limit = next((t.max_points for t in nb.tests if t.test_id == test), nb.max_score) if test else nb.max_score
            if set_to is not None and not 0 <= value <= limit:
                raise GradebookError(f"{value:g}: a score must be between 0 and {limit:g}")
            if add is not None and abs(value) > limit:
                raise GradebookError(f"{value:+g}: more points than the {limit:g} at stake")
            old = self._score_of(nb, test)
            nb.events.append(Event(-1, student, assignment, "adjust", test, "set" if set_to is not None else "add",
                                   value, None, None, reason, by, "", nb.content_hash))
            new = self._score_of(nb, test)
            return self._append(nb, "adjust", by, test=test, mode="set" if set_to is not None else "add",
                                value=value, old=old, new=new, text=reason.strip())

    def _test_id(self, nb: GradedNotebook, test: str) -> str:
        ids = [t.test_id for t in nb.tests]
        if test in ids:
            return test
        named = [i for i in ids if i.split("::", 1)[1] == test]
        if len(named) == 1:
            return named[0]
        raise GradebookError(f"{test!r}: " + ("more than one test has this name; give function::name"
                                              if named else "no such test in this notebook; its tests: "
                                              + ", ".join(ids)))

    def _adjustment(self, nb: GradedNotebook, event_id: int) -> Event:
        found = [a for a in nb.adjustments if a.id == event_id]
        if not found:
            raise GradebookError(f"adjustment #{event_id} is not in force for {nb.student}/{nb.assignment}")
        return found[0]

    def withdraw(self, student: str, assignment: str, event_id: int, *, by: str, reason: str) -> Event:
        """Withdraw an adjustment in force (it stays in the history)."""
        if not reason.strip():
            raise GradebookError("withdrawing an adjustment needs a reason")
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            nb = self.notebook(student, assignment)
            adjustment = self._adjustment(nb, event_id)
            old = nb.final_score
            nb.events = [e for e in nb.events if e.id != adjustment.id]
            return self._append(nb, "withdraw", by, test=adjustment.test, old=old, new=nb.final_score,
                                text=reason.strip(), ref=event_id)

    def keep(self, student: str, assignment: str, event_id: int, *, by: str) -> Event:
        """Keep an adjustment made for an earlier version for the version graded now: the same
        adjustment again, tied to the current content hash, replacing the earlier one."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            nb = self.notebook(student, assignment)
            a = self._adjustment(nb, event_id)
            if nb.is_current(a):
                raise GradebookError(f"adjustment #{event_id} was made for the version graded now already")
            old = self._score_of(nb, a.test)
            return self._append(nb, "adjust", by, test=a.test, mode=a.mode, value=a.value, old=old, new=old,
                                text=f"kept for the new version: {a.text}", ref=event_id)

    def comment(self, student: str, assignment: str, text: str, *, by: str) -> Event:
        """A comment to the student (shown in the feedback page)."""
        if not text.strip():
            raise GradebookError("the comment is empty")
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            return self._append(self.notebook(student, assignment), "comment", by, text=text.strip())

    def flag(self, student: str, assignment: str, needs_look: bool, *, by: str, text: str = "") -> Event:
        """Mark (or unmark) the notebook as needing a look by a TA."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            return self._append(self.notebook(student, assignment), "flag", by, value=1.0 if needs_look else 0.0,
                                text=text.strip())

    def request_regrade(self, student: str, assignment: str, *, by: str, text: str = "") -> Event:
        """Ask for the notebook to be graded again by the next ``coursekit grade`` (hash_of says None)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            return self._append(self.notebook(student, assignment), "regrade", by, text=text.strip())
