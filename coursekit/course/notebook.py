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
import json
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
    role: str            # "setup", "extra" (a student's cell that only defines things) or "solution"
    source: str


@dataclass(frozen=True)
class Extraction:
    cells: list[GradingCell]
    warnings: list[str] = field(default_factory=list)


def _text(cell: NotebookNode) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _same(a: str, b: str) -> bool:
    """Equal but for trailing spaces and blank lines (what editors and round trips change)."""
    norm = lambda s: "\n".join(line.rstrip() for line in s.strip().splitlines())  # noqa: E731
    return norm(a) == norm(b)


def _where(index: int, source: str) -> str:
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"cell {index + 1} (`{first[:60]}`)"


def extract_grading_cells(release_nb: NotebookNode, student_nb: NotebookNode) -> Extraction:
    """The code the grader runs, in this order:

    1. the release's setup cells (never the student's copy);
    2. the student's other code cells that only define things (``cellcode``: helpers, imports,
       constants), in notebook order; cells equal to a cell of the release are not the
       student's and do not run;
    3. the release's setup cells again, when a cell of step 2 binds one of their names, so
       that the setup's names are always the release's;
    4. for each graded function, in release order: the student's cell(s) with its grade_id
       (split cells with one grade_id run as one cell, in notebook order); where there is none,
       or it is still the release's template, or it does not define the function, the last
       other cell with ``def <function>`` (only its definitions, if it also has side effects).

    Nothing else of the student's notebook runs; every step beyond the grade_id cells is
    said in the warnings."""
    from .cellcode import analyse_cell, imported_modules

    release_code = [c for c in release_nb.cells if c.get("cell_type") == "code"]
    setup = [c for c in release_code if cell_role(c) == "setup"]
    templates = {grade_id(c): c.source for c in release_code if cell_role(c) == "solution"}
    release_ids = {grade_id(c) for c in release_nb.cells if grade_id(c)}
    release_sources = [c.source for c in release_code if c.source.strip()]
    student = [(i, c, grade_id(c) if isinstance(c, dict) else "", _text(c) if isinstance(c, dict) else "")
               for i, c in enumerate(student_nb.get("cells", []))
               if isinstance(c, dict) and c.get("cell_type") == "code"]
    modules = imported_modules([c.source for c in setup] + [s for *_, s in student])
    setup_names = {n for c in setup for n in analyse_cell(c.source, modules).defines}

    by_gid: dict[str, list[tuple[int, str]]] = {}
    others = []   # (index, CellCode): cells without a grade_id of the release
    for index, _cell, gid, source in student:
        if gid in templates:
            by_gid.setdefault(gid, []).append((index, source))
        elif gid not in release_ids and not any(_same(source, r) for r in release_sources):
            others.append((index, analyse_cell(source, modules)))

    warnings: list[str] = []
    solutions: list[GradingCell] = []
    found_in: set[int] = set()
    found: dict[str, list[str]] = {}   # why -> where each function was found by its def
    for gid, template in templates.items():
        own = by_gid.get(gid, [])
        if len(own) > 1:
            warnings.append(f"your notebook has more than one cell with grade_id {gid!r} (as JupyterLab's "
                            f"Split Cell makes): cells {', '.join(str(i + 1) for i, _ in own)} were run as one "
                            "cell, in notebook order")
        joined = analyse_cell("\n".join(s for _, s in own), modules) if own else None
        untouched = bool(own) and all(_same(s, template) for _, s in own)
        by_def = [(i, code) for i, code in others if code.defines_function(gid)]
        if by_def and (joined is None or untouched or not joined.defines_function(gid)):
            index, code = by_def[-1]
            found_in.add(index)
            why = ("no cell of your notebook has its grade_id" if joined is None else
                   f"your cell with grade_id {gid!r} is still the release's template" if untouched else
                   f"your cell with grade_id {gid!r} does not define it")
            ran = "" if code.only_defines or not code.parses else \
                " (only its definitions ran, not " + "; ".join(f"line {n}: `{t}`" for n, t in code.effects[:3]) + ")"
            found.setdefault(why, []).append(f"`{gid}` in {_where(index, code.source)}{ran}")
            if joined is not None and not untouched:
                solutions.append(GradingCell(gid, "solution", joined.source))
            source = code.source if code.only_defines or not code.parses else code.definitions_source()
            solutions.append(GradingCell(gid, "solution", source))
            continue
        if joined is None:
            hosts = [g for g, cells in by_gid.items() if g != gid and
                     analyse_cell("\n".join(s for _, s in cells), modules).defines_function(gid)]
            if hosts:
                warnings.append(f"`{gid}` has no cell of its own (grade_id {gid!r}); it was graded as your "
                                f"cell with grade_id {hosts[0]!r} defines it")
            else:
                warnings.append(f"the solution cell {gid!r} is missing from your notebook: "
                                "copy it back from the release and put your code in it")
            continue
        if joined.magics:
            warnings.append(f"cell {gid!r}: the grader does not run IPython magics or shell "
                            f"commands ({', '.join(joined.magics)[:120]}); they were skipped")
        solutions.append(GradingCell(gid, "solution", joined.source))

    for why, places in found.items():
        warnings.append(f"found by its `def` ({why}): " + "; ".join(places))
    extras: list[GradingCell] = []
    rebinds: set[str] = set()
    for index, code in others:
        if index in found_in:
            continue
        if code.only_defines:
            extras.append(GradingCell(f"#{index + 1}", "extra", code.source))
            rebinds.update(set(code.defines) & setup_names)
        elif code.parses and code.functions:
            warnings.append(f"{_where(index, code.source)} defines {', '.join(f'`{f}`' for f in code.functions)} "
                            "but was not run: it also has top-level code with side effects ("
                            + "; ".join(f"line {n}: `{t}`" for n, t in code.effects[:3])
                            + "). The grader runs only cells that define things: move the rest to another cell")
    if extras:
        warnings.append("besides your solution cells, the grader ran these cells of yours, which only define "
                        "things: " + "; ".join(f"{_where(int(c.grade_id[1:]) - 1, c.source)}" for c in extras))
    if rebinds:
        warnings.append(f"your cells redefine {', '.join(f'`{n}`' for n in sorted(rebinds))} from the release's "
                        "setup cells: the release's setup cells were run again after them, so its versions count")
    setup_cells = [GradingCell(grade_id(c), "setup", c.source) for c in setup]
    cells = setup_cells + extras + (setup_cells if rebinds else []) + solutions
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
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("nbformat") == 4 and isinstance(data.get("cells"), list):
        # the usual case: already version 4. nbformat.reads would also validate it against the
        # schema (several ms a notebook) only to log what it finds; the grader reads cells defensively.
        from nbformat.v4.rwbase import rejoin_lines
        return rejoin_lines(nbformat.from_dict(data))  # sources saved as lists of lines become strings
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
