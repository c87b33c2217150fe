"""coursekit export: the Gradescope autograder zip (run against a fake /autograder layout),
the Canvas and Moodle grade CSVs (from a small class graded here), the otter master notebook
(its hidden tests and otter's own grading: tests/test_otter_export.py)."""
import ast
import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import PILOT, ROOT, write_notebook

from coursekit.course.build import notebook_text, read_source, reference_and_template
from coursekit.course.config import load_course
from coursekit.course.notebook import cell_role, grade_id
from coursekit.course.points import points_by_function as hidden_points
from coursekit.errors import ExportError
from coursekit.export.gradescope import gradescope_zip
from coursekit.export.gradescope_runtime import PYTHON_ENV, ROOT_ENV
from coursekit.export.lms import (
    CANVAS_IDENTITY,
    MOODLE_IDENTITY,
    read_roster,
    render_canvas_csv,
    render_moodle_csv,
    write_lms_csv,
)
from coursekit.export.otter import _global_names, otter_master_notebook
from coursekit.grading.pipeline import grade_class
from coursekit.outputs.gradebook import Gradebook

SECOND = "20_gradient_clipping"


def hidden_test_names(course, assignment_id):
    """'<function>: <test>' for every hidden test, read from the test files."""
    names = []
    for path in sorted(course.autograder_dir(assignment_id).glob("test_*.py")):
        function = path.stem.removeprefix("test_")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [f"{function}: {node.name}" for node in tree.body
                  if isinstance(node, ast.FunctionDef) and node.name.startswith("test")]
    return sorted(names)


# --------------------------------------------------------------------------- Gradescope

def unpack(zip_path: Path, root: Path) -> Path:
    """The zip unpacked as Gradescope does: into ROOT/source, with ROOT/submission beside it."""
    (root / "submission").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():  # extractall drops the mode bits
            os.chmod(root / "source" / info.filename, (info.external_attr >> 16) & 0o777)
    return root


