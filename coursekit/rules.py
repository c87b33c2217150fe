"""The rules an assignment and the course follow, one function each; the one place they live.

``coursekit check`` and the test suite (tests/test_assignments.py, tests/test_notebooks.py,
tests/test_build.py) call these same functions, so a rule the tests enforce is a rule ``check``
reports. Each returns ``Finding``s: the file at fault and what is missing there, with the fix.

Source notebook (``notebook_problems``, static):
  - nbgrader metadata complete (course/metadata.py; the build refuses the notebook otherwise)
  - the six section headings, in order: ``## 1. Background``, ``## 2. The original paper``,
    ``## 3. Mathematical foundation``, ``## 4. NumPy implementation``, ``## 5. Impact analysis``,
    ``## 6. Practical examples and exercises``
  - a setup cell; for each graded function a solution cell and a visible test cell ``test_<f>``
  - the markdown names the implementation practitioners use (torch, transformers, PyTorch or
    Hugging Face)
  - the markdown tells students that helper functions go "inside a solution cell"
  - a code cell in section 5 draws a plot (matplotlib)
  - no ``TODO(author)`` placeholder left (``coursekit new`` writes them)
Hidden tests (``hidden_test_problems``):
  - ``autograder/<id>/test_<f>.py`` for every graded function, none for other names; every file
    parses, every test takes the ``student`` fixture; no ``TODO(author)`` left
  - the points add up to course.yml's ``points``; each visible test cell carries its function's points
Mutants (``mutant_file_problems``): at least ``MIN_MUTANTS`` files in tests/mutants/<id>/, each
  in the mutant format (coursekit/mutants.py)
Grading (``reference_problems``, ``template_problems``, ``mutant_problems``):
  - the reference scores full marks, and all its cells run
  - the blank template scores 0, and every failure says the function is "not implemented yet"
  - every mutant loses points; each function in its LOSES has a failing test; a failure message
    contains its MESSAGE; it replaces no function that LOSES does not list
Execution (``execution_problems``, ``coursekit check --execute``): the solution notebook runs
  top to bottom without an error in under ``NOTEBOOK_SECONDS`` and shows a plot in section 5
The index (``index_problems``): the table of techniques in source/<index>/<index>.ipynb lists
  exactly course.yml's assignments; 00_technique_rankings.md has one ``### <rank>. ... notebook NN``
  section per assignment, ranks 1, 2, ... in order; no prose count of techniques or notebooks
  disagrees with course.yml
"""
from __future__ import annotations

import ast
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .course.config import ID_PATTERN, Course
from .course.metadata import metadata_problems
from .course.notebook import cell_role, grade_id, graded_functions, nbgrader_meta
from .course.points import hidden_tests
from .errors import MutantError
from .grading.job import RunResult
from .mutants import Mutant, parse_mutant

SECTIONS = {1: "Background", 2: "The original paper", 3: "Mathematical foundation",
            4: "NumPy implementation", 5: "Impact analysis", 6: "Practical examples and exercises"}
REAL_IMPLEMENTATIONS = ("torch", "transformers", "PyTorch", "Hugging Face")
HELPERS_SENTENCE = "inside a solution cell"
PLACEHOLDER = "TODO(author)"
MIN_MUTANTS = 6
NOTEBOOK_SECONDS = 60
NOT_IMPLEMENTED = "not implemented yet"   # what the grader says for a template's NotImplementedError

_HEADING = re.compile(r"^##\s+(\d+)\.\s*(.*?)\s*$")
_PLOT = re.compile(r"\bplt\.\w+\(|\.(?:plot|imshow|scatter|bar|barh|hist|semilogy|semilogx|loglog|errorbar|"
                   r"fill_between|contour|contourf|pcolormesh|matshow|step|stem|boxplot|violinplot)\(")


