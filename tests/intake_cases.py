"""Correct work saved the way real students, clients and LMSs save it (issue 16): one case per
bullet, made with the real tools (nbconvert --execute, the Jupyter server's contents API,
jupytext) and graded by `coursekit grade`. Used by tests/test_intake.py, and runnable to
measure any checkout of the grader:

    python tests/intake_cases.py OUT_DIR COURSEKIT COURSE_ROOT

makes the cases in OUT_DIR/cases (with this checkout's tools), grades each with the command
COURSEKIT (e.g. /work/main/.venv/bin/coursekit) on COURSE_ROOT, and prints a table: case, the
student's score and status in grades.csv (or why there is none), the exit code.
"""
from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PILOT = "05_knowledge_distillation"
BIN = Path(sys.executable).parent

HELPER = '''KL_AXIS = -1


def kl_batchmean(log_q, log_p):
    """KL(q || p) summed over classes, averaged over rows; log-probabilities of shape (N, C)."""
    q = np.exp(log_q)                                    # (N, C)
    return float((q * (log_q - log_p)).sum(axis=KL_AXIS).mean())
'''
USES_HELPER = '''def soft_target_loss(student_logits, teacher_logits, T=2.0):
    """Hinton's soft-target loss, with my helper from the cell above."""
    log_p = log_softmax_with_temperature(student_logits, T)     # (N, C)
    log_q = log_softmax_with_temperature(teacher_logits, T)     # (N, C)
    return kl_batchmean(log_q, log_p) * T ** 2
'''
EXPERIMENT = '''def show(x):
    print(x)

show(kl_batchmean(np.log(np.full((2, 3), 1 / 3)), np.log(np.full((2, 3), 1 / 3))))
'''


@dataclass
class Case:
    name: str                    # the bullet of issue 16 it belongs to, and what it is
    target: str                  # what is passed to `coursekit grade`, relative to the cases folder
    student: str = ""            # whose row in grades.csv shows the result ("" for folder-level cases)
    args: list[str] = field(default_factory=list)
    status: str = "graded"
    score: float | None = 12.0
    says: list[str] = field(default_factory=list)       # words in the student's feedback page
    summary: list[str] = field(default_factory=list)    # words in the printed summary
    exit: int = 0


def _code_cells_without_metadata(nb) -> list[dict]:
    return [{"cell_type": "code", "metadata": {}, "source": c.source, "outputs": [], "execution_count": None}
            for c in nb.cells if c.cell_type == "code"]


