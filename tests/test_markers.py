"""Marker parsing and notebook transforms are pure and reject malformed markers."""
import copy

import nbformat
import pytest

from coursekit.course.markers import MarkerError, Region, find_regions, strip_marker_lines
from coursekit.course.notebook import (
    NotebookError,
    check_source_notebook,
    extract_grading_cells,
    make_reference_notebook,
    make_release,
    make_solution_module,
)

SOL = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"


def test_regions_found_and_stripped():
    assert find_regions(SOL) == [Region("SOLUTION", 1, 3)]
    assert strip_marker_lines(SOL) == "def f(x):\n    return 2 * x\n"
    hidden = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS"
    assert find_regions(hidden) == [Region("HIDDEN TESTS", 1, 3)]


@pytest.mark.parametrize("source, line, words", [
    ("### BEGIN SOLUTION\nx = 1\n", 1, "never closed"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", 2, "may not nest"),
    ("### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n", 2, "may not nest"),
    ("x = 1\n### END SOLUTION\n", 2, "without a matching BEGIN"),
    ("### BEGIN HIDDEN TESTS\n### END SOLUTION\n", 2, "without a matching BEGIN"),
])
def test_malformed_markers_name_cell_and_line(source, line, words):
    with pytest.raises(MarkerError) as err:
        find_regions(source, cell_index=7)
    assert err.value.cell_index == 7 and err.value.line == line
    assert words in str(err.value) and str(err.value).startswith("cell 7, ")


def _nb(*cells):
    return nbformat.v4.new_notebook(cells=list(cells), metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def _cell(source, **nbgrader):
    meta = {"nbgrader": {"schema_version": 3, "grade": False, "solution": False, "locked": False, **nbgrader}}
    tags = nbgrader.pop("tags", None)
    if tags:
        meta["tags"] = tags
        del meta["nbgrader"]["tags"]
    return nbformat.v4.new_code_cell(source, metadata=meta)


def _course_like():
    setup = _cell("import numpy as np", grade_id="setup", locked=True)
    setup.metadata["tags"] = ["setup"]
    test = _cell("assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(3) == 6\n### END HIDDEN TESTS",
                 grade_id="test_f", grade=True, locked=True, points=1)
    test.outputs = [nbformat.v4.new_output("stream", text="ok")]
    return _nb(nbformat.v4.new_markdown_cell("# T"), setup, _cell(SOL, grade_id="f", solution=True), test,
               nbformat.v4.new_code_cell("print(f(10))"))


def test_release_strips_solutions_hidden_tests_and_outputs_without_mutating_input():
    source = _course_like()
    before = copy.deepcopy(source)
    release = make_release(source)
    assert source == before, "make_release must not mutate its input"
    solution = release.cells[2].source
    assert "return 2 * x" not in solution and "raise NotImplementedError()" in solution
    assert "f(3)" not in release.cells[3].source and "f(1)" in release.cells[3].source
    assert release.cells[3].outputs == []
    assert release.cells[1].metadata.nbgrader["locked"] and "checksum" in release.cells[3].metadata.nbgrader


def test_reference_module_and_notebook():
    source = _course_like()
    module = make_solution_module(source, "01_x")
    namespace = {}
    exec(compile(module, "solutions/01_x.py", "exec"), namespace)
    assert namespace["f"](21) == 42 and "BEGIN SOLUTION" not in module
    assert "print(f(10))" not in module, "experiment cells are not part of the reference module"
    ref = make_reference_notebook(source)
    assert "BEGIN SOLUTION" not in ref.cells[2].source and "return 2 * x" in ref.cells[2].source


def test_source_checks_name_the_cell():
    bad = _course_like()
    bad.cells[2].source = "def g(x):\n    return x"
    with pytest.raises(NotebookError, match="cell 2: solution cell 'f' must define a function named f"):
        check_source_notebook(bad)
    dup = _course_like()
    dup.cells[3].metadata.nbgrader["grade_id"] = "f"
    with pytest.raises(NotebookError, match="cell 3: grade_id 'f' is already used by cell 2"):
        check_source_notebook(dup)
    stray = _course_like()
    stray.cells[4].source = SOL
    with pytest.raises(NotebookError, match="cell 4: a SOLUTION region outside a solution cell"):
        check_source_notebook(stray)


def test_extraction_takes_release_setup_and_student_solutions_only():
    release = make_release(_course_like())
    student = copy.deepcopy(release)
    student.cells[1].source = "import numpy as np\nnp.allclose = lambda *a, **k: True"  # edited locked cell
    student.cells[2].source = "%timeit 1\ndef f(x):\n    return 2 * x"
    student.cells[3].metadata.nbgrader["grade_id"] = "f"  # duplicated id: first one wins
    student.cells.append(_cell("def f(x): return 0", grade_id="f", solution=True))
    extraction = extract_grading_cells(release, student)
    assert [(c.grade_id, c.role) for c in extraction.cells] == [("setup", "setup"), ("f", "solution")]
    assert extraction.cells[0].source == "import numpy as np", "the release's setup cell is used"
    assert "# (not run by the grader) %timeit 1" in extraction.cells[1].source
    assert any("more than one cell with grade_id 'f'" in w for w in extraction.warnings)
    assert any("magics" in w for w in extraction.warnings)
    missing = copy.deepcopy(release)
    del missing.cells[2]
    assert any("'f' is missing" in w for w in extract_grading_cells(release, missing).warnings)


def test_reading_a_submission_joins_sources_saved_as_lines_and_converts_old_versions():
    import json

    import nbformat

    from coursekit.course.notebook import read_notebook_text
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1\nb = 2\n")])
    text = nbformat.writes(nb)
    assert isinstance(json.loads(text)["cells"][0]["source"], list), "nbformat saves sources as lines"
    assert read_notebook_text(text).cells[0].source == "a = 1\nb = 2\n"
    v3 = nbformat.writes(nbformat.convert(nb, 3), version=3)
    assert read_notebook_text(v3).cells[0].source == "a = 1\nb = 2\n"