@dataclass(frozen=True)
class Finding:
    """One broken rule: the file at fault and what is missing there."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --- the source notebook ---------------------------------------------------------------------

def _lines(nb, kind: str) -> Iterator[tuple[int, str]]:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == kind:
            for line in cell.source.split("\n"):
                yield index, line


def headings(nb) -> list[tuple[int, int, str]]:
    """(cell index, section number, title) of every ``## N. title`` line, in order."""
    found = []
    for index, line in _lines(nb, "markdown"):
        match = _HEADING.match(line)
        if match:
            found.append((index, int(match.group(1)), match.group(2)))
    return found


def section_of_cells(nb) -> list[int | None]:
    """The section number each cell is in (its own heading counts), None before section 1."""
    starts = {index: number for index, number, _ in headings(nb)}
    sections, current = [], None
    for index in range(len(nb.cells)):
        current = starts.get(index, current)
        sections.append(current)
    return sections


def section_problems(nb, path: Path) -> list[Finding]:
    found = headings(nb)
    numbers = [number for _, number, _ in found]
    problems = []
    for number, title in SECTIONS.items():
        titles = [t for _, n, t in found if n == number]
        if not titles:
            problems.append(Finding(path, f"no section heading `## {number}. {title}`: add a markdown cell "
                                          f"that starts with it"))
        elif not any(t.lower().startswith(title.lower()) for t in titles):
            problems.append(Finding(path, f"section {number} is titled {titles[0]!r}: it must start with "
                                          f"`## {number}. {title}`"))
    if [n for n in numbers if n in SECTIONS] != sorted(n for n in numbers if n in SECTIONS) \
            or len(set(numbers)) != len(numbers):
        problems.append(Finding(path, f"section headings out of order or repeated: {numbers}; "
                                      "each of ## 1. to ## 6. once, in order"))
    return problems


def cell_problems(nb, path: Path) -> list[Finding]:
    """A setup cell; for each solution cell a visible test cell test_<f>."""
    roles = [(index, cell_role(c), grade_id(c)) for index, c in enumerate(nb.cells)]
    problems = []
    if not any(role == "setup" for _, role, _ in roles):
        problems.append(Finding(path, "no setup cell (imports and given helpers): a code cell tagged `setup` "
                                      "with metadata.nbgrader {\"grade\": false, \"grade_id\": \"setup\", "
                                      "\"locked\": true, \"schema_version\": 3, \"solution\": false}"))
    tests = {gid for _, role, gid in roles if role == "test"}
    for index, role, gid in roles:
        if role == "solution" and f"test_{gid}" not in tests:
            problems.append(Finding(path, f"cell {index} (solution {gid!r}) has no visible test cell "
                                          f"`test_{gid}`: add a code cell after it with metadata.nbgrader "
                                          f"{{\"grade\": true, \"grade_id\": \"test_{gid}\", \"locked\": true, "
                                          "\"points\": <its hidden points>, \"schema_version\": 3, "
                                          "\"solution\": false}"))
    if not any(role == "solution" for _, role, _ in roles):
        problems.append(Finding(path, "no solution cell: no graded function"))
    return problems


def text_problems(nb, path: Path) -> list[Finding]:
    """The markdown names the real implementation and tells students where helpers go."""
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    problems = []
    if not any(name in text for name in REAL_IMPLEMENTATIONS):
        problems.append(Finding(path, "the text never names the implementation practitioners use: say which "
                                      f"function of {' / '.join(REAL_IMPLEMENTATIONS)} each graded function mirrors "
                                      "(sections 4 and 6)"))
    if HELPERS_SENTENCE not in text:
        problems.append(Finding(path, f"the text never says that helper functions go {HELPERS_SENTENCE!r} "
                                      "(the grader runs nothing else): say it in the first cell"))
    return problems


def impact_plot_problems(nb, path: Path) -> list[Finding]:
    """A code cell of section 5 (the impact analysis) draws a plot."""
    sections = section_of_cells(nb)
    for cell, section in zip(nb.cells, sections):
        if section == 5 and cell.cell_type == "code" and _PLOT.search(cell.source):
            return []
    return [Finding(path, "section 5 (impact analysis) draws no plot: add a code cell there that plots "
                          "the experiment with matplotlib (plt.subplots(), ax.plot(...))")]


