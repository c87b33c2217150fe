"""Issue 16: every real submission is found, identified and graded, or accounted for.

The cases (tests/intake_cases.py) are correct work saved as real students, clients and LMSs
save it, made with nbconvert --execute, the Jupyter server's contents API and jupytext; each is
graded by the command line and must get its score, status, feedback words, summary words and
exit code. Then the roster, the AST rule and the layouts in detail."""
import csv
import io

import pytest
from conftest import PILOT, write_notebook
from intake_cases import USES_HELPER, make_cases

from coursekit import cli
from coursekit.course.build import reference_and_template
from coursekit.course.cellcode import analyse_cell, imported_modules
from coursekit.course.notebook import cell_role, extract_grading_cells, grade_id, replace_solution_cells
from coursekit.export.lms import render_canvas_csv, render_moodle_csv
from coursekit.grading.intake import find_submissions, name_match
from coursekit.grading.pipeline import grade_class
from coursekit.outputs.gradebook import Gradebook

FULL = 12.0


@pytest.fixture(scope="module")
def cases(course, tmp_path_factory):
    root = tmp_path_factory.mktemp("intake") / "cases"
    return root, {case.name: case for case in make_cases(course, root)}


def _grade_cli(course, target, out, *args, capsys):
    code = cli.main(["--course", str(course.root), "grade", str(target), "--output", str(out), "--jobs", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _row(out, student, assignment=PILOT):
    if not (out / "grades.csv").is_file():
        return None
    with open(out / "grades.csv", encoding="utf-8") as handle:
        return next((r for r in csv.DictReader(handle) if r["student"] == student and r["assignment"] == assignment),
                    None)


CASE_NAMES = [
    "renamed: `05_knowledge_distillation (1).ipynb`", "renamed: `Copy of 05_knowledge_distillation.ipynb`",
    "renamed: `05_knowledge_distillation-jdoe.ipynb`", "renamed: `05_Knowledge_Distillation.ipynb`",
    "renamed, with --assignment 05_knowledge_distillation", "a name that matches no assignment, content that does",
    "the blank release and the finished copy `(1)`", "nbgrader's submitted/<student>/<assignment>/ with timestamp.txt",
    "Canvas bulk download, a LATE one", "Moodle bulk download (folders)", "SUBMISSIONS/<assignment>/<student>.ipynb",
    "code pasted into a fresh JupyterLab notebook (no metadata)", "a jupytext round trip that drops cell metadata",
    "a solution split in two cells (one grade_id)", "a helper function in a new cell",
    "a jupytext percent-format .py", "UTF-8 with a byte-order mark", "CRLF line ends", "nbformat 4.0 (no cell ids)",
    "prints 600 KB per call", "coursekit grade FILE", "a wrong SUBMISSIONS path", "an empty folder",
    "a folder of the wrong kind (a zip, a pdf)", "a bad <id>.timestamp.txt",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(cases, course, tmp_path, capsys, name):
    root, by_name = cases
    case = by_name[name]
    out = tmp_path / "out"
    code, printed = _grade_cli(course, root / case.target, out, *case.args, capsys=capsys)
    assert code == case.exit, f"{name}: exit {code}, expected {case.exit}\n{printed}"
    for words in case.summary:
        assert words in printed, f"{name}: the summary does not say {words!r}:\n{printed}"
    if not case.student:
        assert "Traceback" not in printed
        return
    row = _row(out, case.student)
    assert row is not None, f"{name}: no row for {case.student} in grades.csv\n{printed}"
    assert (float(row["score"]), row["status"]) == (case.score, case.status), f"{name}: {row}\n{printed}"
    page = (out / "feedback" / case.student / f"{PILOT}.html").read_text(encoding="utf-8")
    for words in case.says:
        assert words.replace("'", "&#39;") in page, f"{name}: the feedback does not say {words!r}"


def test_every_case_is_tested(cases):
    assert sorted(cases[1]) == sorted(CASE_NAMES)


# --------------------------------------------------------------------------- the roster

@pytest.fixture
def roster_class(course_copy, tmp_path):
    """ada (finished, in a renamed file), bo (on the roster, nothing handed in), zed (not on the
    roster); the roster given in course.yml."""
    reference, release = reference_and_template(course_copy, PILOT)
    subs = tmp_path / "subs"
    write_notebook(subs / "ada" / f"Copy of {PILOT}.ipynb", reference)
    write_notebook(subs / "zed" / f"{PILOT}.ipynb", release)
    (subs / "bo").mkdir()
    (subs / "bo" / "notes.txt").write_text("I will hand in tomorrow")
    (course_copy.root / "roster.csv").write_text("student,name,email,lms_id\nada,Ada Lovelace,ada@uni.example,101\n"
                                                 "bo,Bo Berg,bo@uni.example,102\n", encoding="utf-8")
    text = (course_copy.root / "course.yml").read_text(encoding="utf-8")
    text = text.replace("\nassignments:", "\nroster: roster.csv\nassignments:", 1)
    (course_copy.root / "course.yml").write_text(text, encoding="utf-8")
    from coursekit.course.config import load_course
    return load_course(course_copy.root), subs


def test_roster_missing_rows_feedback_and_flags(roster_class, tmp_path, capsys):
    course, subs = roster_class
    out = tmp_path / "out"
    code, printed = _grade_cli(course, subs, out, "--assignment", PILOT, capsys=capsys)
    assert code == 1, printed                               # bo's notes.txt was ignored
    assert _row(out, "ada")["status"] == "graded" and float(_row(out, "ada")["score"]) == FULL
    assert (_row(out, "bo")["status"], float(_row(out, "bo")["score"])) == ("missing", 0.0)
    assert _row(out, "zed")["status"] == "graded"
    page = (out / "feedback" / "bo" / f"{PILOT}.html").read_text(encoding="utf-8")
    assert "no notebook for this assignment was found for you" in page and "Score: 0 / 12" in page
    assert "is not on the class roster" in (out / "feedback" / "zed" / f"{PILOT}.html").read_text(encoding="utf-8")
    assert "missing: 1" in printed and "bo / 05_knowledge_distillation" in printed
    assert "not on the roster: 1" in printed and "    zed" in printed
    assert "notes.txt: not a notebook" in printed
    with Gradebook(out / "gradebook.db") as gradebook:
        notebooks = gradebook.notebooks()
    assert {(nb.student, nb.status) for nb in notebooks} == {("ada", "graded"), ("bo", "missing"), ("zed", "graded")}
    # the exports use the same rows: bo's 0 is there (a roster maps identities; zed is left out with a warning)
    from coursekit.course.roster import read_roster
    roster = read_roster(course.root / "roster.csv")
    canvas, warnings = render_canvas_csv(course, notebooks, roster)
    rows = list(csv.reader(io.StringIO(canvas)))
    assert rows[2:] == [["Ada Lovelace", "101", "", "", "", "12"], ["Bo Berg", "102", "", "", "", "0"]]
    assert warnings == ["not in the roster, so left out of the file: zed"]
    moodle, _ = render_moodle_csv(course, notebooks)
    assert ["bo", "bo", "bo", "bo", "0"] in list(csv.reader(io.StringIO(moodle)))
    # a submission from bo later: graded, replacing the missing row
    reference, _ = reference_and_template(course, PILOT)
    write_notebook(subs / "bo" / f"{PILOT}.ipynb", reference)
    again = grade_class(course, subs, output=out, assignment=PILOT, jobs=1)
    assert [nb.student for nb in again.graded] == ["bo"] and not again.missing
    assert (_row(out, "bo")["status"], float(_row(out, "bo")["score"])) == ("graded", FULL)


def test_roster_option_and_canvas_user_ids(course, tmp_path, capsys):
    """--roster maps a Canvas file to the roster's student by the Canvas user id (lms_id)."""
    reference, _ = reference_and_template(course, PILOT)
    subs = tmp_path / "canvas"
    write_notebook(subs / f"lovelaceada_101_9001_{PILOT}.ipynb", reference)
    write_notebook(subs / f"bergbo_LATE_102_9002_{PILOT}-1.ipynb", reference)
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,lms_id\nada,Ada Lovelace,101\nbo,Bo Berg,102\ncy,Cy Young,103\n", encoding="utf-8")
    out = tmp_path / "out"
    code, printed = _grade_cli(course, subs, out, "--roster", str(roster), capsys=capsys)
    assert code == 0, printed
    assert "layout: Canvas bulk download" in printed
    assert {s: _row(out, s)["status"] for s in ("ada", "bo", "cy")} == {"ada": "graded", "bo": "graded",
                                                                         "cy": "missing"}
    feedback = (out / "feedback" / "bo" / f"{PILOT}.html").read_text()
    assert "Canvas marked this submission LATE" in feedback and f"{PILOT}-1.timestamp.txt" in feedback
    assert float(_row(out, "bo")["late_penalty"]) == 0.0  # no time: no penalty, and the feedback says how to give one
    # the TA writes the time Canvas shows beside the file: graded again (the time is part of "unchanged"),
    # two started days after the due date and its 15 minutes' grace: 2 x 10% of the 12 points
    (subs / f"bergbo_LATE_102_9002_{PILOT}-1.timestamp.txt").write_text("2027-02-21 12:00:00 UTC\n", encoding="utf-8")
    code, printed = _grade_cli(course, subs, out, "--roster", str(roster), capsys=capsys)
    assert code == 0, printed
    row = _row(out, "bo")
    assert float(row["late_penalty"]) == 2.4 and float(row["score"]) == float(row["autograded"]) - 2.4, row
    feedback = (out / "feedback" / "bo" / f"{PILOT}.html").read_text()
    assert "the late policy uses its time from" in feedback and "no late penalty was applied" not in feedback


# --------------------------------------------------------------------------- the AST rule

def _cells(*sources):
    return [analyse_cell(s, imported_modules(["import numpy as np", *sources])) for s in sources]


def test_ast_rule_definitions_and_side_effects():
    defines, = _cells("import math\nEPS = 1e-12\nSCALE = np.sqrt(2.0)\nA, B = (1, 2)\nrng = np.random.default_rng(0)\n"
                      "def f(x, k=max(1, 2)):\n    print(x)\n    return x\n\nclass C:\n    n: int = 3\n"
                      "try:\n    import scipy\nexcept ImportError:\n    scipy = None\n")
    assert defines.only_defines and defines.functions == ("f", "C")
    assert set(defines.defines) >= {"math", "EPS", "SCALE", "A", "B", "rng", "f", "C", "scipy"}
    effects = {
        "print('hi')": "print", "for i in range(3):\n    pass": "for",
        "np.allclose = lambda *a, **k: True": "np.allclose",
        "d = {}\nd['k'] = 1": "d['k']", "x = train(model)": "train", "plt.plot([1, 2])": "plt.plot",
        "with open('f') as h:\n    pass": "with", "assert f(1) == 1": "assert", "n = 0\nn += 1": "n += 1",
        "y = [f(i) for i in range(3)]": "y = ", "z = np.ones(3).sum()": "z = ",
    }
    for source, where in effects.items():
        code, = _cells(source)
        assert not code.only_defines and any(where in text for _, text in code.effects), source


def test_setup_names_stay_the_releases_and_patches_never_run(course):
    """A helper cell that rebinds a setup name runs before the setup cells run again; a cell that
    patches numpy has a side effect and never runs (and would be powerless in the sandbox)."""
    reference, release = reference_and_template(course, PILOT)
    student = reference.copy()
    student.cells = list(reference.cells)
    import nbformat
    helper = "import numpy as np\nnp = None\n\ndef helper(x):\n    return x\n"
    student.cells.insert(1, nbformat.v4.new_code_cell(helper))
    student.cells.insert(2, nbformat.v4.new_code_cell("import numpy as np\nnp.allclose = lambda *a, **k: True\n"))
    extraction = extract_grading_cells(release, student)
    roles = [c.role for c in extraction.cells]
    assert roles[:4] == ["setup", "extra", "setup", "solution"], roles
    assert all("allclose" not in c.source for c in extraction.cells)
    assert any("redefine `np`" in w and "run again" in w for w in extraction.warnings)


def test_template_left_and_function_written_in_a_new_cell(course):
    """The release's solution cell untouched, the function written in a new cell below it."""
    import nbformat
    reference, release = reference_and_template(course, PILOT)
    student = release.copy()
    student.cells = list(release.cells)
    at = next(i for i, c in enumerate(student.cells) if grade_id(c) == "soft_target_loss")
    student.cells.insert(at + 1, nbformat.v4.new_code_cell(USES_HELPER.replace("kl_batchmean(log_q, log_p)",
                                                                              "float((np.exp(log_q) * (log_q - log_p)"
                                                                              ").sum(-1).mean())")))
    extraction = extract_grading_cells(release, student)
    mine = [c for c in extraction.cells if c.grade_id == "soft_target_loss"]
    assert len(mine) == 1 and "my helper" in mine[0].source
    assert any("is still the release's template" in w for w in extraction.warnings)


def test_reference_and_template_extract_as_before(course):
    reference, release = reference_and_template(course, PILOT)
    for nb in (reference, release):
        extraction = extract_grading_cells(release, nb)
        assert [c.role for c in extraction.cells] == ["setup"] + ["solution"] * 5 and extraction.warnings == []


# --------------------------------------------------------------------------- layouts in detail

def test_name_match():
    ids = [PILOT, "15_layernorm_variants"]
    for name in [f"{PILOT} (1)", f"Copy of {PILOT}", f"{PILOT}-jdoe", "05_Knowledge_Distillation",
                 f"{PILOT}-1", f"{PILOT}.checkpoint"]:
        assert name_match(name, ids) == PILOT, name
    assert name_match("homework", ids) is None and name_match("x05_knowledge_distillationx", ids) is None


def test_moodle_flat_files_and_unreadable_with_assignment(course, tmp_path):
    reference, _ = reference_and_template(course, PILOT)
    subs = tmp_path / "moodle"
    write_notebook(subs / f"Ada Lovelace_88_assignsubmission_file_{PILOT}.ipynb", reference)
    (subs / "Bo Berg_89_assignsubmission_file_mywork.ipynb").write_text("{not json")
    intake = find_submissions(course, subs, PILOT)
    assert intake.layout.startswith("Moodle")
    assert sorted((s.student, s.problem is None) for s in intake.submissions) == [("Ada Lovelace", True),
                                                                                   ("Bo Berg", False)]
    alone = find_submissions(course, subs)
    assert [p.name for p, _ in alone.unreadable] == ["Bo Berg_89_assignsubmission_file_mywork.ipynb"]


def test_content_decides_over_the_name(course, tmp_path):
    reference, _ = reference_and_template(course, PILOT)
    other = "15_layernorm_variants"
    write_notebook(tmp_path / "s" / "ada" / f"{other}.ipynb", reference)    # 05's work saved as 15
    intake = find_submissions(course, tmp_path / "s")
    assert [(s.assignment, s.notes) for s in intake.submissions] == [
        (PILOT, (f"recognised as {PILOT} by its content, although its name says {other}",))]


def test_split_cells_run_in_notebook_order(course):
    import copy
    reference, release = reference_and_template(course, PILOT)
    answers = {grade_id(c): c.source for c in reference.cells if cell_role(c) == "solution"}
    nb = replace_solution_cells(release, answers)
    at = next(i for i, c in enumerate(nb.cells) if grade_id(c) == "cosine_embedding_loss")
    half = copy.deepcopy(nb.cells[at])
    half.source = "COSINE_NOTE = 'second half'\n"
    nb.cells.insert(at + 1, half)
    mine = [c for c in extract_grading_cells(release, nb).cells if c.grade_id == "cosine_embedding_loss"]
    assert len(mine) == 1 and mine[0].source.endswith("COSINE_NOTE = 'second half'\n")
    assert mine[0].source.startswith("def cosine_embedding_loss")


def test_namesakes_and_blind_marking_keep_students_apart(course, tmp_path):
    """Moodle's blind marking names every folder "Participant_<id>"; two Canvas users may share a name."""
    reference, _ = reference_and_template(course, PILOT)
    moodle = tmp_path / "moodle"
    for n in ("1001", "1002"):
        write_notebook(moodle / f"Participant_{n}_assignsubmission_file_" / f"{PILOT}.ipynb", reference)
    assert sorted(s.student for s in find_submissions(course, moodle).submissions) == ["Participant_1001",
                                                                                         "Participant_1002"]
    canvas = tmp_path / "canvas"
    write_notebook(canvas / f"leeann_501_1_{PILOT}.ipynb", reference)
    write_notebook(canvas / f"leeann_502_2_{PILOT}.ipynb", reference)
    write_notebook(canvas / f"anon_Xy12Z_3_{PILOT}.ipynb", reference)
    assert sorted(s.student for s in find_submissions(course, canvas).submissions) == ["anon_Xy12Z", "leeann_501",
                                                                                         "leeann_502"]
