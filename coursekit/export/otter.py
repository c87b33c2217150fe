"""otter-grader master notebook: ``coursekit export otter ID --out DIR [--verify]``.

``DIR/ID.ipynb``, an otter-assign master notebook (otter-grader 7's format, checked
against its documentation "Notebook Format" and its source ``otter/assign/blocks.py``,
``tests_manager.py``, ``solutions.py``, ``otter/test_files/exception_test.py``): a raw
``# ASSIGNMENT CONFIG`` YAML cell first (its comments say what otter does not reproduce);
per graded function a question ``# BEGIN QUESTION`` (``name``, ``points``: the hidden tests'
points) containing a ``# BEGIN SOLUTION`` block with the solution cell (nbgrader's ``### BEGIN
SOLUTION`` markers rewritten to otter's ``# BEGIN SOLUTION``, which otter replaces by ``...``)
and a ``# BEGIN TESTS`` block of exception-based test cells (``tests: ok_format: false``):

- the visible test cell as ``def test_<f>(<names it reads>)``, whose parameters otter fills from
  the notebook's globals, worth 0 points (a ``# BEGIN TEST CONFIG`` block), so that students can
  run it with ``grader.check`` and it scores nothing, as in coursekit;
- each hidden test ``autograder/ID/test_<f>.py::<test>`` as an otter hidden test case worth its
  ``@pytest.mark.points``, ``def hidden_<test>(env): run_hidden_test(env, FILE, TEST)``.

``DIR/coursekit_otter_ID.py`` (``autograder_files``: in the autograder zip only) holds
otter_runtime.py with the hidden tests, their helpers, the reference solution, coursekit.expect
and the codec; its docstring says what it reproduces of coursekit's grading and what it cannot.
Every other cell is kept in order; code cells that coursekit never runs are tagged otter_ignore.
``otter_warnings`` lists what in the hidden tests the export cannot reproduce;
``coursekit.export.otter_verify`` runs otter on the reference, the template and every mutant
and compares the scores with coursekit's.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import copy
import json
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
RUNTIME = Path(__file__).with_name("otter_runtime.py")
HIDDEN_TEST_MESSAGE = "coursekit hidden test "  # + the test's name: each hidden case's failure_message
FIXTURES = ("student", "reference")
# what hidden tests may import of coursekit where otter grades: module -> names (None: any)
IMPORTABLE: dict[str, set[str] | None] = {"coursekit.expect": None, "coursekit.sandbox.codec": None,
                                          "coursekit.sandbox": {"StudentCodeError", "codec"},
                                          "coursekit.errors": {"StudentCodeError"}}

CONFIG_COMMENT = """\
# Exported by `coursekit export otter {id}`. Each coursekit hidden test is an otter hidden test
# case with its points (their code is in {support}, which otter assign puts in the
# autograder zip only); the visible tests are worth 0 points, as in coursekit.
# otter has no grading boundary: the student's notebook runs in the process that grades it, so
# its code can read the hidden tests and the reference solution (files beside it while it is
# graded), patch NumPy or the checks, and so forge its score; there is no sandbox and no memory
# or CPU limit; a call slower than {timeout:g} s fails (SIGALRM) but is not retried in a fresh
# worker. otter runs the whole notebook (except cells tagged otter_ignore) where coursekit runs
# only the setup and solution cells. `coursekit export otter {id} --verify` checks that otter
# gives coursekit's scores for the reference, the template and every mutant."""


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


def support_module(assignment_id: str) -> str:
    """The module name of the export's runtime (``coursekit_otter_<id>``, a file beside the notebook)."""
    return f"coursekit_otter_{assignment_id}"


def support_module_text(course: Course, assignment_id: str) -> str:
    """otter_runtime.py with the assignment's hidden tests, their helper modules, the reference
    solution, coursekit.expect, the codec and the aliasing report as SOURCES (byte-identical on rebuild)."""
    package = Path(__file__).resolve().parent.parent
    hidden = course.autograder_dir(assignment_id)
    solution = course.solution_module(assignment_id)
    if not solution.exists():
        raise ExportError(f"{solution}: missing; run `coursekit build {assignment_id}`")
    sources = {"reference": solution.read_text(encoding="utf-8"),
               "coursekit/expect.py": (package / "expect.py").read_text(encoding="utf-8"),
               "coursekit/sandbox/codec.py": (package / "sandbox" / "codec.py").read_text(encoding="utf-8"),
               "coursekit/sandbox/aliasing.py": (package / "sandbox" / "aliasing.py").read_text(encoding="utf-8")}
    sources.update({f"tests/{p.name}": p.read_text(encoding="utf-8") for p in sorted(hidden.glob("*.py"))})
    limits = course.config.limits
    settings = {"assignment": assignment_id, "call_timeout_s": limits.call_timeout_s,
                "max_result_mib": limits.max_result_mib}
    return (f"# Generated by `coursekit export otter {assignment_id}`: otter's autograder imports it to run\n"
            "# coursekit's hidden tests (otter assign copies it into the autograder zip only). Do not edit.\n"
            + RUNTIME.read_text(encoding="utf-8")
            + "\n\n# --------------------------------------------------------------------------- the export\n\n"
            + f"SETTINGS = {json.dumps(settings, sort_keys=True)}\n"
            + f"SOURCES = {json.dumps(sources, sort_keys=True, indent=1)}\n")


