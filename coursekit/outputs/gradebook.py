"""The gradebook: SQLite, one row per (student, assignment), one transaction per notebook."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

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
"""


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
    penalty: float = 0.0
    protections: dict = field(default_factory=dict)

    @property
    def final_score(self) -> float:
        return max(0.0, self.score - self.penalty)


class Gradebook:
    """Open with ``with Gradebook(path) as gb:``; every ``record`` is one transaction."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives a killed process (kill -9), and a power cut loses at most
        # the last commits, which the next run grades again (content hash); never a torn gradebook.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Add the columns newer versions keep to a gradebook written by an older one."""
        added = {"notebooks": [("protections", "TEXT NOT NULL DEFAULT '{}'")],
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
        row = self._db.execute("SELECT content_hash FROM notebooks WHERE student=? AND assignment=?",
                               (student, assignment)).fetchone()
        return row[0] if row else None

    def record(self, nb: GradedNotebook) -> None:
        """Replace the student's grade for the assignment, atomically."""
        self.record_many([nb])

    def record_many(self, notebooks: list[GradedNotebook]) -> None:
        """Replace the grades of several notebooks in one transaction (all or none)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for nb in notebooks:
                self._insert(nb)

    def _insert(self, nb: GradedNotebook) -> None:
        """Inside a transaction: the notebook's row and its tests' rows, replacing the old ones."""
        key = (nb.student, nb.assignment)
        self._db.execute("DELETE FROM tests WHERE student=? AND assignment=?", key)
        self._db.execute(
            "INSERT OR REPLACE INTO notebooks (student, assignment, content_hash, status, score, max_score, "
            "penalty, message, warnings, output, seconds, submitted_at, graded_at, protections) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*key, nb.content_hash, nb.status, nb.score, nb.max_score, nb.penalty, nb.message,
             json.dumps(nb.warnings), nb.output, nb.seconds, nb.submitted_at, nb.graded_at,
             json.dumps(nb.protections, sort_keys=True)))
        self._db.executemany(
            "INSERT INTO tests (student, assignment, function, name, points, max_points, outcome, message, note) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(*key, t.function, t.name, t.points, t.max_points, t.outcome, t.message, t.note)
             for t in nb.tests])

    def forget(self, student: str) -> None:
        """Drop a student's grades, so that they are graded afresh."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM tests WHERE student=?", (student,))
            self._db.execute("DELETE FROM notebooks WHERE student=?", (student,))

    def notebooks(self, assignment: str | None = None, student: str | None = None) -> list[GradedNotebook]:
        query = "SELECT student, assignment, content_hash, status, score, max_score, penalty, message, warnings, " \
                "output, seconds, submitted_at, graded_at, protections FROM notebooks " \
                "WHERE (?1 IS NULL OR assignment=?1) AND (?2 IS NULL OR student=?2) " \
                "ORDER BY assignment, student"
        rows = self._db.execute(query, (assignment, student)).fetchall()
        result = []
        for (stu, asg, chash, status, score, max_score, penalty, message, warnings, output, seconds,
             submitted_at, graded_at, protections) in rows:
            tests = [TestResult(*t) for t in self._db.execute(
                "SELECT function, name, points, max_points, outcome, message, note FROM tests "
                "WHERE student=? AND assignment=? ORDER BY rowid", (stu, asg))]
            result.append(GradedNotebook(stu, asg, chash, status, score, max_score, message, tests,
                                         json.loads(warnings), output, seconds, graded_at, submitted_at,
                                         penalty, json.loads(protections)))
        return result
