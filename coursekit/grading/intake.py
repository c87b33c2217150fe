"""Intake: find every submission of a class, say whose it is and which assignment, read it once.

Layouts, detected from the folder given to ``coursekit grade`` (README "Submissions"):

    ours          SUBMISSIONS/<student>/<any name>.ipynb             student = the folder
    by assignment SUBMISSIONS/<assignment id>/<student>.ipynb        student = the file name
    nbgrader      [COURSE/]submitted/<student>/<assignment>/<nb>.ipynb (+ timestamp.txt)
                                                                     student = the folder
    Canvas        one folder of <name>_[LATE_]<user id>_<file id>_<original name>
                                                                     student = <name> (the roster's
                                                                     student with lms_id = <user id>)
    Moodle        <Full Name>_<id>_assignsubmission_file_/<file>     student = <Full Name>
                  (or the same as flat file names)
    one student   a folder of notebooks named after assignments      student = the folder
    one file      coursekit grade FILE                               student = as its folder says

A notebook is ``.ipynb`` (any nbformat 4.x or 3, UTF-8 with or without a byte-order mark,
CRLF or LF) or a jupytext percent-format ``.py`` (read with jupytext). Its assignment comes from
its content (the release's grade_ids, locked cells and graded functions' ``def``) or, when the
content says nothing, from its name (``Copy of 05_x (1).ipynb`` is 05_x). When a student has several
candidates for one assignment, the one with the most work in it is graded and the feedback says so.
Hidden files and folders, ``__MACOSX`` and ``.ipynb_checkpoints`` are not looked at; every other
file that is not graded is listed with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..course.config import Course
from ..course.notebook import NotebookNode, cell_role, extract_grading_cells, grade_id, read_notebook_text
from ..course.roster import Person, match_person
from ..errors import SubmissionError
from .job import GradingJob
from .late import read_timestamp

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
NOTEBOOK_SUFFIXES = (".ipynb", ".py")
CONTENT_THRESHOLD = 0.5   # see identify()

CANVAS = re.compile(r"^(?:(?P<name>.+?)_)??(?:(?P<late>LATE)_)?(?P<user>\d+|anon_[A-Za-z0-9]+)_(?P<file_id>\d+)_"
                    r"(?P<file>.+)$", re.I)
MOODLE_DIR = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_?$")
MOODLE_FILE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_file_(?P<file>.+)$")


@dataclass(frozen=True)
class Submission:
    """One student's notebook for one assignment, read once: what is hashed is what is graded."""

    student: str
    assignment: str
    path: Path
    data: bytes
    timestamp: str | None = None    # the text of the timestamp file, if any
    notes: tuple[str, ...] = ()     # for the feedback: how it was identified, picked, flagged
    timestamp_name: str = ""
    notebook: Any = field(default=None, compare=False, repr=False)   # parsed (None when unreadable)
    problem: str | None = None      # why it cannot be read, for the student

    @property
    def content_hash(self) -> str:
        """What "unchanged" means: the notebook's bytes and its submission time."""
        stamp = self.timestamp.encode() if self.timestamp is not None else b""
        return hashlib.sha256(self.data + stamp).hexdigest()

    def submitted_at(self) -> tuple[dt.datetime | None, str | None]:
        """(the submission time, None), (None, None) without a timestamp, or (None, a warning)."""
        if self.timestamp is None:
            return None, None
        return read_timestamp(self.timestamp, self.timestamp_name or f"{self.assignment}.timestamp.txt")


@dataclass
class Intake:
    """What was found in a submissions folder, and everything that was not graded, with why."""

    layout: str = ""
    submissions: list[Submission] = field(default_factory=list)
    ignored: list[tuple[Path, str]] = field(default_factory=list)      # (file, why, with the name expected)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)   # not readable, assignment unknown
    notes: list[str] = field(default_factory=list)                     # for the TA: by content, picks, LATE
    not_on_roster: list[str] = field(default_factory=list)
    students: int = 0
    unplaced: dict[str, list[str]] = field(default_factory=dict)       # student -> their files not graded


# --------------------------------------------------------------------------- reading

