"""Every exception coursekit raises on purpose, in one hierarchy (as nbclient's exceptions.py).

``CoursekitError`` is what the command line reports as ``error: <message>`` (exit code 2);
each message names the file, cell, line or key at fault and, where it can, the fix.
"""
from __future__ import annotations

from pathlib import Path


class CoursekitError(Exception):
    """Base class: a problem a user (instructor, TA) must fix; the message says where and how."""


class ConfigError(CoursekitError):
    """course.yml is missing, not YAML, or does not fit the schema: ``file:line: key: message``."""

    def __init__(self, path: Path, line: int | None, key: str, message: str):
        self.path, self.line, self.key, self.message = path, line, key, message
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


class MarkerError(CoursekitError, ValueError):
    """A solution or hidden-test marker is unclosed, unopened or nested; names the cell and line."""

    def __init__(self, cell_index: int, line: int, message: str):
        self.cell_index, self.line = cell_index, line
        super().__init__(f"cell {cell_index}, line {line}: {message}")


class NotebookError(CoursekitError, ValueError):
    """A source notebook breaks the course's notebook format; names the cell."""


class BuildError(CoursekitError):
    """A source notebook cannot be built into its release; names the notebook and the cell."""


class MutantError(CoursekitError, ValueError):
    """A mutant file does not follow the mutant format; names the file."""


class SubmissionError(CoursekitError, ValueError):
    """A submitted notebook cannot be read, or a submissions folder holds nothing to grade;
    the message is written for whoever must act (the student, or the TA)."""


class HiddenTestError(CoursekitError):
    """The hidden tests themselves are broken (an instructor's problem, not a student's)."""


class ClusterError(CoursekitError):
    """Grading on a Dask cluster cannot go on (a worker that cannot grade, a lost scheduler)."""


class SandboxError(CoursekitError):
    """The sandbox cannot give the protection grading requires here (fail closed); the message
    says why and how to fix it."""


class ExportError(CoursekitError):
    """An export cannot be written (unknown assignment, missing gradebook, bad roster)."""


class StudentCodeError(Exception):
    """The student's code failed in the sandbox; the message is written for the student.

    Not a CoursekitError: it is the student's feedback, never the end of a grading run.
    ``kind`` is one of KINDS."""

    KINDS = ("error", "not_implemented", "missing", "timeout", "died", "refused")

    def __init__(self, message: str, kind: str = "error"):
        if kind not in self.KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.kind = kind
        super().__init__(message)


class GradebookError(CoursekitError):
    """A TA's action cannot be recorded (no such notebook or test, no reason given, a bad value)."""