def run_autograder(root: Path, submission_text: str | None, name: str = f"{PILOT}.ipynb") -> dict:
    for old in (root / "submission").iterdir():
        old.unlink()
    if submission_text is not None:
        (root / "submission" / name).write_text(submission_text, encoding="utf-8")
    env = {**os.environ, ROOT_ENV: str(root), PYTHON_ENV: sys.executable}
    result = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_gradescope_zip_layout(course, tmp_path):
    first = gradescope_zip(course, PILOT, tmp_path / "a.zip")
    second = gradescope_zip(course, PILOT, tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()  # byte-identical on rebuild
    with zipfile.ZipFile(first) as archive:
        infos = {i.filename: i for i in archive.infolist()}
        reduced = yaml.safe_load(archive.read("course/course.yml"))
        settings = json.loads(archive.read("gradescope.json"))
    modes = {name: (infos[name].external_attr >> 16) & 0o777 for name in ("setup.sh", "run_autograder")}
    assert modes == {"setup.sh": 0o755, "run_autograder": 0o755}
    hidden = sorted(p.name for p in course.autograder_dir(PILOT).glob("test_*.py"))
    assert sorted(n.split("/")[-1] for n in infos if n.startswith(f"course/autograder/{PILOT}/")) == hidden
    assert [n for n in infos if "test_" in n.split("/")[-1] and not n.startswith("course/autograder/")] == []
    assert {f"course/release/{PILOT}/{PILOT}.ipynb", f"course/solutions/{PILOT}.py", "pyproject.toml",
            "README.md", "coursekit/grading/pipeline.py", "coursekit/sandbox/worker.py",
            "coursekit/export/gradescope_runtime.py"} <= set(infos)
    assert not any(n.startswith(("source/", "tests/", "course/autograder/" + SECOND)) for n in infos)
    assert settings == {"assignment": PILOT, "visibility": "visible"}
    asg = course.assignment(PILOT)
    assert [a["id"] for a in reduced["assignments"]] == [PILOT]
    assert reduced["assignments"][0]["points"] == asg.points
    assert reduced["limits"] == course.config.limits.model_dump(mode="json")
    unpacked = unpack(first, tmp_path / "autograder")
    loaded = load_course(unpacked / "source" / "course")
    assert loaded.assignment(PILOT) == asg


def test_gradescope_run_autograder_reference_then_template(course, tmp_path):
    from coursekit.check import grade_notebooks
    root = unpack(gradescope_zip(course, PILOT, tmp_path / "autograder.zip"), tmp_path / "autograder")
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], capture_output=True, text=True,
                           env={**os.environ, ROOT_ENV: str(root), PYTHON_ENV: sys.executable}, timeout=120)
    assert setup.returncode == 0, setup.stderr  # with COURSEKIT_PYTHON it installs nothing
    reference, template = reference_and_template(course, PILOT)
    points = course.assignment(PILOT).points
    names = hidden_test_names(course, PILOT)

    ref = run_autograder(root, notebook_text(reference))
    assert ref["score"] == points
    assert sorted(t["name"] for t in ref["tests"]) == names
    assert sum(t["max_score"] for t in ref["tests"]) == points
    assert all(t["score"] == t["max_score"] and t["status"] == "passed" and t["visibility"] == "visible"
               for t in ref["tests"])
    assert ref["stdout_visibility"] == "hidden" and ref["output_format"] == "text"

    tmpl = run_autograder(root, notebook_text(template))
    assert tmpl["score"] == 0
    assert sorted(t["name"] for t in tmpl["tests"]) == names
    assert all(t["score"] == 0 and t["status"] == "failed" for t in tmpl["tests"])
    # each test's output is the feedback message coursekit's grader gives for that test
    direct = grade_notebooks(course, {(PILOT, "template"): template})[(PILOT, "template")]
    expected = {f"{t.function}: {t.name}": t.message for t in direct.tests}
    assert {t["name"]: t["output"] for t in tmpl["tests"]} == expected
    assert all("is not implemented yet" in t["output"] for t in tmpl["tests"])


def test_gradescope_submission_cannot_read_the_hidden_tests(course, tmp_path):
    root = unpack(gradescope_zip(course, PILOT, tmp_path / "autograder.zip"), tmp_path / "autograder")
    secret = sorted((root / "source" / "course" / "autograder" / PILOT).glob("test_*.py"))[0]
    reference, _ = reference_and_template(course, PILOT)
    for cell in reference.cells:  # the first solution cell also tries to print a hidden test file
        if cell_role(cell) == "solution":
            cell.source = (f"try:\n    print(open({str(secret)!r}).read())\n"
                           f"except Exception as exc:\n    print('refused:', type(exc).__name__)\n\n" + cell.source)
            break
    results = run_autograder(root, notebook_text(reference))
    assert results["score"] == course.assignment(PILOT).points
    assert "refused:" in results["output"]
    assert "@pytest.mark.points" not in json.dumps(results)


def test_gradescope_without_a_notebook(course, tmp_path):
    root = unpack(gradescope_zip(course, PILOT, tmp_path / "autograder.zip", visibility="after_due_date"),
                  tmp_path / "autograder")
    results = run_autograder(root, "print('hello')\n", name="answer.py")
    assert results["score"] == 0 and results["tests"] == []
    assert results["output"] == f"No notebook found in your submission: upload {PILOT}.ipynb."
    assert results["visibility"] == "after_due_date"
    broken = run_autograder(root, '{"cells": [ not json')
    assert broken["score"] == 0 and broken["tests"] == []
    assert broken["output"].startswith("Your notebook could not be graded: the file is not a readable notebook")


# --------------------------------------------------------------------------- Canvas and Moodle

