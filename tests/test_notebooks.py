"""Every solution notebook runs top to bottom in seconds (visible tests, experiments, plots) and
follows the course's notebook rules; the index agrees with course.yml. The rules are
coursekit/rules.py's, the same functions `coursekit check` runs."""
import nbformat
import pytest
from conftest import ROOT

from coursekit import rules
from coursekit.course.build import reference_and_template
from coursekit.course.config import load_course

COURSE = load_course(ROOT)
SECONDS = rules.NOTEBOOK_SECONDS  # a generous bound for a laptop CPU; each notebook reports its own time


@pytest.mark.parametrize("assignment_id", [a.id for a in COURSE.config.assignments])
def test_solution_notebook_runs_top_to_bottom(assignment_id, tmp_path):
    reference, _ = reference_and_template(COURSE, assignment_id)
    seconds, stopped = rules.execute_notebook(reference, tmp_path)
    path = COURSE.source_notebook(assignment_id)
    assert [f.message for f in rules.execution_problems(reference, seconds, path, stopped)] == []
    print(f"{assignment_id}: ran in {seconds:.1f} s")


@pytest.mark.parametrize("assignment_id", [a.id for a in COURSE.config.assignments])
def test_release_has_six_sections_and_names_the_real_implementation(assignment_id):
    """Sections, the real implementation named, where helpers go, a plot in section 5, no TODO."""
    nb = nbformat.read(COURSE.release_notebook(assignment_id), as_version=4)
    assert [f.message for f in rules.notebook_problems(nb, COURSE.release_notebook(assignment_id))] == []


def test_index_notebook_runs_and_checks_notebooks_by_course_yml():
    """00_index runs top to bottom where students find it (release/00_index/) and reports which
    notebooks exist from course.yml."""
    path = COURSE.path("release") / COURSE.config.index / f"{COURSE.config.index}.ipynb"
    index = nbformat.read(path, as_version=4)
    seconds, stopped = rules.execute_notebook(index, path.parent)
    assert [f.message for f in rules.execution_problems(index, seconds, path, stopped, plot=False)] == []
    text = "".join(o.get("text", "") for c in index.cells if c.cell_type == "code" for o in c.get("outputs", []))
    n = len(COURSE.config.assignments)
    assert f"{n}/{n} notebooks of course.yml are in the ranked table" in text
    assert f"{n}/{n} notebook files are present here" in text
    assert "RANKED BY IMPACT" in text and "DeBERTa" in text
    assert any("image/png" in o.get("data", {})
               for c in index.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_index_table_and_rankings_agree_with_course_yml():
    """Every assignment of course.yml is in the index's table and the rankings file, ranks in order."""
    assert [str(f) for f in rules.index_problems(COURSE)] == []


def test_rankings_follow_notebook_numbering_and_correct_seed_figures():
    text = (COURSE.path("release") / COURSE.config.index / "00_technique_rankings.md").read_text()
    assert text.index("### 3. DeBERTa") < text.index("### 4. ALBERT") < text.index("### 5. Knowledge Distillation")
    assert "40% fewer parameters" in text and "97%" in text and "60% faster" in text
    assert "3.6%" in text and "0.4%" in text
    for wrong in ("60% smaller", "0.4% params", "4x more efficient", "Human-level SuperGLUE"):
        assert wrong not in text, f"the seed's wrong figure {wrong!r} is still there"