def placeholder_problems_in_notebook(nb, path: Path) -> list[Finding]:
    return [Finding(path, f"cell {index}: {line.strip()[:160]}") for index, cell in enumerate(nb.cells)
            for line in cell.source.split("\n") if PLACEHOLDER in line]


def placeholder_problems_in_file(path: Path) -> list[Finding]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [Finding(path, f"line {n}: {line.strip()[:160]}") for n, line in enumerate(lines, 1) if PLACEHOLDER in line]


def notebook_problems(nb, path: Path) -> list[Finding]:
    """Every static rule of a source (or release) notebook."""
    metadata = [Finding(path, p) for p in metadata_problems(nb)]
    return (metadata + section_problems(nb, path) + cell_problems(nb, path) + text_problems(nb, path)
            + impact_plot_problems(nb, path) + placeholder_problems_in_notebook(nb, path))


# --- hidden tests and mutants ------------------------------------------------------------------

def hidden_test_problems(course: Course, assignment_id: str, source_nb) -> list[Finding]:
    """Hidden test files: one per graded function, parseable, points as course.yml says, and
    the visible test cells carry their function's points."""
    folder = course.autograder_dir(assignment_id)
    functions = graded_functions(source_nb)
    if not folder.is_dir():
        return [Finding(folder, f"missing: no hidden tests (one file test_<function>.py per graded function: "
                                f"{', '.join(functions)})")]
    problems = []
    files = sorted(folder.glob("test_*.py"))
    broken = set()
    for path in files:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            problems.append(Finding(path, f"line {exc.lineno}: not valid Python ({exc.msg})"))
            broken.add(path)
            continue
        bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef) and n.name.startswith("Test")]
        for body in bodies:
            for node in body:
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test") \
                        and "student" not in [a.arg for a in node.args.args]:
                    problems.append(Finding(path, f"line {node.lineno}: {node.name} does not take the `student` "
                                                  "fixture, so it grades no one: def test_...(student, reference)"))
        problems += placeholder_problems_in_file(path)
    if broken:
        return problems
    tests = hidden_tests(folder)
    points: dict[str, float] = {}
    for test in tests:
        points[test.function] = points.get(test.function, 0.0) + test.points
    for f in functions:
        if f not in points:
            problems.append(Finding(folder / f"test_{f}.py", f"missing (no hidden tests for {f})"))
    for f in points:
        if f not in functions:
            problems.append(Finding(folder / f"test_{f}.py", f"tests a function the notebook does not grade "
                                                             f"({', '.join(functions)})"))
    total = sum(points.values())
    a = course.assignment(assignment_id)
    if abs(total - a.points) > 1e-9:
        problems.append(Finding(course.config_path, f"{a.id}: points is {a.points:g} but the hidden tests "
                                                    f"add up to {total:g}"))
    for index, cell in enumerate(source_nb.cells):
        if cell_role(cell) == "test":
            function = grade_id(cell).removeprefix("test_")
            visible = float(nbgrader_meta(cell).get("points", 0))
            if function in points and abs(visible - points[function]) > 1e-9:
                problems.append(Finding(course.source_notebook(assignment_id),
                                        f"cell {index} ({grade_id(cell)}) has {visible:g} points, the hidden "
                                        f"tests of {function} add up to {points[function]:g}: set "
                                        f"\"points\": {points[function]:g}"))
    return problems


def mutant_file_problems(course: Course, assignment_id: str,
                         functions: list[str]) -> tuple[list[Mutant], list[Finding]]:
    """The assignment's mutants and alternatives (those that parse) and what is wrong with the set."""
    folder = course.mutants_dir(assignment_id)
    files = [(path, False) for path in sorted(folder.glob("*.py"))]
    files += [(path, True) for path in sorted(course.alternatives_dir(assignment_id).glob("*.py"))]  # optional
    parsed, problems = [], []
    for path, alternative in files:
        try:
            parsed.append(parse_mutant(path, functions, alternative))
        except (MutantError, SyntaxError) as exc:
            problems.append(Finding(path, str(exc).removeprefix(f"{path}: ")))
    mutants = sum(not m.alternative for m in parsed)
    if mutants < MIN_MUTANTS:
        problems.append(Finding(folder, f"{mutants} mutant(s); at least {MIN_MUTANTS} are needed: each a "
                                        "realistic wrong implementation in its own file <mistake>.py "
                                        "(format: coursekit/mutants.py)"))
    return parsed, problems