def _test_config(**config) -> str:
    """otter's per-test-case configuration block (tests_manager.BEGIN_TEST_CONFIG_REGEX)."""
    return '""" # BEGIN TEST CONFIG\n' + yaml.safe_dump(config, sort_keys=False) + '""" # END TEST CONFIG\n'


def hidden_test_source(assignment_id: str, test) -> str:
    """An otter hidden test case that runs the coursekit hidden test ``test`` (a HiddenTest)."""
    points = int(test.points) if float(test.points).is_integer() else test.points
    return (_test_config(points=points, hidden=True, failure_message=HIDDEN_TEST_MESSAGE + test.name)
            + f"def hidden_{test.name}(env):\n"
            + f"    from {support_module(assignment_id)} import run_hidden_test\n"
            + f"    run_hidden_test(env, {f'test_{test.function}.py'!r}, {test.name!r})\n")


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a chain of attributes on a name, else ''."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else ""


def _file_warnings(path: Path) -> list[str]:
    """What in one hidden test file the otter export cannot run as coursekit does."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: dict[str, int] = {}
    names_seen: set[str] = set()
    for node in ast.walk(tree):
        what = ""
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module, names = node.module, [a.name for a in node.names]
            if module == "pytest":
                what = f"from pytest import {', '.join(names)} (only pytest.mark.points runs)"
            elif module == "coursekit":
                bad = [f"coursekit.{n}" for n in names if f"coursekit.{n}" not in IMPORTABLE]
                what = f"imports {bad[0]}, which is not exported" if bad else ""
            elif module.startswith("coursekit."):
                allowed = IMPORTABLE.get(module, set())
                bad = [f"{module}.{n}" for n in names if allowed is not None and n not in allowed]
                what = f"imports {bad[0]}, which is not exported" if bad else ""
        elif isinstance(node, ast.Import):
            bad = [a.name for a in node.names if a.name.startswith("coursekit.") and a.name not in IMPORTABLE]
            what = f"imports {bad[0]}, which is not exported" if bad else ""
        elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Del):
            dotted = _dotted(node)
            if dotted.startswith("pytest.") and dotted.count(".") <= 2 and dotted not in ("pytest.mark",
                                                                                      "pytest.mark.points"):
                what = f"uses {dotted} (only pytest.mark.points runs)"
            elif dotted.startswith("student._"):
                what = f"uses {dotted}, a coursekit internal"
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            extra = [a.arg for a in node.args.args if a.arg not in (*FIXTURES, "self")]
            what = f"{node.name} takes the fixture {extra[0]} (only student and reference exist)" if extra else ""
            if node.name in names_seen:
                what = f"a second test named {node.name} (in a class): only the first one runs"
            names_seen.add(node.name)
        if what:
            found.setdefault(what, getattr(node, "lineno", 0))
    return [f"{path}:{line}: {what}" for what, line in sorted(found.items(), key=lambda item: item[1])]


def otter_warnings(course: Course, assignment_id: str) -> list[str]:
    """What the otter export cannot run as coursekit does, read from the hidden tests (empty: nothing)."""
    hidden = course.autograder_dir(assignment_id)
    problems = [f"{p}: fixtures and hooks in conftest.py are not exported" for p in sorted(hidden.glob("conftest.py"))]
    problems += [f"{d}: hidden tests in subfolders are not exported" for d in sorted(hidden.iterdir())
                 if d.is_dir() and d.name != "__pycache__" and any(d.rglob("*.py"))]
    for path in sorted(hidden.glob("*.py")):
        if path.name != "conftest.py":
            problems += _file_warnings(path)
    return problems


def otter_master_notebook(course: Course, assignment_id: str):
    """The otter-assign master notebook of an assignment (see the module doc)."""
    import nbformat

    from ..course.build import read_source
    from ..course.markers import has_region
    from ..course.notebook import cell_role, check_source_notebook, grade_id, nbgrader_meta
    from ..course.points import hidden_tests, points_by_function
    asg = course.assignment(assignment_id)
    source_nb = read_source(course, assignment_id)
    check_source_notebook(source_nb)
    hidden_points = points_by_function(course.autograder_dir(assignment_id))
    hidden = hidden_tests(course.autograder_dir(assignment_id))
    tests = {grade_id(c).removeprefix("test_"): c for c in source_nb.cells if cell_role(c) == "test"}
    # No `name`: otter would then refuse any notebook without otter's assignment-name metadata,
    # such as coursekit's own release, which otter grades as well.
    # show_hidden: students see each hidden test's result and message once grades are published,
    # as coursekit's feedback shows them
    config = {"init_cell": True, "check_all_cell": False, "export_cell": False, "run_tests": True,
              "solutions_pdf": False, "generate": {"pdf": False, "show_stdout": True, "show_hidden": True},
              "tests": {"files": False, "ok_format": False},
              # the hidden tests' runtime, in the autograder zip only; otter copies it beside the submission
              "autograder_files": [f"{support_module(assignment_id)}.py"]}
    comment = CONFIG_COMMENT.format(id=assignment_id, support=f"{support_module(assignment_id)}.py",
                                    timeout=course.config.limits.call_timeout_s)
    cells = [_raw("# ASSIGNMENT CONFIG\n" + comment + "\n" + yaml.safe_dump(config, sort_keys=False).rstrip("\n"))]
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
        own = [t for t in hidden if t.function == function]
        test_cells = [hidden_test_source(assignment_id, t) for t in own]
        if test is not None:
            if has_region(test.source, "HIDDEN TESTS"):
                raise ExportError(f"{course.source_notebook(assignment_id)}: cell {grade_id(test)} has hidden "
                                 "test regions, which the otter export does not translate")
            # worth 0 points when hidden tests grade the function (coursekit scores only those)
            test_cells.insert(0, (_test_config(points=0) if own else "") + otter_test_source(function, test.source))
        if test_cells:
            cells += [_raw("# BEGIN TESTS"), *map(nbformat.v4.new_code_cell, test_cells), _raw("# END TESTS")]
        cells.append(_raw("# END QUESTION"))
    source_ids = {c.get("id") for c in source_nb.cells}
    for index, cell in enumerate(cells):  # new cells get ids from their place: the same bytes on rebuild
        if cell.get("id") not in source_ids:
            cell["id"] = f"otter-{index}"
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(source_nb.metadata))
    nb.metadata.pop("nbgrader", None)
    nb.metadata["coursekit"] = {"assignment": assignment_id, "title": asg.title,
                                "exported": "coursekit export otter"}
    return nb


def write_otter(course: Course, assignment_id: str, out_dir: Path) -> Path:
    """Write ``out_dir/<id>.ipynb``, the master notebook for ``otter assign``, and beside it
    ``coursekit_otter_<id>.py``, the hidden tests' runtime; returns the notebook's path."""
    from ..course.build import notebook_text
    nb = otter_master_notebook(course, assignment_id)
    write_atomic(Path(out_dir) / f"{support_module(assignment_id)}.py", support_module_text(course, assignment_id))
    return write_atomic(Path(out_dir) / f"{assignment_id}.ipynb", notebook_text(nb))


class OtterExporter(Exporter):
    name = "otter"
    help = "an otter-assign master notebook"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("id", help="the assignment id")
        parser.add_argument("--out", type=Path, default=None, help="the folder to write (default: otter_ID/)")
        parser.add_argument("--verify", action="store_true",
                            help="grade the reference, the template and every mutant with otter and with "
                                 "coursekit, and fail unless the scores agree (needs otter-grader; minutes)")

    def run(self, course: Course, args: argparse.Namespace) -> list[str]:
        path = write_otter(course, args.id, args.out or Path(f"otter_{args.id}"))
        lines = [f"otter: {path} (then: otter assign {path} DIST)",
                 "otter: otter grades without coursekit's grading boundary (the student's code runs beside the "
                 "hidden tests); see the notebook's ASSIGNMENT CONFIG comment"]
        lines += [f"warning: otter cannot reproduce coursekit's grade here: {w}"
                  for w in otter_warnings(course, args.id)]
        if args.verify:
            import tempfile

            from .otter_verify import verify_otter
            with tempfile.TemporaryDirectory(prefix="coursekit-otter-verify-") as work:
                comparisons = verify_otter(course, args.id, Path(work))
            rows = [c.line() for c in comparisons]
            if not all(c.same for c in comparisons):
                raise ExportError(f"otter does not reproduce coursekit's grade for {args.id} (the export is written: "
                                  f"{path}):\n" + "\n".join(rows))
            lines += [f"otter: --verify: otter gives coursekit's scores for all {len(rows)} implementations:", *rows]
        return lines
