"""otter-grader master notebook: ``coursekit export otter ID --out DIR``.

``DIR/ID.ipynb``, an otter-assign master notebook (otter-grader 7's format, checked
against its documentation "Notebook Format" and its source ``otter/assign/blocks.py``,
``tests_manager.py``, ``solutions.py``): a raw ``# ASSIGNMENT CONFIG`` YAML cell first;
per graded function a question ``# BEGIN QUESTION`` (``name``, ``points``) containing a
``# BEGIN SOLUTION`` block with the solution cell (nbgrader's ``### BEGIN SOLUTION``
markers rewritten to otter's ``# BEGIN SOLUTION``, which otter replaces by ``...``) and a
``# BEGIN TESTS`` block with the visible test cell as an exception-based test (``tests:
ok_format: false``: the cell becomes ``def test_<f>(<names it reads>)``, whose
parameters otter fills from the notebook's globals; the cells print, which doctest-style
tests would take as expected output). Every other cell is kept in order. Only the
visible tests are exported: our hidden tests need coursekit's grading boundary.
"""
from __future__ import annotations

import argparse
import builtins
import copy
import re
import symtable
import textwrap
from pathlib import Path

import yaml

from ..course.config import Course
from ..errors import ExportError
from ..outputs.atomic import write_atomic
from .base import Exporter

OTTER_IGNORE_TAG = "otter_ignore"  # otter/execute/preprocessor.py: such cells are not run when grading
_OTTER_IGNORE = re.compile(r"(##\s*ignore\s*##\s*|#\s*ignore\s*)", re.IGNORECASE)  # otter's is_ignore_cell


def _raw(text: str):
    import nbformat
    return nbformat.v4.new_raw_cell(text)


def _otter_solution(source: str) -> str:
    """nbgrader's solution markers as otter's: ``# BEGIN SOLUTION`` / ``# END SOLUTION`` lines
    at the same indentation (otter does not read ``### BEGIN SOLUTION`` as a begin marker
    but does read ``### END SOLUTION`` as an end, and would fail)."""
    from ..course.markers import find_regions
    lines = source.split("\n")
    for region in find_regions(source):
        if region.kind != "SOLUTION":
            continue
        for index, word in ((region.begin, "BEGIN"), (region.end, "END")):
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            lines[index] = f"{indent}# {word} SOLUTION"
    return "\n".join(lines)


def _global_names(source: str) -> list[str]:
    """The names a test cell reads from the notebook (not assigned in it, not builtins)."""
    wrapped = "def __cell__():\n" + textwrap.indent(source, "    ")
    table = symtable.symtable(wrapped, "<test cell>", "exec")
    names: set[str] = set()
    stack = list(table.get_children())
    while stack:
        scope = stack.pop()
        names |= {s.get_name() for s in scope.get_symbols() if s.is_global() and s.is_referenced()}
        stack += scope.get_children()
    return sorted(n for n in names if not hasattr(builtins, n))


def otter_test_source(function: str, source: str) -> str:
    """A visible test cell as an otter exception-based test: a function of the names it reads."""
    params = ", ".join(_global_names(source))
    return f"def test_{function}({params}):\n" + textwrap.indent(source.strip("\n"), "    ") + "\n"


def otter_master_notebook(course: Course, assignment_id: str):
    """The otter-assign master notebook of an assignment (see the module doc)."""
    import nbformat

    from ..course.build import read_source
    from ..course.markers import has_region
    from ..course.notebook import cell_role, check_source_notebook, grade_id, nbgrader_meta
    from ..course.points import points_by_function
    asg = course.assignment(assignment_id)
    source_nb = read_source(course, assignment_id)
    check_source_notebook(source_nb)
    hidden_points = points_by_function(course.autograder_dir(assignment_id))
    tests = {grade_id(c).removeprefix("test_"): c for c in source_nb.cells if cell_role(c) == "test"}
    # No `name`: otter would then refuse any notebook without otter's assignment-name metadata,
    # such as coursekit's own release, which otter grades as well.
    config = {"init_cell": True, "check_all_cell": False, "export_cell": False,
              "run_tests": True, "solutions_pdf": False, "generate": {"pdf": False, "show_stdout": True},
              "tests": {"files": False, "ok_format": False}}
    cells = [_raw("# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False).rstrip("\n"))]
    for cell in source_nb.cells:
        role, function = cell_role(cell), grade_id(cell)
        if role == "test":
            continue  # it goes into its function's question
        cell = copy.deepcopy(cell)
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if _OTTER_IGNORE.match(cell.source.split("\n", 1)[0]):
            cell.source = "\n" + cell.source  # otter would drop a cell whose first line says "# ignore"
        if role != "solution":
            if role == "other" and cell.cell_type == "code":
                # coursekit's grader runs only the setup and solution cells; otter skips cells
                # tagged otter_ignore when it grades, so experiments and plots do not run there either
                cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {OTTER_IGNORE_TAG})
            cells.append(cell)
            continue
        test = tests.get(function)
        points = hidden_points.get(function, float(nbgrader_meta(test).get("points", 1)) if test else 1.0)
        points = int(points) if float(points).is_integer() else points
        cell.source = _otter_solution(cell.source)
        cells += [_raw("# BEGIN QUESTION\n" + yaml.safe_dump({"name": function, "points": points},
                                                               sort_keys=False).rstrip("\n")),
                  _raw("# BEGIN SOLUTION"), cell, _raw("# END SOLUTION")]
        if test is not None:
            if has_region(test.source, "HIDDEN TESTS"):
                raise ExportError(f"{course.source_notebook(assignment_id)}: cell {grade_id(test)} has hidden "
                                 "test regions, which the otter export does not translate")
            cells += [_raw("# BEGIN TESTS"), nbformat.v4.new_code_cell(otter_test_source(function, test.source)),
                      _raw("# END TESTS")]
        cells.append(_raw("# END QUESTION"))
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(source_nb.metadata))
    nb.metadata.pop("nbgrader", None)
    nb.metadata["coursekit"] = {"assignment": assignment_id, "title": asg.title,
                                "exported": "coursekit export otter"}
    return nb


def write_otter(course: Course, assignment_id: str, out_dir: Path) -> Path:
    """Write ``out_dir/<id>.ipynb``, the master notebook for ``otter assign``."""
    from ..course.build import notebook_text
    return write_atomic(Path(out_dir) / f"{assignment_id}.ipynb",
                        notebook_text(otter_master_notebook(course, assignment_id)))




class OtterExporter(Exporter):
    name = "otter"
    help = "an otter-assign master notebook"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("id", help="the assignment id")
        parser.add_argument("--out", type=Path, default=None, help="the folder to write (default: otter_ID/)")

    def run(self, course: Course, args: argparse.Namespace) -> list[str]:
        path = write_otter(course, args.id, args.out or Path(f"otter_{args.id}"))
        return [f"otter: {path} (then: otter assign {path} DIST)"]