# --- grading results ---------------------------------------------------------------------------

def _failures(result: RunResult) -> list[str]:
    return [f"{t.test_id}: {t.message}" for t in result.tests if t.outcome != "passed"]


def reference_problems(result: RunResult, points: float, path: Path) -> list[Finding]:
    problems = []
    if abs(result.score - points) > 1e-9:
        hint = (" (write the reference solution between ### BEGIN SOLUTION and ### END SOLUTION)"
                if any(NOT_IMPLEMENTED in t.message for t in result.tests) else "")
        problems.append(Finding(path, f"the reference solution scores {result.score:g}/{points:g}{hint}: "
                                      + "; ".join(_failures(result))[:1500]))
    for error in result.cell_errors:
        problems.append(Finding(path, f"a cell of the reference fails in the grader: {error[:500]}"))
    return problems


def template_problems(result: RunResult, path: Path) -> list[Finding]:
    problems = []
    if result.score != 0:
        passed = [t.test_id for t in result.tests if t.outcome == "passed"]
        problems.append(Finding(path, f"the blank template scores {result.score:g}, not 0: {', '.join(passed)} "
                                      "pass(es) without any code: make these tests compare with the reference"))
    told = [t.test_id for t in result.tests if NOT_IMPLEMENTED not in t.message]
    if told:
        problems.append(Finding(path, f"the blank template is not told to implement the function in "
                                      f"{', '.join(told[:5])}: every solution cell's body must be between "
                                      "### BEGIN SOLUTION and ### END SOLUTION (the release raises "
                                      "NotImplementedError there)"))
    return problems


def mutant_problems(mutant: Mutant, result: RunResult, points: float) -> list[str]:
    """Which conditions a graded mutant fails (empty: the hidden tests catch it as they should); for
    an alternative (a right implementation), whether it lost points."""
    failed = [t for t in result.tests if t.outcome == "failed"]
    if mutant.alternative:
        lost = sorted({t.function for t in failed})
        return [f"a right implementation scores {result.score:g}/{points:g}: the hidden tests of {', '.join(lost)} "
                "fail it"] if result.score < points - 1e-9 else []
    problems = []
    if result.score >= points:
        problems.append("it scores full marks: no hidden test fails")
    for function in mutant.loses:
        if not any(t.function == function for t in failed):
            problems.append(f"no test of {function} fails (LOSES lists it)")
    if not any(mutant.message in t.message for t in failed):
        problems.append(f"no failure message contains MESSAGE {mutant.message!r}")
    untouched = [f for f in mutant.cells if f not in mutant.loses]
    if untouched:
        problems.append(f"it replaces {', '.join(untouched)} but LOSES does not list them")
    return problems


def mutant_findings(mutant: Mutant, result: RunResult, points: float) -> list[Finding]:
    what = "loses points" if mutant.alternative else "not caught"
    return [Finding(mutant.path, f"{what}: {p}; the failure messages were: "
                                 + ("; ".join(_failures(result))[:800] or "none"))
            for p in mutant_problems(mutant, result, points)]


# --- running the notebook ----------------------------------------------------------------------

def execute_notebook(nb, cwd: Path, timeout: float = NOTEBOOK_SECONDS) -> tuple[float, str]:
    """Run ``nb`` in place with a Jupyter kernel, top to bottom as a student does, in ``cwd``.
    Returns (seconds, why it stopped: "" when it ran to the end). Errors stay in the outputs."""
    from nbclient import NotebookClient
    saved = {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "MPLBACKEND")}
    os.environ["OPENBLAS_NUM_THREADS"] = "1"   # small matrices: threads only cost time here
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    start, stopped = time.perf_counter(), ""
    try:
        client.execute()
    except Exception as exc:  # a cell over the timeout, a dead kernel: nbclient raises several kinds
        stopped = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return time.perf_counter() - start, stopped