@pytest.fixture(scope="module")
def graded_class(course, tmp_path_factory):
    """alice: both references; bob: the pilot's template; carol: the pilot's reference a day late."""
    base = tmp_path_factory.mktemp("lms")
    subs, out = base / "submissions", base / "out"
    reference, template = reference_and_template(course, PILOT)
    second, _ = reference_and_template(course, SECOND)
    write_notebook(subs / "alice" / f"{PILOT}.ipynb", reference)
    write_notebook(subs / "alice" / f"{SECOND}.ipynb", second)
    write_notebook(subs / "bob" / f"{PILOT}.ipynb", template)
    write_notebook(subs / "carol" / f"{PILOT}.ipynb", reference)
    (subs / "carol" / f"{PILOT}.timestamp.txt").write_text("2027-02-20 12:00:00 UTC\n")  # due 02-19 23:59
    grade_class(course, subs, output=out, jobs=1)
    with Gradebook(out / "gradebook.db") as gradebook:
        notebooks = gradebook.notebooks()
    return out, notebooks


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_canvas_csv_from_the_gradebook(course, graded_class):
    out, notebooks = graded_class
    pilot, second = course.assignment(PILOT), course.assignment(SECOND)
    assert {(nb.student, nb.assignment): nb.final_score for nb in notebooks} == {
        ("alice", PILOT): 12.0, ("alice", SECOND): 11.0, ("bob", PILOT): 0.0, ("carol", PILOT): pytest.approx(10.8)}
    text, warnings = render_canvas_csv(course, notebooks)
    assert warnings == []
    assert parse(text) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{pilot.title} ({PILOT})",
         f"{second.title} ({SECOND})"],
        ["Points Possible", "", "", "", "", "12", "11"],
        ["alice", "", "alice", "alice", "", "12", "11"],
        ["bob", "", "bob", "bob", "", "0", ""],
        ["carol", "", "carol", "carol", "", "10.8", ""]]
    assert CANVAS_IDENTITY == parse(text)[0][:5]
    only = parse(render_canvas_csv(course, notebooks, assignment_ids=[SECOND])[0])
    assert only == [CANVAS_IDENTITY + [f"{second.title} ({SECOND})"], ["Points Possible", "", "", "", "", "11"],
                    ["alice", "", "alice", "alice", "", "11"]]  # only students graded in the chosen columns


def test_moodle_csv_from_the_gradebook(course, graded_class):
    _, notebooks = graded_class
    pilot, second = course.assignment(PILOT), course.assignment(SECOND)
    text, warnings = render_moodle_csv(course, notebooks)
    assert warnings == []
    assert parse(text) == [
        ["Full name", "ID number", "Email address", "Username", pilot.title, second.title],
        ["alice", "alice", "alice", "alice", "12", "11"],
        ["bob", "bob", "bob", "bob", "0", "-"],
        ["carol", "carol", "carol", "carol", "10.8", "-"]]
    assert MOODLE_IDENTITY == parse(text)[0][:4]


def test_lms_csvs_with_a_roster(course, graded_class, tmp_path):
    out, _ = graded_class
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,Name,Email,SIS ID,Canvas ID,Section,Login ID\n"
                      "bob,Bob Baker,bob@uni.example,S002,102,Lab 2,bbaker\n"
                      "alice,\"Liddell, Alice\",alice@uni.example,S001,101,Lab 1,aliddell\n"
                      "dave,Dave Dunn,dave@uni.example,S004,,Lab 1,ddunn\n", encoding="utf-8")
    assert [p.student for p in read_roster(roster)] == ["bob", "alice", "dave"]
    canvas, canvas_warnings = write_lms_csv(course, "canvas", tmp_path / "c.csv", gradebook_dir=out, roster=roster)
    moodle, moodle_warnings = write_lms_csv(course, "moodle", tmp_path / "m.csv", gradebook_dir=out, roster=roster)
    assert canvas_warnings == moodle_warnings == ["not in the roster, so left out of the file: carol"]
    assert parse(canvas.read_text(encoding="utf-8"))[1:] == [
        ["Points Possible", "", "", "", "", "12", "11"],
        ["Bob Baker", "102", "S002", "bbaker", "Lab 2", "0", ""],
        ["Liddell, Alice", "101", "S001", "aliddell", "Lab 1", "12", "11"],
        ["Dave Dunn", "", "S004", "ddunn", "Lab 1", "", ""]]
    assert parse(moodle.read_text(encoding="utf-8"))[1:] == [
        ["Bob Baker", "S002", "bob@uni.example", "bbaker", "0", "-"],
        ["Liddell, Alice", "S001", "alice@uni.example", "aliddell", "12", "11"],
        ["Dave Dunn", "S004", "dave@uni.example", "ddunn", "-", "-"]]
    bad = tmp_path / "bad.csv"
    bad.write_text("folder,email\nalice,a@b\n", encoding="utf-8")
    with pytest.raises(ExportError, match="must name the column `student`"):
        read_roster(bad)


