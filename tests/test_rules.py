"""Each rule of coursekit/rules.py finds what it is about, in the file at fault (the rules
`coursekit check` and the test suite share)."""
import nbformat

from coursekit import rules
from coursekit.check import check_findings
from coursekit.course.build import notebook_text
from coursekit.course.config import load_course
from coursekit.course.notebook import graded_functions

PILOT = "05_knowledge_distillation"


def _edit_source(course, assignment_id, edit):
    path = course.source_notebook(assignment_id)
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    path.write_text(notebook_text(nb))
    return path


def _messages(findings, path):
    return [f.message for f in findings if f.path == path]


def test_the_repository_follows_every_static_rule(course):
    assert [str(f) for f in check_findings(course, grade=False)] == []


def test_notebook_rules_name_what_is_missing(course_copy):
    def edit(nb):
        for cell in nb.cells:
            cell.source = (cell.source.replace("## 5. Impact analysis", "## 5. Results")
                           .replace("inside a solution cell", "in a cell").replace("torch", "a library")
                           .replace("PyTorch", "a library").replace("transformers", "a library")
                           .replace("Hugging Face", "a library"))
        nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and "plt." in c.source)]
        nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_soft_target_loss"]
    path = _edit_source(course_copy, PILOT, edit)
    found = " | ".join(_messages(check_findings(course_copy, [PILOT], grade=False), path))
    assert "section 5 is titled 'Results: does a student learn more from soft targets?': it must start with " \
           "`## 5. Impact analysis`" in found
    assert "helper functions go 'inside a solution cell'" in found
    assert "never names the implementation practitioners use" in found
    assert "section 5 (impact analysis) draws no plot" in found
    assert "(solution 'soft_target_loss') has no visible test cell `test_soft_target_loss`" in found


def test_index_and_rankings_name_a_missing_assignment(course_copy):
    index = course_copy.path("source") / "00_index"
    nb = nbformat.read(index / "00_index.ipynb", as_version=4)
    table = next(c for c in nb.cells if "techniques = [" in c.source)
    start = table.source.index('    (25, "25_meta_learning"')
    table.source = table.source[:start] + table.source[table.source.index("\n]", start) + 1:]
    nb.cells[0].source += "\n\nAll 25 notebooks are autograded."
    (index / "00_index.ipynb").write_text(notebook_text(nb))
    text = (index / "00_technique_rankings.md").read_text()
    (index / "00_technique_rankings.md").write_text(text.replace("— notebook 25", "").replace("### 7.", "### 8."))
    found = rules.index_problems(course_copy)
    assert _messages(found, index / "00_index.ipynb") == [
        "25_meta_learning is not in the table of techniques (the `techniques` list): add its row (rank, id, name, "
        "impact, paper, year, innovation, headline result, adoption)"]
    assert any("the ranks are [1, 2, 3, 4, 5, 6, 8, 8," in m
               for m in _messages(found, index / "00_technique_rankings.md"))
    assert "no section names notebook 25 (25_meta_learning): add `### <rank>. <technique> (<paper>) — notebook 25`" \
        in _messages(found, index / "00_technique_rankings.md")
    course_copy.config_path.write_text(course_copy.config_path.read_text()[
        :course_copy.config_path.read_text().index("  - id: 25_meta_learning")])
    fewer = rules.index_problems(load_course(course_copy.root))
    assert "the text says '25 notebooks' but course.yml has 24 assignments: drop the number or correct it" \
        in _messages(fewer, index / "00_index.ipynb")


def test_hidden_test_and_mutant_rules(course_copy):
    folder = course_copy.autograder_dir(PILOT)
    test = folder / "test_cosine_embedding_loss.py"
    test.write_text(test.read_text() + "\n\ndef test_forgot_the_fixture(reference):\n    pass\n")
    mutants = sorted(course_copy.mutants_dir(PILOT).glob("*.py"))
    for path in mutants[3:]:
        path.unlink()
    broken = '"""No MESSAGE."""\n\ndef softmax_with_temperature(x, T):\n    return x\n'
    (course_copy.mutants_dir(PILOT) / "broken.py").write_text(broken)
    source = nbformat.read(course_copy.source_notebook(PILOT), as_version=4)
    found = rules.hidden_test_problems(course_copy, PILOT, source)
    assert any("test_forgot_the_fixture does not take the `student` fixture" in m for m in _messages(found, test))
    functions = graded_functions(source)
    parsed, problems = rules.mutant_file_problems(course_copy, PILOT, functions)
    assert len(parsed) == 3
    assert any("needs a docstring (the mistake) and MESSAGE" in m
               for m in _messages(problems, course_copy.mutants_dir(PILOT) / "broken.py"))
    assert _messages(problems, course_copy.mutants_dir(PILOT))[0].startswith("3 mutant(s); at least 6 are needed")
