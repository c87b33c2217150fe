"""Authoring an assignment (issue 23): `coursekit new`, the rules `check` lists per file, build
errors that name the cell and the field, `mutants -v`, `demo --assignment`, and the README's
walk-through followed step by step on a scratch copy of the course."""
import importlib.util
import re
import subprocess
import sys
import time

import nbformat
import pytest
import yaml
from conftest import ROOT

from coursekit import rules
from coursekit.check import check_findings
from coursekit.course.build import build, notebook_text
from coursekit.course.config import load_course
from coursekit.errors import BuildError, CoursekitError
from coursekit.new import course_yml_with, new_assignment

WALK = ROOT / "docs" / "walkthrough"
ID = "26_label_smoothing"
TITLE = "26 · Label smoothing: smoothed targets and the smoothed cross-entropy"
FUNCTIONS = ["smooth_targets", "label_smoothed_cross_entropy"]


def coursekit(root, *args):
    """The command line, as an instructor runs it (a fresh process)."""
    return subprocess.run([sys.executable, "-m", "coursekit", "--course", str(root), *args], capture_output=True,
                          text=True, timeout=600)


def example():
    """docs/walkthrough/notebook.py: the texts the walk-through's author writes."""
    spec = importlib.util.spec_from_file_location("walkthrough_notebook", WALK / "notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_the_notebook(path, texts):
    """What the author does in JupyterLab: replace every TODO(author) of the skeleton."""
    nb = nbformat.read(path, as_version=4)
    section = None
    for cell in nb.cells:
        heading = re.match(r"^## (\d)\.", cell.source) if cell.cell_type == "markdown" else None
        section = int(heading.group(1)) if heading else section
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if heading:
            cell.source = cell.source.split("\n")[0] + "\n\n" + texts.SECTIONS[section]
        elif gid in texts.SOLUTIONS:
            cell.source = texts.SOLUTIONS[gid]
        elif gid.removeprefix("test_") in texts.VISIBLE:
            cell.source = texts.VISIBLE[gid.removeprefix("test_")]
            cell.metadata.nbgrader.points = texts.POINTS[gid.removeprefix("test_")]
        elif section == 5 and cell.cell_type == "code":
            cell.source = texts.EXPERIMENT
    path.write_text(notebook_text(nb), encoding="utf-8")


def test_new_writes_a_skeleton_that_builds_and_check_lists_what_is_missing(course_copy):
    before = course_copy.config_path.read_text()
    written = new_assignment(course_copy, ID, TITLE, FUNCTIONS)
    after = course_copy.config_path.read_text()
    assert after.startswith(before), "course.yml is only appended to: comments and layout kept"
    assert after[len(before):] == f'  - id: {ID}\n    title: "{TITLE}"\n    points: 2\n'
    course = load_course(course_copy.root)
    assert course.assignment(ID).points == 2
    assert {p.name for p in written} >= {f"{ID}.ipynb", "test_smooth_targets.py",
                                         "test_label_smoothed_cross_entropy.py", "README.md", "course.yml"}
    nb = nbformat.read(course.source_notebook(ID), as_version=4)
    assert [f.message for f in rules.section_problems(nb, course.source_notebook(ID))] == []
    assert [f.message for f in rules.cell_problems(nb, course.source_notebook(ID))] == []
    assert build(course, [ID]), "the skeleton builds at once"
    findings = check_findings(course, [ID])
    by_file = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(f.message)
    source = course.source_notebook(ID)
    assert any("TODO(author)" in m for m in by_file[source])
    assert any("names the implementation practitioners use" in m for m in by_file[source])
    assert any("section 5 (impact analysis) draws no plot" in m for m in by_file[source])
    assert any("the reference solution scores 0/2" in m and "BEGIN SOLUTION" in m for m in by_file[source])
    for f in FUNCTIONS:
        assert any("TODO(author)" in m for m in by_file[course.autograder_dir(ID) / f"test_{f}.py"])
    assert any("0 mutant(s); at least 6" in m for m in by_file[course.mutants_dir(ID)])
    index = course.path("source") / "00_index"
    assert any(f"{ID} is not in the table of techniques" in m for m in by_file[index / "00_index.ipynb"])
    assert any("no section names notebook 26" in m for m in by_file[index / "00_technique_rankings.md"])


def test_new_refuses_what_it_cannot_do(course_copy):
    with pytest.raises(CoursekitError, match="already an assignment"):
        new_assignment(course_copy, "05_knowledge_distillation", "x", ["f"])
    with pytest.raises(CoursekitError, match="is not an assignment id"):
        new_assignment(course_copy, "26-label-smoothing", "x", ["f"])
    with pytest.raises(CoursekitError, match="cannot be a graded function's name"):
        new_assignment(course_copy, ID, "x", ["smooth targets"])
    with pytest.raises(CoursekitError, match="names a function twice"):
        new_assignment(course_copy, ID, "x", ["f", "f"])
    (course_copy.autograder_dir(ID)).mkdir(parents=True)
    with pytest.raises(CoursekitError, match="never overwrites"):
        new_assignment(course_copy, ID, "x", ["f"])
    assert ID not in course_copy.config_path.read_text(), "nothing written when refused"
    with pytest.raises(CoursekitError, match="must be the last key"):
        course_yml_with("assignments:\n  - id: 01_a\n    title: a\n    points: 1\nlimits: {}\n",
                        course_copy.config_path, {"id": ID, "title": '"x"', "points": 1})


def test_build_errors_name_the_cell_the_grade_id_and_the_field(course_copy):
    """The metadata the README used to give (no schema_version, solution cells without grade and
    locked): nbgrader said only 'Outdated schema version: 0 (expected 3)'."""
    new_assignment(course_copy, ID, TITLE, FUNCTIONS)
    path = course_copy.source_notebook(ID)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta:
            del meta["schema_version"]
            if meta["solution"]:
                del meta["grade"], meta["locked"]
            if meta.get("grade"):
                meta["points"] = "1"
    path.write_text(notebook_text(nb))
    with pytest.raises(BuildError) as err:
        build(load_course(course_copy.root), [ID])
    lines = str(err.value).splitlines()
    assert f"{path}: cell 6 (grade_id 'smooth_targets'): nbgrader.schema_version is missing: add " \
           '"schema_version": 3' in lines[1]
    assert f"{path}: cell 6 (grade_id 'smooth_targets'): nbgrader.grade is missing: add \"grade\": false" in lines
    assert f"{path}: cell 6 (grade_id 'smooth_targets'): nbgrader.locked is missing: add \"locked\": false" in lines
    assert f"{path}: cell 7 (grade_id 'test_smooth_targets'): nbgrader.points is \"1\": write a number >= 0, " \
           "without quotes" in lines
    assert all(line.startswith(f"{path}: cell ") for line in lines)
    result = coursekit(course_copy.root, "build", ID)
    assert result.returncode == 2
    assert all(line.startswith(f"error: {path}: cell ") for line in result.stderr.splitlines())


def test_the_readme_walkthrough(course_copy, tmp_path):
    """README "Writing an assignment", step by step, on a scratch copy: ends with `check` green
    (every rule, notebooks run) and the demo class graded as expected."""
    root, texts, seconds = course_copy.root, example(), {}

    def step(name, *args, code=0):
        start = time.perf_counter()
        result = coursekit(root, *args)
        seconds[name] = time.perf_counter() - start
        assert result.returncode == code, f"{name}: {result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    # 1. start the assignment
    step("1 new", "new", ID, "--title", TITLE, "--functions", ",".join(FUNCTIONS))
    step("2 build the skeleton", "build", ID)
    listed = step("3 check lists what is missing", "check", ID, code=1)
    assert "error: source/26_label_smoothing/26_label_smoothing.ipynb" in listed.stderr
    assert "error: tests/mutants/26_label_smoothing" in listed.stderr
    # 4-7. the author writes the notebook, the hidden tests, the mutants, the points, the index
    course = load_course(root)
    write_the_notebook(course.source_notebook(ID), texts)
    for name in ("test_smooth_targets.py", "test_label_smoothed_cross_entropy.py"):
        (course.autograder_dir(ID) / name).write_text((WALK / name).read_text())
    for mutant in sorted((WALK / "mutants").glob("*.py")):
        (course.mutants_dir(ID) / mutant.name).write_text(mutant.read_text())
    config = course.config_path.read_text()
    course.config_path.write_text(config[:config.rindex("points: 2")] + "points: 6\n")
    index = course.path("source") / "00_index"
    nb = nbformat.read(index / "00_index.ipynb", as_version=4)
    table = next(c for c in nb.cells if "techniques = [" in c.source)
    table.source = table.source.replace("\n]\ndf = pd.DataFrame(", "\n" + texts.INDEX_ROW + "]\ndf = pd.DataFrame(")
    (index / "00_index.ipynb").write_text(notebook_text(nb))
    rankings = (index / "00_technique_rankings.md").read_text()
    (index / "00_technique_rankings.md").write_text(rankings.replace("\n---\n", texts.RANKINGS_SECTION + "\n---\n", 1))
    # 8. build, grade the mutants, check everything, grade the demo class
    step("8 build", "build", ID)
    verbose = step("9 mutants -v", "mutants", ID, "-v")
    assert verbose.stdout.count("  ok ") == 2 + 7 and "BAD" not in verbose.stdout
    assert "expected: a failure message containing 'subtract the row maximum'" in verbose.stdout
    assert "(contains nan or inf where the expected values are finite" in verbose.stdout, \
        "the overflowing mistake is named, with the nan it produced"
    green = step("10 check --execute", "check", ID, "--execute")
    assert "1 assignment(s) valid and fresh; every reference scores full marks" in green.stdout
    assert "the notebooks run top to bottom" in green.stdout
    demo = step("11 demo --assignment", "demo", "--assignment", ID, "--out", str(tmp_path / "demo"))
    assert "demo: every verdict as expected" in demo.stdout
    rows = (tmp_path / "demo" / "grades.csv").read_text().splitlines()
    assert len(rows) == 1 + 2 + 7 and all(ID in r for r in rows[1:])
    assert (tmp_path / "demo" / "feedback" / "mutant-naive_log_softmax" / f"{ID}.html").is_file()
    assert yaml.safe_load(course.config_path.read_text())["assignments"][-1] == {
        "id": ID, "title": TITLE, "points": 6}
    print("walk-through:", ", ".join(f"{k}: {v:.1f} s" for k, v in seconds.items()))


def test_mutants_verbose_says_which_condition_failed(course_copy):
    """A mutant whose MESSAGE is not in any failure: -v shows the expected message, the messages
    got and the condition that failed; without -v the line says the condition, not a cut message."""
    folder = course_copy.mutants_dir("05_knowledge_distillation")
    text = (folder / "forgot_t_squared.py").read_text()
    (folder / "forgot_t_squared.py").write_text(text.replace('MESSAGE = "multiply the KL divergence by T^2"',
                                                            'MESSAGE = "a message no test gives"'))
    short = coursekit(course_copy.root, "mutants", "05_knowledge_distillation")
    assert short.returncode == 1
    line = next(li for li in short.stdout.splitlines() if "forgot_t_squared" in li)
    assert line.lstrip().startswith("BAD") and "no failure message contains MESSAGE 'a message no test gives'" in line
    verbose = coursekit(course_copy.root, "mutants", "05_knowledge_distillation", "-v")
    block = re.split(r"\n  (?:ok |BAD) ", verbose.stdout.split("forgot_t_squared", 1)[1])[0]
    assert "mistake:  Forgot to multiply the soft-target loss by T^2." in block
    assert "expected: a failure message containing 'a message no test gives'" in block
    assert "got:      soft_target_loss::test_matches_torch_kl_div_batchmean: " in block
    assert "FAILED:   no failure message contains MESSAGE 'a message no test gives'" in block


def test_an_alternative_must_score_full_marks(course_copy):
    """tests/alternatives/<id>/: a right implementation written another way scores full marks (ok);
    one that loses points is BAD, naming the functions whose tests fail it; a file with a MESSAGE
    is not an alternative, and check says so."""
    folder = course_copy.alternatives_dir("05_knowledge_distillation")
    folder.mkdir(parents=True)
    (folder / "logsumexp.py").write_text('''"""log-softmax through np.logaddexp.reduce, without an explicit shift."""


def log_softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64) / T
    return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
''')
    wrong = (course_copy.mutants_dir("05_knowledge_distillation") / "forgot_t_squared.py").read_text()
    (folder / "not_right.py").write_text(re.sub(r"(?m)^(LOSES|MESSAGE) = .*$", "", wrong))
    result = coursekit(course_copy.root, "mutants", "05_knowledge_distillation")
    lines = {li.split()[1]: li for li in result.stdout.splitlines() if li.startswith("  ")}
    assert result.returncode == 1
    assert lines["logsumexp"].lstrip().startswith("ok")
    assert "(right: log-softmax through np.logaddexp" in lines["logsumexp"]
    assert lines["not_right"].lstrip().startswith("BAD")
    assert "a right implementation scores 7.75/12: the hidden tests of distilbert_loss, soft_target_loss fail it" \
        in lines["not_right"]
    (folder / "with_message.py").write_text('"""Not an alternative."""\nMESSAGE = "x"\n\n\n'
                                            "def softmax_with_temperature(logits, T=1.0):\n    return logits\n")
    unreadable = coursekit(course_copy.root, "mutants", "05_knowledge_distillation")
    assert unreadable.returncode == 2 and "with_message.py: an alternative has a docstring" in unreadable.stderr
    found = {str(f.path.name): f.message for f in check_findings(course_copy, ["05_knowledge_distillation"])}
    assert found["with_message.py"].startswith("an alternative has a docstring")
    assert found["not_right.py"].startswith("loses points: a right implementation scores 7.75/12")
    assert "logsumexp.py" not in found