def decode_text(data: bytes) -> str:
    """Text of a submitted file: UTF-8 with or without a byte-order mark, or UTF-16 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def parse_submission(data: bytes, suffix: str) -> NotebookNode:
    """A submitted file as an nbformat 4 notebook; raise SubmissionError written for the student."""
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(f"the notebook is {len(data) / 2**20:.0f} MiB, more than the "
                              f"{MAX_NOTEBOOK_BYTES // 2**20} MiB allowed: clear its outputs and submit again")
    text = decode_text(data)
    if suffix.lower() != ".py":
        return read_notebook_text(text)
    if not re.search(r"^# %%", text, re.M):
        raise SubmissionError("this .py file has no `# %%` cell markers, so it is not a jupytext percent-format "
                              "notebook: submit the .ipynb file (or save it with jupytext as py:percent)")
    import jupytext
    try:
        return jupytext.reads(text, fmt="py:percent")
    except Exception as exc:  # jupytext raises several kinds; each is the student's broken file
        raise SubmissionError(f"jupytext could not read this .py notebook ({type(exc).__name__}: "
                              f"{str(exc)[:200]})") from None


# --------------------------------------------------------------------------- which assignment

def _norm(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


@dataclass(frozen=True)
class Signature:
    """What marks a notebook as an assignment's: its graded functions and its locked cells."""

    assignment: str
    functions: dict[str, str]                # graded function -> the release's template source
    locked: tuple[tuple[str, str], ...]      # (grade_id, normalised source) of setup and test cells


def release_signatures(course: Course, ids: list[str]) -> dict[str, Signature]:
    """The signatures of the releases of ``ids`` (plain JSON: nbformat is slow to import)."""
    signatures = {}
    for assignment_id in ids:
        path = course.release_notebook(assignment_id)
        if not path.is_file():
            continue
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        functions = {grade_id(c): _source(c) for c in cells if cell_role(c) == "solution"}
        locked = tuple((grade_id(c), _norm(_source(c))) for c in cells if cell_role(c) in ("setup", "test"))
        signatures[assignment_id] = Signature(assignment_id, functions, locked)
    return signatures


def _function_cells(cells: list[dict], function: str) -> list[str]:
    """The sources of a notebook's cells that are the function's: its grade_id, else its def."""
    own = [_source(c) for c in cells if grade_id(c) == function]
    if own:
        return own
    pattern = re.compile(rf"^\s*def\s+{re.escape(function)}\s*\(", re.M)
    return [_source(c) for c in cells if c.get("cell_type") == "code" and pattern.search(_source(c))]


