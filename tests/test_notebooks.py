"""Every solution notebook runs top to bottom in seconds (visible tests, experiments, plots)."""
import time

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

from coursekit.course.build import reference_and_template
from coursekit.course.config import load_course

COURSE = load_course(ROOT)
SECONDS = 60  # a generous bound for a laptop CPU; each notebook reports its own time


@pytest.mark.parametrize("assignment_id", [a.id for a in COURSE.config.assignments])
def test_solution_notebook_runs_top_to_bottom(assignment_id, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # small matrices: threads only cost time here
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    reference, _ = reference_and_template(COURSE, assignment_id)
    client = NotebookClient(reference, timeout=SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    errors = [o for c in reference.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert errors == []
    assert seconds < SECONDS
    images = [o for c in reference.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert images, f"{assignment_id}: the impact analysis shows at least one plot"
    print(f"{assignment_id}: ran in {seconds:.1f} s")


@pytest.mark.parametrize("assignment_id", [a.id for a in COURSE.config.assignments])
def test_release_has_six_sections_and_names_the_real_implementation(assignment_id):
    nb = nbformat.read(COURSE.release_notebook(assignment_id), as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for number, words in [(1, "Background"), (2, "paper"), (3, "Mathematical"), (4, "NumPy implementation"),
                          (5, "Impact analysis"), (6, "exercises")]:
        assert f"## {number}." in text and words.lower() in text.lower(), f"section {number} ({words}) missing"
    assert any(name in text for name in ("torch", "transformers", "PyTorch", "Hugging Face")), \
        "the notebook names the implementation practitioners use"
    assert "inside a solution cell" in text, "the notebook tells students where helper functions go"


def test_index_notebook_runs_and_checks_notebooks_by_course_yml():
    """00_index runs top to bottom where students find it (release/00_index/) and reports which
    notebooks exist from course.yml."""
    index = nbformat.read(COURSE.path("release") / COURSE.config.index / f"{COURSE.config.index}.ipynb", as_version=4)
    NotebookClient(index, timeout=SECONDS, kernel_name="python3",
                   resources={"metadata": {"path": str(COURSE.path("release") / COURSE.config.index)}}).execute()
    text = "".join(o.get("text", "") for c in index.cells if c.cell_type == "code" for o in c.get("outputs", []))
    errors = [o for c in index.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    n = len(COURSE.config.assignments)
    assert f"{n}/25 technique notebooks are in the course" in text
    assert f"{n}/25 notebook files are present here" in text
    assert "RANKED BY IMPACT" in text and "DeBERTa" in text
    assert any("image/png" in o.get("data", {})
               for c in index.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_rankings_follow_notebook_numbering_and_correct_seed_figures():
    text = (COURSE.path("release") / COURSE.config.index / "00_technique_rankings.md").read_text()
    order = [text.index(f"### {rank}. ") for rank in range(1, 26)]
    assert order == sorted(order), "ranks 1..25 in order"
    assert text.index("### 3. DeBERTa") < text.index("### 4. ALBERT") < text.index("### 5. Knowledge Distillation")
    for rank in range(1, 26):
        assert f"notebook {rank:02d}" in text, f"rank {rank} names its notebook"
    assert "40% fewer parameters" in text and "97%" in text and "60% faster" in text
    assert "3.6%" in text and "0.4%" in text
    for wrong in ("60% smaller", "0.4% params", "4x more efficient", "Human-level SuperGLUE"):
        assert wrong not in text, f"the seed's wrong figure {wrong!r} is still there"
