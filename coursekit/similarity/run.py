"""``coursekit similarity``: read a class as ``grade`` does, compare, write the HTML and CSV."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..course.config import Course
from ..course.notebook import (
    NotebookNode,
    cell_role,
    extract_grading_cells,
    grade_id,
    make_reference_notebook,
    read_notebook_text,
)
from ..errors import SubmissionError
from ..grading.intake import Submission, find_submissions, make_job
from .analysis import REFERENCE, Document, Normaliser, Similarity, analyse
from .report import TOP, write_csv, write_html


@dataclass(frozen=True)
class Written:
    assignment: str
    html: Path
    csv: Path
    similarity: Similarity
    seconds: float


def compared_cells(cells) -> list[tuple[str, str]]:
    """The (grade_id, source) of the cells a student wrote: every graded cell but the release's setup."""
    return [(c.grade_id, c.source) for c in cells if c.role != "setup"]


def _release_parts(release_nb: NotebookNode) -> tuple[list[str], list[str], list[str]]:
    """(setup cell sources, graded function names, solution stub sources) of the release."""
    setup = [c.source for c in release_nb.cells if cell_role(c) == "setup"]
    solutions = [c for c in release_nb.cells if cell_role(c) == "solution"]
    return setup, [grade_id(c) for c in solutions], [c.source for c in solutions]


def reference_cells(course: Course, assignment: str, release_nb: NotebookNode) -> list[tuple[str, str]]:
    """The reference solution's cells, taken from the source notebook as a student's would be;
    solutions/<id>.py when the source is not there; [] when neither is."""
    source = course.source_notebook(assignment)
    if source.is_file():
        reference = make_reference_notebook(read_notebook_text(source.read_text(encoding="utf-8")))
        return compared_cells(extract_grading_cells(release_nb, reference).cells)
    module = course.solution_module(assignment)
    return [("solutions", module.read_text(encoding="utf-8"))] if module.is_file() else []


def similarity_of(course: Course, assignment: str, submissions: list[Submission], min_score: float = 0.0) -> Similarity:
    """Read each submission with intake (as ``grade`` does) and compare them all."""
    release_nb = read_notebook_text(course.release_notebook(assignment).read_text(encoding="utf-8"))
    setup, graded, stubs = _release_parts(release_nb)
    normaliser = Normaliser(setup, graded, stubs)
    documents: list[Document] = []
    not_compared: list[tuple[str, str]] = []
    for sub in sorted(submissions, key=lambda s: s.student):
        try:
            job = make_job(sub, release_nb)
        except SubmissionError as exc:
            not_compared.append((sub.student, str(exc)))
            continue
        documents.append(normaliser.document(sub.student, compared_cells(job.cells)))
    ref_cells = reference_cells(course, assignment, release_nb)
    reference = normaliser.document(REFERENCE, ref_cells) if ref_cells else None
    return analyse(assignment, normaliser, documents, reference, not_compared, min_score)


def similarity_dir(course: Course, output: Path | None) -> Path:
    return (Path(output) if output is not None else course.path("output")) / "similarity"


def run_similarity(course: Course, submissions_dir: Path, assignment: str | None = None,
                   output: Path | None = None, top: int = TOP, min_score: float = 0.0) -> list[Written]:
    """similarity/<id>.html and similarity/<id>.csv under ``output`` (default: course.yml's
    paths.output) for each assignment with submissions (only ``assignment`` if given); pairs
    scoring below ``min_score`` are left out (a large class has n(n-1)/2 pairs)."""
    intake = find_submissions(course, Path(submissions_dir), assignment)
    by_assignment: dict[str, list[Submission]] = {}
    for sub in intake.submissions:
        by_assignment.setdefault(sub.assignment, []).append(sub)
    if not by_assignment:
        raise SubmissionError(f"{submissions_dir}: no submissions of "
                              f"{assignment or 'any assignment of this course'} to compare")
    folder = similarity_dir(course, output)
    written = []
    for a in course.config.assignments:
        if a.id not in by_assignment:
            continue
        start = time.perf_counter()
        result = similarity_of(course, a.id, by_assignment[a.id], min_score)
        csv_path = write_csv(folder / f"{a.id}.csv", result, top)
        html_path = write_html(folder / f"{a.id}.html", result, a.title, top)
        written.append(Written(a.id, html_path, csv_path, result, time.perf_counter() - start))
    return written