_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)\s*\(", re.M)


@dataclass(frozen=True)
class _Marks:
    """What of a notebook identifies it: its grade_ids, its code cells' texts, the functions it defines."""

    ids: frozenset[str]
    texts: frozenset[str]
    defs: frozenset[str]

    @classmethod
    def of(cls, nb: NotebookNode) -> _Marks:
        cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
        code = [_source(c) for c in cells if c.get("cell_type") == "code"]
        return cls(frozenset(grade_id(c) for c in cells), frozenset(_norm(s) for s in code),
                   frozenset(name for s in code for name in _DEF.findall(s)))


def content_score(nb: NotebookNode | _Marks, sig: Signature) -> float:
    """Half the share of the graded functions present (by grade_id or ``def``), half the share of
    the locked cells present (by grade_id or their exact text): 1 for the release itself, 0.5
    for the solutions pasted alone into a fresh notebook, about 0 for another assignment's."""
    marks = nb if isinstance(nb, _Marks) else _Marks.of(nb)
    functions = sum(1 for f in sig.functions if f in marks.ids or f in marks.defs)
    locked = sum(1 for gid, text in sig.locked if gid in marks.ids or text in marks.texts)
    return 0.5 * functions / max(1, len(sig.functions)) + 0.5 * locked / max(1, len(sig.locked))


def name_match(name: str, ids: list[str]) -> str | None:
    """The assignment id a file or folder name contains, whatever the case and the browser's or
    the student's additions (``Copy of``, `` (1)``, ``-jdoe``), the longest if several."""
    text = re.sub(r"[^a-z0-9]+", "_", name.lower())
    hits = [a for a in ids if re.search(rf"(^|_){re.escape(a)}(_|$)", text)]
    return max(hits, key=len) if hits else None


def identify(nb: NotebookNode | None, name: str, hint: str | None, signatures: dict[str, Signature],
             ids: list[str]) -> tuple[str | None, str]:
    """(assignment, how it was recognised) for a notebook (None when unreadable) named ``name``
    inside a folder that says ``hint``: the content decides when it clearly matches one
    assignment; else the file name, else the folder."""
    by_name = name_match(name, ids) or hint
    if nb is not None:
        marks = _Marks.of(nb)
        scores = sorted(((content_score(marks, s), a) for a, s in signatures.items()), reverse=True)
        best = [a for score, a in scores if scores and score == scores[0][0] and score >= CONTENT_THRESHOLD]
        if len(best) == 1 or (best and by_name in best):
            found = best[0] if len(best) == 1 else by_name
            if by_name is None:
                return found, f"recognised as {found} by its content (its name says no assignment)"
            if by_name != found:
                return found, f"recognised as {found} by its content, although its name says {by_name}"
            return found, ""
    return by_name, ""


def work_in(nb: NotebookNode | None, sig: Signature) -> tuple[int, int]:
    """(graded functions written, characters of their code that differ from the release):
    how much work a candidate holds; (-1, 0) when it cannot be read."""
    if nb is None:
        return (-1, 0)
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    written, size = 0, 0
    for function, template in sig.functions.items():
        changed = [s for s in _function_cells(cells, function) if _norm(s) != _norm(template)]
        written += bool(changed)
        size += sum(len(s) for s in changed)
    return written, size


# --------------------------------------------------------------------------- where files are

@dataclass
class _Found:
    path: Path
    student: str
    name: str                   # the file name that says the assignment (an LMS's original name)
    hint: str | None = None     # the assignment its folder names
    lms_id: str = ""
    person: str = ""            # the student's name as the LMS wrote it
    uid: str = ""               # the LMS's number for the student in this download (keeps namesakes apart)
    late: bool = False
    stamps: tuple[Path, ...] = ()


def _visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name not in ("__MACOSX", "__pycache__")


def _walk(folder: Path) -> list[Path]:
    """The files under ``folder``, hidden ones and checkpoints left out, sorted."""
    found = []
    for path in sorted(folder.iterdir()):
        if not _visible(path):
            continue
        if path.is_dir():
            found.extend(_walk(path))
        elif path.is_file():
            found.append(path)
    return found


def _is_stamp(path: Path) -> bool:
    return path.name == "timestamp.txt" or path.name.endswith(".timestamp.txt")


def _stamps(path: Path) -> tuple[Path, ...]:
    return (path.with_name(f"{path.stem}.timestamp.txt"), path.parent / "timestamp.txt")


def _layout(root: Path, ids: list[str]) -> str:
    """Which layout ``root`` holds (see the module doc)."""
    entries = [p for p in sorted(root.iterdir()) if _visible(p)]
    files = [p for p in entries if p.is_file()]
    dirs = [p for p in entries if p.is_dir()]
    if not entries:
        return "empty"
    if root.name == "submitted" and dirs:
        return "nbgrader"
    if any(MOODLE_DIR.match(d.name) for d in dirs) or any(MOODLE_FILE.match(f.name) for f in files):
        return "moodle"
    if any(CANVAS.match(f.name) and f.suffix.lower() in NOTEBOOK_SUFFIXES for f in files):
        return "canvas"
    if dirs and all(name_match(d.name, ids) for d in dirs) and any(
            f.suffix.lower() in NOTEBOOK_SUFFIXES for d in dirs for f in _walk(d)):
        return "by-assignment"
    nested = [d for d in dirs if not any(p.is_file() and p.suffix.lower() in NOTEBOOK_SUFFIXES for p in d.iterdir())
              and any(s.is_dir() and any(f.suffix.lower() in NOTEBOOK_SUFFIXES for f in _walk(s))
                      for s in d.iterdir() if _visible(s))]
    if dirs and len(nested) == len([d for d in dirs if _walk(d)]) and any(
            (s / "timestamp.txt").is_file() or name_match(s.name, ids) for d in nested for s in d.iterdir()):
        return "nbgrader"
    if dirs:
        return "ours"
    notebooks = [f for f in files if f.suffix.lower() in NOTEBOOK_SUFFIXES]
    if notebooks and (name_match(root.name, ids) or not any(name_match(f.stem, ids) for f in notebooks)):
        return "one-assignment"
    return "one-student"


LAYOUT_NAMES = {
    "ours": "SUBMISSIONS/<student>/<assignment>.ipynb",
    "by-assignment": "SUBMISSIONS/<assignment>/<student>.ipynb",
    "nbgrader": "nbgrader submitted/<student>/<assignment>/",
    "canvas": "Canvas bulk download (<name>_<user id>_<file id>_<file>)",
    "moodle": "Moodle bulk download (<Full Name>_<id>_assignsubmission_file_)",
    "one-student": "one student's folder",
    "one-assignment": "one assignment's folder (<student>.ipynb)",
    "one-file": "one file",
    "empty": "an empty folder (expected e.g. SUBMISSIONS/<student>/<assignment id>.ipynb)",
}


def _canvas(path: Path) -> _Found | None:
    m = CANVAS.match(path.name)
    if m is None:
        return None
    user = m["user"]
    return _Found(path, m["name"] or user, m["file"], lms_id=user if user.isdigit() else "",
                  person=m["name"] or "", late=bool(m["late"]), stamps=_stamps(path), uid=user)


def _moodle_name(text: str) -> str:
    return " ".join(text.split())


def _discover(root: Path, layout: str, ids: list[str]) -> tuple[list[_Found], list[tuple[Path, str]]]:
    """(notebook-like files with their student, other files with why they are not looked at)."""
    found: list[_Found] = []
    other: list[tuple[Path, str]] = []
    entries = [p for p in sorted(root.iterdir()) if _visible(p)]
    expected = f"expected the layout {LAYOUT_NAMES[layout]}"

    def add(path: Path, item: _Found | None) -> None:
        if _is_stamp(path):
            return
        if path.suffix.lower() == ".zip":
            other.append((path, "a zip archive: unzip it and grade the folder it holds"))
        elif path.suffix.lower() not in NOTEBOOK_SUFFIXES:
            other.append((path, f"not a notebook (.ipynb) or a jupytext .py ({expected})"))
        elif item is None:
            other.append((path, f"its place says no student ({expected})"))
        else:
            found.append(item)

    for entry in entries:
        if layout in ("ours", "nbgrader"):
            if entry.is_file():
                add(entry, None)
                continue
            for path in _walk(entry):
                rel = path.relative_to(entry).parts
                hint = name_match(rel[0], ids) if len(rel) > 1 else None
                add(path, _Found(path, entry.name, path.stem, hint=hint, stamps=_stamps(path)))
        elif layout == "by-assignment":
            if entry.is_file():
                add(entry, None)
                continue
            for path in _walk(entry):
                rel = path.relative_to(entry).parts
                student = path.stem if len(rel) == 1 else rel[0]
                add(path, _Found(path, student, "", hint=name_match(entry.name, ids), stamps=_stamps(path)))
        elif layout == "canvas":
            for path in _walk(entry) if entry.is_dir() else [entry]:
                add(path, _canvas(path))
        elif layout == "moodle":
            m = MOODLE_DIR.match(entry.name) if entry.is_dir() else MOODLE_FILE.match(entry.name)
            for path in _walk(entry) if entry.is_dir() else [entry]:
                if m is None or (entry.is_dir() and m["plugin"] != "file"):
                    add(path, None)
                    continue
                name = path.name if entry.is_dir() else m["file"]
                add(path, _Found(path, _moodle_name(m["name"]), name, person=_moodle_name(m["name"]),
                                 stamps=_stamps(path), uid=m["id"]))
        elif layout == "one-assignment":
            for path in _walk(entry) if entry.is_dir() else [entry]:
                student = path.stem if entry.is_file() else entry.name
                add(path, _Found(path, student, "", hint=name_match(root.name, ids), stamps=_stamps(path)))
        else:  # one student's folder
            for path in _walk(entry) if entry.is_dir() else [entry]:
                add(path, _Found(path, root.name, path.stem, stamps=_stamps(path)))
    return found, other


def _one_file(path: Path, ids: list[str]) -> _Found:
    """``coursekit grade FILE``: the student as the file's place says (see the module doc)."""
    canvas = _canvas(path)
    if canvas is not None:
        return canvas
    moodle = MOODLE_DIR.match(path.parent.name)
    if moodle is not None:
        return _Found(path, _moodle_name(moodle["name"]), path.name, person=_moodle_name(moodle["name"]),
                      stamps=_stamps(path))
    parent = path.parent.resolve()
    if name_match(parent.name, ids) and not name_match(path.stem, ids):
        if parent.parent.parent.name == "submitted":     # nbgrader: submitted/<student>/<assignment>/
            return _Found(path, parent.parent.name, path.stem, hint=name_match(parent.name, ids),
                          stamps=_stamps(path))
        return _Found(path, path.stem, "", hint=name_match(parent.name, ids), stamps=_stamps(path))
    return _Found(path, parent.name, path.stem, stamps=_stamps(path))


# --------------------------------------------------------------------------- the class

@dataclass
class _Candidate:
    found: _Found
    data: bytes
    notebook: Any
    problem: str | None
    assignment: str | None
    how: str


def _read(found: _Found) -> tuple[bytes, Any, str | None]:
    try:
        data = found.path.read_bytes()
    except OSError as exc:
        return b"", None, f"the file could not be read ({exc.strerror or exc})"
    try:
        return data, parse_submission(data, found.path.suffix), None
    except SubmissionError as exc:
        return data, None, str(exc)


def _timestamp(found: _Found, assignment: str) -> tuple[str | None, str]:
    for stamp in (found.path.with_name(f"{assignment}.timestamp.txt"), *found.stamps):
        if stamp.is_file():
            return stamp.read_text(encoding="utf-8", errors="replace"), str(stamp)
    return None, ""


def _pick(candidates: list[_Candidate], sig: Signature | None) -> tuple[_Candidate, str | None]:
    """The candidate with the most work in it, and a sentence saying why (None for one candidate)."""
    if len(candidates) == 1:
        return candidates[0], None

    def rank(c: _Candidate) -> tuple:
        work = work_in(c.notebook, sig) if sig else (0, 0)
        mtime = c.found.path.stat().st_mtime if c.found.path.exists() else 0.0
        return (*work, mtime)

    ranked = sorted(candidates, key=rank, reverse=True)
    n = len(sig.functions) if sig else 0

    def describe(c: _Candidate) -> str:
        written, _ = work_in(c.notebook, sig) if sig else (0, 0)
        what = "unreadable" if written < 0 else f"{written} of {n} functions written" + (
            ": the release as handed out" if written == 0 else "")
        return f"`{c.found.path.name}` ({what})"
    others = "; ".join(describe(c) for c in ranked[1:])
    return ranked[0], (f"several files are this assignment's: graded {describe(ranked[0])}, the one with the "
                       f"most work in it (then the newest); not graded: {others}")


def find_submissions(course: Course, root: Path, assignment: str | None = None,
                     roster: list[Person] | None = None) -> Intake:
    """Every submission under ``root`` (a folder in any layout of the module doc, or one file)
    for the course's assignments (only ``assignment`` if given)."""
    if assignment is not None:
        course.assignment(assignment)  # raises for an unknown id
    root = Path(root)
    if not root.exists():
        near = [p.name for p in root.parent.iterdir() if p.is_dir()][:8] if root.parent.is_dir() else []
        raise SubmissionError(f"{root}: no such file or folder of submissions"
                              + (f" (in {root.parent}: {', '.join(near)})" if near else ""))
    ids = [a.id for a in course.config.assignments]
    intake = Intake()
    if root.is_file():
        intake.layout = LAYOUT_NAMES["one-file"]
        found, other = [_one_file(root, ids)], []
        if root.suffix.lower() not in NOTEBOOK_SUFFIXES:
            found, other = [], [(root, "not a notebook (.ipynb) or a jupytext .py")]
    else:
        if (root / "submitted").is_dir():
            root = root / "submitted"
        try:
            layout = _layout(root, ids)
            found, other = _discover(root, layout, ids)
        except OSError as exc:
            raise SubmissionError(f"{root}: cannot read the folder ({exc.strerror or exc})") from None
        intake.layout = LAYOUT_NAMES[layout]
    intake.ignored.extend(other)

    signatures = release_signatures(course, ids)
    _keep_namesakes_apart(found)
    groups: dict[tuple[str, str], list[_Candidate]] = {}
    students: set[str] = set()
    for item in found:
        data, nb, problem = _read(item)
        got, how = identify(nb, item.name, item.hint, signatures, ids)
        if got is None and assignment is not None and problem is not None:
            got, how = assignment, ""
        if roster is not None:
            person = match_person(roster, item.student, item.lms_id, item.person)
            if person is not None:
                item.student = person.student
            elif item.student not in intake.not_on_roster:
                intake.not_on_roster.append(item.student)
        students.add(item.student)
        if got is None:
            if problem is not None:
                intake.unreadable.append((item.path, problem))
            else:
                expected = f"{assignment}.ipynb" if assignment else "<assignment id>.ipynb, e.g. " + ids[0] + ".ipynb"
                intake.ignored.append((item.path, "not recognised as an assignment of this course: its name "
                                       f"says none (expected {expected}) and its content has none of the "
                                       "release's cells"))
            intake.unplaced.setdefault(item.student, []).append(
                f"`{item.path.name}` ({'unreadable: ' + problem if problem else 'not recognised as an assignment'})")
            continue
        if assignment is not None and got != assignment:
            continue
        groups.setdefault((item.student, got), []).append(_Candidate(item, data, nb, problem, got, how))
    intake.students = len(students)

    for (student, assignment_id), candidates in sorted(groups.items()):
        chosen, why = _pick(candidates, signatures.get(assignment_id))
        notes = [n for n in (chosen.how, why) if n]
        if student in intake.not_on_roster:
            notes.append(f"`{student}` is not on the class roster: graded, and flagged for the TA")
        stamp, stamp_name = _timestamp(chosen.found, assignment_id)
        if chosen.found.late and stamp is not None:
            notes.append(f"Canvas marked this submission LATE; the late policy uses its time from "
                         f"`{Path(stamp_name).name}`")
        elif chosen.found.late:
            notes.append("Canvas marked this submission LATE; its file holds no submission time, so no late "
                         "penalty was applied here: to apply the late policy, write its time from Canvas (e.g. "
                         f"2027-02-20 10:00:00 UTC) to `{chosen.found.path.stem}.timestamp.txt` beside it and "
                         "grade again")
        for note in notes:
            intake.notes.append(f"{student}/{assignment_id}: {note}")
        intake.submissions.append(Submission(student, assignment_id, chosen.found.path, chosen.data, stamp,
                                             tuple(notes), stamp_name, chosen.notebook, chosen.problem))
    return intake


def _keep_namesakes_apart(found: list[_Found]) -> None:
    """Two LMS users with one name (Canvas's "lastfirst", Moodle's full name, or Moodle's
    "Participant" under blind marking) keep apart as <name>_<the LMS's number>."""
    users: dict[str, set[str]] = {}
    for item in found:
        if item.uid:
            users.setdefault(item.student, set()).add(item.uid)
    for item in found:
        if item.uid and len(users.get(item.student, ())) > 1:
            item.student = f"{item.student}_{item.uid}"


def make_job(sub: Submission, release_nb: NotebookNode) -> GradingJob:
    """The grading job of a submission; raise SubmissionError (for the student) when unreadable."""
    if sub.problem is not None:
        raise SubmissionError(sub.problem)
    student_nb = sub.notebook if sub.notebook is not None else parse_submission(sub.data, sub.path.suffix)
    extraction = extract_grading_cells(release_nb, student_nb)
    return GradingJob(sub.assignment, sub.student, tuple(extraction.cells), tuple(extraction.warnings))