def execution_problems(nb, seconds: float, path: Path, stopped: str = "", plot: bool = True) -> list[Finding]:
    """An executed notebook (execute_notebook): ran to the end without an error output, under
    NOTEBOOK_SECONDS, and (``plot``) showed a plot in section 5."""
    problems = [Finding(path, f"the notebook stopped running: {stopped}")] if stopped else []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                problems.append(Finding(path, f"cell {index} fails when the notebook runs top to bottom: "
                                              f"{output.get('ename')}: {str(output.get('evalue'))[:300]}"))
    if seconds >= NOTEBOOK_SECONDS:
        problems.append(Finding(path, f"the notebook takes {seconds:.0f} s to run; it must run in under "
                                      f"{NOTEBOOK_SECONDS} s on a laptop CPU (smaller experiments)"))
    if plot:
        sections = section_of_cells(nb)
        images = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and sections[i] == 5
                  and any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]
        if not images:
            problems.append(Finding(path, "no plot appears in section 5 (impact analysis) when the notebook runs"))
    return problems


# --- the index -----------------------------------------------------------------------------------

_QUOTED_ID = re.compile(r"""["'](\d\d_[a-z0-9_]+)["']""")
_RANK = re.compile(r"^###\s+(\d+)\.\s.*?\bnotebook\s+(\d\d)\b", re.M)
_COUNT = re.compile(r"\b(\d+)\s+(?:[\w-]+\s+)?(?:techniques|notebooks)\b")


def index_problems(course: Course) -> list[Finding]:
    """The index notebook's table and the rankings file agree with course.yml (a course
    without them has nothing to check: the index is optional)."""
    import nbformat
    folder = course.path("source") / course.config.index
    notebook = folder / f"{course.config.index}.ipynb"
    rankings = folder / "00_technique_rankings.md"
    ids = [a.id for a in course.config.assignments]
    n = len(ids)
    problems = []
    if notebook.is_file():
        nb = nbformat.read(notebook, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        table = {m for m in _QUOTED_ID.findall(code) if ID_PATTERN.match(m) and m != course.config.index}
        for a in ids:
            if a not in table:
                problems.append(Finding(notebook, f"{a} is not in the table of techniques (the `techniques` list): "
                                                  "add its row (rank, id, name, impact, paper, year, innovation, "
                                                  "headline result, adoption)"))
        for a in sorted(table - set(ids)):
            problems.append(Finding(notebook, f"the table of techniques lists {a}, which course.yml does not have"))
        problems += _count_problems(notebook, "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"), n)
    if rankings.is_file():
        text = rankings.read_text(encoding="utf-8")
        found = [(int(rank), number) for rank, number in _RANK.findall(text)]
        numbers = [number for _, number in found]
        for a in ids:
            if numbers.count(a[:2]) != 1:
                what = "no" if a[:2] not in numbers else "more than one"
                problems.append(Finding(rankings, f"{what} section names notebook {a[:2]} ({a}): add "
                                                  f"`### <rank>. <technique> (<paper>) — notebook {a[:2]}`"))
        for number in sorted(set(numbers) - {a[:2] for a in ids}):
            problems.append(Finding(rankings, f"a section names notebook {number}, which course.yml does not have"))
        ranks = [rank for rank, _ in found]
        if ranks != list(range(1, len(ranks) + 1)):
            problems.append(Finding(rankings, f"the ranks are {ranks}: they must run 1, 2, ... in order"))
        problems += _count_problems(rankings, text, n)
    return problems


def _count_problems(path: Path, text: str, n: int) -> list[Finding]:
    """Prose like "the 25 techniques" must say course.yml's count (better: no count at all)."""
    return [Finding(path, f"the text says {match.group(0)!r} but course.yml has {n} assignments: "
                          "drop the number or correct it")
            for match in _COUNT.finditer(text.replace("*", "")) if int(match.group(1)) != n]