def test_cli_export(graded_class, tmp_path):
    out, notebooks = graded_class
    def run(*args):
        return subprocess.run([sys.executable, "-m", "coursekit", "--course", str(ROOT), "export", *args],
                              capture_output=True, text=True, timeout=300)
    result = run("moodle", "--output", str(out), "--out", str(tmp_path / "m.csv"))
    assert result.returncode == 0, result.stderr
    course = load_course(ROOT)
    assert (tmp_path / "m.csv").read_bytes().decode("utf-8") == render_moodle_csv(course, notebooks)[0]
    missing = run("gradescope")
    assert missing.returncode == 2 and "the following arguments are required: id" in missing.stderr
    nothing = run("canvas", "--output", str(tmp_path / "nowhere"), "--out", str(tmp_path / "c.csv"))
    assert nothing.returncode == 2 and "no gradebook" in nothing.stderr


# --------------------------------------------------------------------------- otter-grader

def test_otter_master_notebook_format(course):
    nb = otter_master_notebook(course, PILOT)
    source = read_source(course, PILOT)
    functions = [grade_id(c) for c in source.cells if cell_role(c) == "solution"]
    points = hidden_points(course.autograder_dir(PILOT))
    raw = [c.source for c in nb.cells if c.cell_type == "raw"]
    config = yaml.safe_load(raw[0].split("\n", 1)[1])
    assert raw[0].startswith("# ASSIGNMENT CONFIG\n")
    assert config["tests"] == {"files": False, "ok_format": False} and "name" not in config
    expected = []
    for f in functions:
        expected += [f"# BEGIN QUESTION\nname: {f}\npoints: {points[f]:g}", "# BEGIN SOLUTION", "# END SOLUTION",
                     "# BEGIN TESTS", "# END TESTS", "# END QUESTION"]
    assert raw[1:] == expected
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    solutions = [s for s in code if s.lstrip().startswith("def ") and "# BEGIN SOLUTION" in s]
    assert len(solutions) == len(functions)
    assert all("### " not in s and s.count("# END SOLUTION") == 1 for s in solutions)
    # test cells: an otter test config, then one function (hidden tests: tests/test_otter_export.py)
    test_cells = [s for s in code if s.startswith('""" # BEGIN TEST CONFIG')]
    tests = [s.split('""" # END TEST CONFIG\n', 1)[1] for s in test_cells]
    visible = [t for t in tests if t.startswith("def test_")]
    assert [s.split("(", 1)[0] for s in visible] == [f"def test_{f}" for f in functions]
    first = ast.parse(visible[0]).body[0]
    assert [a.arg for a in first.args.args] == ["np", functions[0]]
    # every other cell of the source notebook is kept, in order
    others = [c.source for c in source.cells if cell_role(c) not in ("solution", "test")]
    assert [c.source for c in nb.cells if c.cell_type != "raw" and c.source not in test_cells
            and c.source not in solutions] == others


def test_otter_global_names():
    source = "out = f(x, rng.normal(size=3))\nassert all(v > 0 for v in out), g(out)\nprint([h(i) for i in y])"
    assert _global_names(source) == ["f", "g", "h", "rng", "x", "y"]