class JupyterServer:
    """A Jupyter server (JupyterLab's backend) on a free port, for its contents API."""

    def __init__(self, root: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/api/contents"
        self.process = subprocess.Popen(
            [str(BIN / "jupyter"), "server", "--no-browser", f"--port={self.port}", "--ServerApp.token=t",
             f"--ServerApp.root_dir={root}", "--allow-root"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                self.request("GET", "")
                return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError("the Jupyter server did not start")

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}/{path}?token=t", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def new_notebook_with(self, folder: str, name: str, cells: list[dict]) -> None:
        """What a student does in JupyterLab: File > New > Notebook, paste cells, rename, save."""
        parts = folder.split("/")
        for n in range(1, len(parts) + 1):
            self.request("PUT", "/".join(parts[:n]), {"type": "directory"})
        made = self.request("POST", folder, {"type": "notebook"})            # Untitled.ipynb
        model = self.request("GET", made["path"])["content"]
        model["cells"] = cells
        self.request("PUT", made["path"], {"type": "notebook", "format": "json", "content": model})
        self.request("PATCH", made["path"], {"path": f"{folder}/{name}"})

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=600)


def make_cases(course, root: Path) -> list[Case]:
    """Write every case under ``root``; return them."""
    from coursekit.course.build import notebook_text, reference_and_template
    from coursekit.course.notebook import cell_role, grade_id, replace_solution_cells

    root.mkdir(parents=True, exist_ok=True)
    reference, release = reference_and_template(course, PILOT)
    answers = {grade_id(c): c.source for c in reference.cells if cell_role(c) == "solution"}
    finished_nb = replace_solution_cells(release, answers)
    work = root / "_work"
    work.mkdir(exist_ok=True)
    (work / "finished.ipynb").write_text(notebook_text(finished_nb), encoding="utf-8")
    # a student's finished notebook as JupyterLab saves it after Run All: nbconvert --execute
    _run(str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute", str(work / "finished.ipynb"),
         "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=300")
    executed = (work / "executed.ipynb").read_bytes()
    blank = course.release_notebook(PILOT).read_bytes()
    cases: list[Case] = []

    def put(rel: str, data: bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    # 1. files renamed by the browser or the student
    for tag, name in [("(1)", f"{PILOT} (1).ipynb"), ("copy-of", f"Copy of {PILOT}.ipynb"),
                      ("suffix", f"{PILOT}-jdoe.ipynb"), ("title-case", "05_Knowledge_Distillation.ipynb")]:
        put(f"renamed-{tag}/jdoe/{name}", executed)
        cases.append(Case(f"renamed: `{name}`", f"renamed-{tag}", "jdoe"))
    put(f"renamed-assignment/jdoe/{PILOT} (1).ipynb", executed)
    cases.append(Case(f"renamed, with --assignment {PILOT}", "renamed-assignment", "jdoe",
                      args=["--assignment", PILOT]))
    put("renamed-content/jdoe/homework 3 final.ipynb", executed)
    cases.append(Case("a name that matches no assignment, content that does", "renamed-content", "jdoe",
                      says=["recognised as 05_knowledge_distillation by its content"],
                      summary=["recognised as 05_knowledge_distillation by its content"]))
    # 2. the blank release and the finished renamed copy in one folder
    put(f"blank-and-copy/jdoe/{PILOT}.ipynb", blank)
    put(f"blank-and-copy/jdoe/{PILOT} (1).ipynb", executed)
    cases.append(Case("the blank release and the finished copy `(1)`", "blank-and-copy", "jdoe",
                      says=[f"graded `{PILOT} (1).ipynb` (5 of 5 functions written)", "the release as handed out"],
                      summary=["the one with the most work in it"]))
    # 3. layouts
    put(f"nbgrader-course/submitted/jdoe/{PILOT}/{PILOT}.ipynb", executed)
    put(f"nbgrader-course/submitted/jdoe/{PILOT}/timestamp.txt", b"2027-02-19 10:00:00.000000 UTC")
    cases.append(Case("nbgrader's submitted/<student>/<assignment>/ with timestamp.txt", "nbgrader-course", "jdoe",
                      summary=["layout: nbgrader submitted/"]))
    put(f"canvas/doejane_LATE_20417_8812345_{PILOT}.ipynb", executed)
    cases.append(Case("Canvas bulk download, a LATE one", "canvas", "doejane",
                      says=["Canvas marked this submission LATE"], summary=["layout: Canvas bulk download"]))
    put(f"moodle/Jane Doe_1043_assignsubmission_file_/{PILOT}.ipynb", executed)
    cases.append(Case("Moodle bulk download (folders)", "moodle", "Jane Doe", summary=["layout: Moodle"]))
    put(f"by-assignment/{PILOT}/jdoe.ipynb", executed)
    cases.append(Case("SUBMISSIONS/<assignment>/<student>.ipynb", "by-assignment", "jdoe",
                      summary=["layout: SUBMISSIONS/<assignment>/<student>.ipynb"]))
    # 4. cells without nbgrader metadata
    server = JupyterServer(root)
    try:
        server.new_notebook_with("jupyterlab-fresh/jdoe", f"{PILOT}.ipynb", _code_cells_without_metadata(finished_nb))
        # 5. JupyterLab's Split Cell: both halves keep the cell's metadata (and so its grade_id)
        split = copy.deepcopy(finished_nb)
        at = next(i for i, c in enumerate(split.cells) if grade_id(c) == "distilbert_loss")
        lines = split.cells[at].source.split("\n")
        cut = next(i for i, line in enumerate(lines) if "def distilbert_loss" in line) + 4
        second = copy.deepcopy(split.cells[at])
        split.cells[at].source, second.source = "\n".join(lines[:cut]), "\n".join(lines[cut:])
        second["id"] = "split-half"
        split.cells.insert(at + 1, second)
        cells = json.loads(nbformat.writes(split))["cells"]
        server.new_notebook_with("split-cell/jdoe", f"{PILOT}.ipynb", cells)
        helper = json.loads(nbformat.writes(replace_solution_cells(release, {**answers,
                                                                            "soft_target_loss": USES_HELPER})))
        at = next(i for i, c in enumerate(helper["cells"]) if c["metadata"].get("nbgrader", {}).get(
            "grade_id") == "soft_target_loss")
        helper["cells"][at:at] = [{"cell_type": "code", "metadata": {}, "source": HELPER, "outputs": [],
                                   "execution_count": None},
                                  {"cell_type": "code", "metadata": {}, "source": EXPERIMENT, "outputs": [],
                                   "execution_count": None}]
        server.new_notebook_with("helper-cell/jdoe", f"{PILOT}.ipynb", helper["cells"])
    finally:
        server.close()
    cases.append(Case("code pasted into a fresh JupyterLab notebook (no metadata)", "jupyterlab-fresh", "jdoe",
                      says=["found by its `def`", "(no cell of your notebook has its grade_id)"]))
    # a jupytext round trip that drops cell metadata
    _run(str(BIN / "jupytext"), "--to", "py:percent", "--opt", "cell_metadata_filter=-all",
         str(work / "executed.ipynb"), "-o", str(work / "stripped.py"))
    (root / "jupytext-roundtrip" / "jdoe").mkdir(parents=True, exist_ok=True)
    _run(str(BIN / "jupytext"), "--to", "ipynb", str(work / "stripped.py"), "-o",
         str(root / "jupytext-roundtrip" / "jdoe" / f"{PILOT}.ipynb"))
    cases.append(Case("a jupytext round trip that drops cell metadata", "jupytext-roundtrip", "jdoe",
                      says=["found by its `def`"]))
    cases.append(Case("a solution split in two cells (one grade_id)", "split-cell", "jdoe",
                      says=["more than one cell with grade_id 'distilbert_loss'", "were run as one cell"]))
    cases.append(Case("a helper function in a new cell", "helper-cell", "jdoe",
                      says=["besides your solution cells, the grader ran these cells of yours",
                            "defines `show` but was not run"]))
    # 6. jupytext percent .py, byte-order mark, CRLF, nbformat 4.0
    (root / "jupytext-py" / "jdoe").mkdir(parents=True, exist_ok=True)
    _run(str(BIN / "jupytext"), "--to", "py:percent", str(work / "executed.ipynb"), "-o",
         str(root / "jupytext-py" / "jdoe" / f"{PILOT}.py"))
    cases.append(Case("a jupytext percent-format .py", "jupytext-py", "jdoe"))
    put(f"bom/jdoe/{PILOT}.ipynb", b"\xef\xbb\xbf" + executed)
    cases.append(Case("UTF-8 with a byte-order mark", "bom", "jdoe"))
    put(f"crlf/jdoe/{PILOT}.ipynb", executed.replace(b"\n", b"\r\n"))
    cases.append(Case("CRLF line ends", "crlf", "jdoe"))
    old = json.loads(executed)
    old["nbformat_minor"] = 0
    for cell in old["cells"]:
        cell.pop("id", None)
    put(f"nbformat-4.0/jdoe/{PILOT}.ipynb", json.dumps(old, indent=1).encode())
    cases.append(Case("nbformat 4.0 (no cell ids)", "nbformat-4.0", "jdoe"))
    # 7. a student who prints too much
    loud = replace_solution_cells(release, {**answers, "softmax_with_temperature": answers[
        "softmax_with_temperature"].replace('"""\n', '"""\n    print("x" * 600_000)\n', 1)})
    put(f"prints-600kb/jdoe/{PILOT}.ipynb", notebook_text(loud).encode())
    cases.append(Case("prints 600 KB per call", "prints-600kb", "jdoe", says=["the first 256 KiB are kept"]))
    # 8. the command line
    put(f"one-file/jdoe/{PILOT}.ipynb", executed)
    cases.append(Case("coursekit grade FILE", f"one-file/jdoe/{PILOT}.ipynb", "jdoe", summary=["layout: one file"]))
    cases.append(Case("a wrong SUBMISSIONS path", "no-such-folder", status="", score=None,
                      summary=["no such file or folder"], exit=2))
    (root / "empty").mkdir(exist_ok=True)
    cases.append(Case("an empty folder", "empty", status="", score=None, summary=["nothing was graded"], exit=2))
    put("wrong-layout/submissions.zip", b"PK\x05\x06" + b"\x00" * 18)
    put("wrong-layout/jdoe/answers.pdf", b"%PDF-1.4\n")
    cases.append(Case("a folder of the wrong kind (a zip, a pdf)", "wrong-layout", status="", score=None,
                      summary=["ignored: 2 file(s)", "not a notebook", "unzip it", "nothing was graded"], exit=2))
    put(f"bad-timestamp/jdoe/{PILOT}.ipynb", executed)
    put(f"bad-timestamp/jdoe/{PILOT}.timestamp.txt", b"last Friday")
    cases.append(Case("a bad <id>.timestamp.txt", "bad-timestamp", "jdoe", says=["is not a time"],
                      summary=["bad timestamps: 1", "'last Friday' is not a time"]))
    shutil.rmtree(work)
    return cases


@dataclass
class Outcome:
    score: str          # "12 graded", or why there is no row
    exit: int
    stdout: str
    stderr: str
    feedback: str


def grade_case(case: Case, cases_dir: Path, coursekit: list[str], course_root: Path, out: Path) -> Outcome:
    """Run `coursekit grade` on the case; what grades.csv and the feedback say of its student."""
    result = subprocess.run([*coursekit, "--course", str(course_root), "grade", str(cases_dir / case.target),
                             "--output", str(out), "--jobs", "1", *case.args],
                            capture_output=True, text=True, timeout=600, cwd=out.parent,  # not this checkout
                            env={**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONDONTWRITEBYTECODE": "1"})
    rows = []
    if (out / "grades.csv").is_file():
        with open(out / "grades.csv", encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["student"] == case.student]
    if "Traceback" in result.stderr:
        score = "traceback: " + result.stderr.strip().splitlines()[-1][:60]
    elif rows:
        score = f"{rows[0]['score']} {rows[0]['status']}"
    else:
        score = "no row"
    page = out / "feedback" / case.student / f"{PILOT}.html"
    feedback = page.read_text(encoding="utf-8") if case.student and page.is_file() else ""
    return Outcome(score, result.returncode, result.stdout, result.stderr, feedback)


def main(argv: list[str]) -> int:
    out, coursekit, course_root = Path(argv[0]), argv[1].split(), Path(argv[2])
    sys.path.insert(0, str(ROOT))
    from coursekit.course.config import load_course
    cases_dir = out / "cases"
    if cases_dir.exists():
        shutil.rmtree(cases_dir)
    cases = make_cases(load_course(ROOT), cases_dir)
    print("| case | score (status) | exit |\n|---|---|---|")
    for i, case in enumerate(cases):
        got = grade_case(case, cases_dir, coursekit, course_root, out / f"out-{i}")
        print(f"| {case.name} | {got.score} | {got.exit} |", flush=True)
    return 0



if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
