"""Pure notebook transforms: roles of cells, the release, the reference module, and the
cells the grader runs. No function here mutates its input or touches the file system.

Cell roles (from nbgrader's metadata, plus the tag ``setup``):
- setup:    locked code cell tagged ``setup``: imports and given helpers; the grader runs
            the release's copy, never the student's.
- solution: code cell with ``nbgrader.solution: true``; its ``grade_id`` is the name of
            the graded function it defines.
- test:     code cell with ``nbgrader.grade: true``; visible tests, ``grade_id`` is
            ``test_<function>``.
- other:    markdown, experiments, plots: never run by the grader.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import MarkerError, NotebookError, SubmissionError
from .markers import find_regions, strip_marker_lines

# nbformat is imported where it is used: it takes seconds to import (jsonschema), and the
# grading shards and workers never need it.
NotebookNode = Any  # for annotations: nbformat.NotebookNode (a dict with attribute access)

SETUP_TAG = "setup"


def nbgrader_meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def cell_role(cell: NotebookNode) -> str:
    """One of "setup", "solution", "test", "other"."""
    if cell.get("cell_type") != "code":
        return "other"
    meta = nbgrader_meta(cell)
    if meta.get("solution"):
        return "solution"
    if meta.get("grade"):
        return "test"
    if SETUP_TAG in cell.get("metadata", {}).get("tags", []):
        return "setup"
    return "other"


def grade_id(cell: NotebookNode) -> str:
    """The cell's nbgrader grade_id, or "" when it has none."""
    return str(nbgrader_meta(cell).get("grade_id") or "")


def check_source_notebook(nb: NotebookNode) -> None:
    """Raise MarkerError or NotebookError when the source notebook breaks the format (every
    nbgrader metadata problem at once, one per line, each naming the cell and the field)."""
    from .metadata import metadata_problems
    problems = metadata_problems(nb)
    if problems:
        raise NotebookError("\n".join(problems))
    seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        regions = find_regions(cell.source, index)
        role = cell_role(cell)
        gid = grade_id(cell)
        if any(r.kind == "SOLUTION" for r in regions) and role != "solution":
            raise NotebookError(f"cell {index}: a SOLUTION region outside a solution cell "
                                "(set nbgrader metadata solution: true)")
        if role in ("solution", "test", "setup") and not gid:
            raise NotebookError(f"cell {index}: a {role} cell needs an nbgrader grade_id")
        if gid:
            if gid in seen:
                raise NotebookError(f"cell {index}: grade_id {gid!r} is already used by cell {seen[gid]}")
            seen[gid] = index
        if role == "solution" and cell.cell_type == "code" and not re.search(rf"^def {re.escape(gid)}\(",
                                                                              cell.source, re.M):
            raise NotebookError(f"cell {index}: solution cell {gid!r} must define a function named {gid}")
        if role == "setup" and not nbgrader_meta(cell).get("locked"):
            raise NotebookError(f"cell {index}: setup cell {gid!r} must be locked (nbgrader locked: true)")


def graded_functions(nb: NotebookNode) -> list[str]:
    """The grade_ids of the solution cells, in notebook order: the graded functions."""
    return [grade_id(c) for c in nb.cells if cell_role(c) == "solution"]


def make_release(source_nb: NotebookNode) -> NotebookNode:
    """The student notebook: solutions stubbed, hidden tests removed, outputs cleared,
    cells locked and checksummed, by nbgrader's own preprocessors (on a copy)."""
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
        ComputeChecksums,
        LockCells,
    )
    check_source_notebook(source_nb)
    nb = copy.deepcopy(source_nb)
    resources: dict = {}
    for preprocessor in (LockCells(), ClearSolutions(), ClearOutput(), ClearHiddenTests(),
                         ClearMarkScheme(), ComputeChecksums(), CheckCellMetadata()):
        nb, resources = preprocessor.preprocess(nb, resources)
    return nb


def replace_solution_cells(nb: NotebookNode, sources: dict[str, str]) -> NotebookNode:
    """A copy of ``nb`` whose solution cells named in ``sources`` (grade_id -> source) hold that
    source instead: how mutants, the demo's simulated students and the tests write a notebook."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell_role(cell) == "solution" and grade_id(cell) in sources:
            cell.source = sources[grade_id(cell)]
    return nb


def make_reference_notebook(source_nb: NotebookNode) -> NotebookNode:
    """What a student who wrote the reference solution submits: markers removed."""
    nb = copy.deepcopy(source_nb)
    for index, cell in enumerate(nb.cells):
        cell.source = strip_marker_lines(cell.source, index)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def make_solution_module(source_nb: NotebookNode, assignment_id: str) -> str:
    """solutions/<id>.py: the setup cells and the solution cells, markers removed."""
    check_source_notebook(source_nb)
    parts = [f'"""Reference solution of {assignment_id}.\n\n'
             f"Generated by `coursekit build` from source/{assignment_id}/{assignment_id}.ipynb: "
             'do not edit; edit the source notebook and rebuild.\n"""\n']
    for index, cell in enumerate(source_nb.cells):
        role = cell_role(cell)
        if role in ("setup", "solution"):
            body = strip_marker_lines(cell.source, index).strip("\n")
            parts.append(f"\n# --- {role} cell {grade_id(cell)} ---\n{body}\n")
    return "".join(parts)


@dataclass(frozen=True)
class GradingCell:
    grade_id: str
    role: str            # "setup" or "solution"
    source: str


@dataclass(frozen=True)
class Extraction:
    cells: list[GradingCell]
    warnings: list[str] = field(default_factory=list)


_MAGIC = re.compile(r"^\s*[%!]")


def _comment_out_magics(source: str) -> tuple[str, list[str]]:
    """IPython magics and shell escapes do not run in the grader: comment them out."""
    found, lines = [], []
    for line in source.split("\n"):
        if _MAGIC.match(line):
            found.append(line.strip())
            lines.append("# (not run by the grader) " + line)
        else:
            lines.append(line)
    return "\n".join(lines), found


def extract_grading_cells(release_nb: NotebookNode, student_nb: NotebookNode) -> Extraction:
    """The code the grader runs, in release order: the release's setup cells, and for each
    solution cell of the release the student's cell with the same grade_id. Nothing else of
    the student's notebook is taken, whatever its metadata says."""
    student_cells: dict[str, str] = {}
    duplicated: set[str] = set()
    for cell in student_nb.get("cells", []):
        gid = grade_id(cell) if isinstance(cell, dict) else None
        if not gid or cell.get("cell_type") != "code":
            continue
        if gid in student_cells:
            duplicated.add(gid)
            continue
        source = cell.get("source", "")
        student_cells[gid] = "".join(source) if isinstance(source, list) else str(source)
    cells, warnings = [], []
    for gid in sorted(duplicated):
        warnings.append(f"your notebook has more than one cell with grade_id {gid!r}: the first one was graded")
    for cell in release_nb.cells:
        role = cell_role(cell)
        if role == "setup":
            cells.append(GradingCell(grade_id(cell), "setup", cell.source))
        elif role == "solution":
            gid = grade_id(cell)
            if gid not in student_cells:
                warnings.append(f"the solution cell {gid!r} is missing from your notebook: "
                                "copy it back from the release and put your code in it")
                continue
            source, magics = _comment_out_magics(student_cells[gid])
            if magics:
                warnings.append(f"cell {gid!r}: the grader does not run IPython magics or shell "
                                f"commands ({', '.join(magics)[:120]}); they were skipped")
            cells.append(GradingCell(gid, "solution", source))
    return Extraction(cells, warnings)


def read_notebook_text(text: str) -> NotebookNode:
    """Parse a submitted notebook (any nbformat version) into version 4; raise
    SubmissionError with a message a student can act on."""
    if not text.strip():
        raise SubmissionError("the notebook file is empty: save your notebook in JupyterLab and submit it again")
    if "\x00" in text:
        raise SubmissionError("the notebook file contains null bytes, so it is not a notebook: "
                              "submit the .ipynb file that JupyterLab saves")
    import nbformat
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several kinds; each is the student's broken file
        raise SubmissionError(f"the file is not a readable notebook ({type(exc).__name__}: {str(exc)[:200]}); "
                              "was it saved completely? Re-download the release and copy your code into it") from None
    if not isinstance(nb.get("cells"), list):
        raise SubmissionError("the notebook has no cells")
    return nb


__all__ = ["MarkerError", "NotebookError", "cell_role", "grade_id", "make_release",
           "make_reference_notebook", "make_solution_module", "extract_grading_cells",
           "read_notebook_text", "SubmissionError", "GradingCell", "Extraction", "graded_functions",
           "check_source_notebook", "replace_solution_cells"]
