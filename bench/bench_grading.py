"""Grade a class of the pilot assignment with coursekit, nbgrader and otter-grader, in one run.

    .venv/bin/python bench/bench_grading.py [--n 200] [--nbgrader-n N] [--otter-n N] [--skip-otter]

Makes a class of --n submissions of 05_knowledge_distillation (reference, template and every
mutant in tests/mutants/, in turn; each a copy of the release notebook holding that student's
solution cells) in a temporary directory, then, in the same run:

- coursekit: ``grade_class(course, subs, output=tmp, jobs=N)`` with jobs = cores and jobs = 1,
  each in a child process (time of the call, peak memory of the grader's process tree);
- bare: the student code alone, two ways (see bench/README.md);
- scaling: coursekit for 50, 100, 200 and 400 submissions;
- nbgrader: ``nbgrader generate_assignment`` and ``nbgrader autograde`` in a temporary
  nbgrader course made from the same source notebook, on the first --nbgrader-n students;
- otter-grader: an otter-assign master notebook made from the same source notebook,
  ``otter assign``, then ``otter run`` per submission on the first --otter-n students (otter is
  installed into its own virtualenv under /tmp, never into the project's);
- build: ``coursekit.course.build.build_outputs`` for every assignment of course.yml (in memory).

Prints one plain line per result and the ratios; checks that every reference gets full marks
and every template zero from every grader; exits 1 when a verdict is not as expected.
Writes nothing inside the repository.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import inspect
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the course's files

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "05_knowledge_distillation"
BIN = Path(sys.executable).parent  # the project venv's bin/: nbgrader, and alembic, which nbgrader runs by name
CHILD_ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def say(message: str) -> None:
    """A result line (stdout)."""
    print(message, flush=True)


def note(message: str) -> None:
    """Progress (stderr), so that stdout holds only results."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def load() -> str:
    return f"[load {os.getloadavg()[0]:.1f}]"


# --------------------------------------------------------------------------- the class

@dataclass(frozen=True)
class Student:
    name: str
    kind: str      # "reference", "template" or "mutant-<name>"
    expect: str    # "full", "zero" or "partial"


def solution_sources(nb) -> dict[str, str]:
    from coursekit.course.notebook import cell_role, grade_id
    return {grade_id(c): c.source for c in nb.cells if cell_role(c) == "solution"}


def make_class(course, n: int, dest: Path) -> list[Student]:
    """dest/<student>/<ASSIGNMENT>.ipynb for n students: what a student submits, i.e. the
    release notebook with that student's solution cells (reference, template or a mutant, in turn)."""
    from coursekit.course.build import notebook_text, reference_and_template
    from coursekit.course.notebook import cell_role, grade_id, graded_functions
    from coursekit.mutants import apply_mutant, load_mutants

    reference, template = reference_and_template(course, ASSIGNMENT)
    mutants = load_mutants(course.mutants_dir(ASSIGNMENT), graded_functions(reference))
    kinds = [("reference", "full", solution_sources(reference)), ("template", "zero", solution_sources(template))]
    kinds += [(f"mutant-{m.name}", "partial", solution_sources(apply_mutant(reference, m))) for m in mutants]
    roster = []
    for i in range(n):
        kind, expect, sources = kinds[i % len(kinds)]
        student = Student(f"s{i:04d}-{kind}", kind, expect)
        nb = copy.deepcopy(template)
        first = True
        for cell in nb.cells:
            if cell_role(cell) == "solution":
                # each notebook is distinct (as in a real class), the code the same for one kind
                cell.source = (f"# submitted by {student.name}\n" if first else "") + sources[grade_id(cell)]
                first = False
        path = dest / student.name / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_text(nb), encoding="utf-8")
        roster.append(student)
    return roster


def verdicts(grader: str, roster: list[Student], scores: dict[str, tuple[float, float]], quiet: bool = False) -> bool:
    """Print one line for the grader: do references get full marks and templates zero?"""
    bad, checked, missing = [], 0, []
    for s in roster:
        if s.expect not in ("full", "zero"):
            continue
        if s.name not in scores:
            missing.append(s.name)
            continue
        score, max_score = scores[s.name]
        checked += 1
        ok = abs(score - max_score) < 1e-9 if s.expect == "full" else abs(score) < 1e-9
        if not ok:
            bad.append(f"{s.name} {score:g}/{max_score:g}")
    refs = sum(1 for s in roster if s.kind == "reference" and s.name in scores)
    tmpl = sum(1 for s in roster if s.kind == "template" and s.name in scores)
    if bad or missing or not refs or not tmpl:
        say(f"check {grader}: VERDICT DISAGREES: " + "; ".join(bad + [f"{m}: no score" for m in missing]
                                                                + ([] if refs and tmpl else ["no reference or template graded"])))
        return False
    if not quiet:
        say(f"check {grader}: ok, {refs} reference(s) full marks, {tmpl} template(s) zero")
    return True


def mutants_caught(roster: list[Student], scores: dict[str, tuple[float, float]]) -> str:
    kinds = sorted({s.kind for s in roster if s.expect == "partial" and s.name in scores})
    caught = {s.kind for s in roster if s.expect == "partial" and s.name in scores
              and scores[s.name][0] < scores[s.name][1] - 1e-9}
    return f"{len(caught)}/{len(kinds)} mutants lose points"


# --------------------------------------------------------------------------- measuring a process tree

def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, rss pages) for every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        fields = data[data.rfind(b")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[21]))
    return table


class TreeSampler:
    """Samples the summed resident memory of a process and all its descendants (5 times a second).
    A sum of RSS counts pages shared between processes (e.g. NumPy in forked workers) more than once."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.peak_processes = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(0.2):
            table = _proc_table()
            children: dict[int, list[int]] = {}
            for pid, (ppid, _) in table.items():
                children.setdefault(ppid, []).append(pid)
            todo, tree = [self.pid], []
            while todo:
                pid = todo.pop()
                if pid in table:
                    tree.append(pid)
                todo += children.get(pid, [])
            total = sum(table[p][1] for p in tree) * page
            if total > self.peak:
                self.peak, self.peak_processes = total, len(tree)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _child_reaper(usage_path: str, command: list[str]) -> int:
    """A wrapper above a grader: it becomes the subreaper of the grader's tree, so that every process
    of the tree, also those orphaned when their parent is killed (coursekit kills its fork server and
    workers' process groups, which an ordinary getrusage(RUSAGE_CHILDREN) then never sees), is reaped
    here; then its RUSAGE_CHILDREN holds the CPU time and the largest peak RSS of the whole tree."""
    import ctypes
    import signal
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    child = subprocess.Popen(command)
    code, deadline = None, None
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG if code is not None else 0)
        except ChildProcessError:
            break
        if pid == child.pid:
            code = child.returncode = os.waitstatus_to_exitcode(status)
            deadline = time.monotonic() + 60
        elif pid == 0:  # the grader is done; strays of its tree still run
            if time.monotonic() > deadline:  # our own descendants, by pid
                for pid, (ppid, _) in _proc_table().items():
                    if ppid == os.getpid():
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
            time.sleep(0.05)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(usage_path).write_text(json.dumps({"returncode": code, "cpu": usage.ru_utime + usage.ru_stime,
                                            "maxrss": usage.ru_maxrss * 1024}))
    return 0


class Tree:
    """A command run under _child_reaper: wall time, CPU time of the whole tree, peak memory."""

    def __init__(self, command: list[str], work: Path, **popen):
        work.mkdir(parents=True, exist_ok=True)
        fd, self.usage_path = tempfile.mkstemp(dir=work, prefix="usage-", suffix=".json")
        os.close(fd)
        self.start = time.perf_counter()
        popen.setdefault("env", CHILD_ENV)
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child-reaper",
                                         self.usage_path, "--", *command], text=True, **popen)
        self.sampler = TreeSampler(self.process.pid)

    def finish(self) -> Tree:
        """After the process has been waited for (communicate, wait)."""
        self.process.wait()
        self.wall = time.perf_counter() - self.start
        self.sampler.stop()
        usage = json.loads(Path(self.usage_path).read_text() or "{}")
        self.returncode, self.cpu, self.maxrss = usage.get("returncode"), usage.get("cpu", 0.0), usage.get("maxrss", 0)
        return self


# --------------------------------------------------------------------------- coursekit

@dataclass
class CoursekitRun:
    n: int
    jobs: int
    seconds: float          # the grade_class call
    process_seconds: float  # the whole child process, Python start-up and imports included
    scores: dict
    maxrss_self: int        # bytes: the grader process (getrusage RUSAGE_SELF in it)
    maxrss_children: int    # bytes: its largest reaped descendant (getrusage RUSAGE_CHILDREN in it)
    maxrss_tree: int        # bytes: the largest process of the whole tree (through the subreaper)
    tree_peak: int          # bytes: the sampled peak of the summed RSS of the tree
    tree_processes: int
    cpu: float              # CPU seconds of the whole tree, start-up included
    cpu_self: float         # CPU seconds of the grader process alone

    @property
    def cpu_per(self) -> float:
        return self.cpu / max(self.n, 1)

    @property
    def per(self) -> float:
        return self.seconds / max(self.n, 1)


def _child_coursekit(spec: str) -> None:
    """In a child process: one grade_class call; prints a JSON line."""
    args = json.loads(spec)
    from coursekit.course.config import load_course
    from coursekit.grading.pipeline import grade_class
    course = load_course(ROOT)
    start = time.perf_counter()
    result = grade_class(course, Path(args["subs"]), output=Path(args["out"]), jobs=args["jobs"])
    seconds = time.perf_counter() - start
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu_self": own.ru_utime + own.ru_stime,
                      "scores": {nb.student: [nb.score, nb.max_score] for nb in result.graded},
                      "maxrss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
                      "maxrss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale}))


def grade_coursekit(subs: Path, out: Path, n: int, jobs: int) -> CoursekitRun:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    spec = json.dumps({"subs": str(subs), "out": str(out), "jobs": jobs})
    tree = Tree([sys.executable, str(Path(__file__).resolve()), "--child-coursekit", spec], out.parent / "usage",
                stdout=subprocess.PIPE)
    stdout, _ = tree.process.communicate()
    tree.finish()
    if tree.returncode != 0:
        raise RuntimeError(f"coursekit grading exited {tree.returncode}")
    data = json.loads(stdout.strip().splitlines()[-1])
    return CoursekitRun(n, jobs, data["seconds"], tree.wall, {k: tuple(v) for k, v in data["scores"].items()},
                        data["maxrss_self"], data["maxrss_children"], tree.maxrss, tree.sampler.peak,
                        tree.sampler.peak_processes, tree.cpu, data["cpu_self"])


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


# --------------------------------------------------------------------------- bare: the student code alone

BARE_SCRIPT = r"""
import contextlib, io, json, sys, warnings
import numpy as np
warnings.simplefilter("ignore")
data = json.load(open(sys.argv[1]))
namespace = {"__name__": "__main__"}
with contextlib.redirect_stdout(io.StringIO()):
    for source in data["cells"] + data["tests"]:
        try:
            exec(compile(source, "<cell>", "exec"), namespace)
        except Exception:
            pass
"""


def bare_process(course, subs: Path, roster: list[Student], count: int, work: Path) -> tuple[float, float]:
    """(wall, CPU) seconds per notebook for a fresh `python -I -c` that imports NumPy, runs the release's setup
    cells and the student's solution cells, then the visible test cells (each call of each graded
    function on the visible tests' inputs); notebooks one after another."""
    import nbformat

    from coursekit.course.notebook import cell_role, extract_grading_cells
    release = nbformat.read(course.release_notebook(ASSIGNMENT), as_version=4)
    tests = [c.source for c in release.cells if cell_role(c) == "test"]
    work.mkdir(parents=True, exist_ok=True)
    payloads = []
    for s in roster[:count]:
        student_nb = nbformat.read(subs / s.name / f"{ASSIGNMENT}.ipynb", as_version=4)
        cells = [c.source for c in extract_grading_cells(release, student_nb).cells]
        path = work / f"{s.name}.json"
        path.write_text(json.dumps({"cells": cells, "tests": tests}))
        payloads.append(path)
    env = {"PATH": os.environ.get("PATH", ""), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for path in payloads:
        subprocess.run([sys.executable, "-I", "-c", BARE_SCRIPT, str(path)], check=True, env=env, cwd=work)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall / max(len(payloads), 1), cpu / max(len(payloads), 1)


def record_hidden_calls(course) -> list[list[tuple[str, tuple, dict]]]:
    """Run the hidden tests once in this process with a recording `student` that answers with the
    reference: the exact calls (function, arguments) the hidden tests make, grouped by test."""
    import pytest

    from coursekit.grading.proxy import Call
    from coursekit.grading.runner import load_reference
    reference = load_reference(course.solution_module(ASSIGNMENT), ASSIGNMENT)
    groups: list[list] = []

    class Recorder:
        """The hidden tests' ``student`` (grading/proxy.StudentProxy's interface), answered here."""

        last_call = None

        def with_reference(self, *functions):
            return self  # every call is answered by the reference already

        def code_of(self, function=None):
            return inspect.getsource(getattr(reference, function)) if function else inspect.getsource(reference)

        def __getattr__(self, name):
            if name.startswith("_"):
                raise AttributeError(name)

            def call(*args, **kwargs):
                groups[-1].append((name, copy.deepcopy(args), copy.deepcopy(kwargs)))
                value = getattr(reference, name)(*args, **kwargs)
                self.last_call = Call(name, args, kwargs, value)
                return value
            return call

    class Plugin:
        def pytest_configure(self, config):
            config.addinivalue_line("markers", "points(n): points")

        @pytest.fixture
        def student(self):
            groups.append([])
            return Recorder()

        @pytest.fixture
        def reference(self):
            return reference

    directory = course.autograder_dir(ASSIGNMENT)
    with contextlib.redirect_stdout(io.StringIO()):
        code = pytest.main([str(directory), "-p", "no:cacheprovider", "-p", "no:terminal",
                            "--import-mode=importlib", "-c", os.devnull, "--rootdir", str(directory),
                            "-W", "ignore"], plugins=[Plugin()])
    if code != 0:
        raise RuntimeError(f"the hidden tests do not pass against the reference (pytest exit {int(code)})")
    return [g for g in groups if g]


def bare_compute(course, subs: Path, roster: list[Student], groups) -> float:
    """Seconds per notebook, in this process with NumPy imported: exec the setup and solution cells,
    then every call the hidden tests make (a test's calls stop at its first exception, as the test does).
    Nothing else: no process, no sandbox, no pytest, no comparison, no gradebook."""
    import nbformat

    from coursekit.course.notebook import extract_grading_cells
    release = nbformat.read(course.release_notebook(ASSIGNMENT), as_version=4)
    total = 0.0
    sink = io.StringIO()
    for s in roster:
        student_nb = nbformat.read(subs / s.name / f"{ASSIGNMENT}.ipynb", as_version=4)
        cells = [compile(c.source, "<cell>", "exec") for c in extract_grading_cells(release, student_nb).cells]
        calls = copy.deepcopy(groups)
        namespace = {"__name__": "__main__"}
        with contextlib.redirect_stdout(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            for code in cells:
                try:
                    exec(code, namespace)
                except Exception:
                    pass
            for group in calls:
                for name, args, kwargs in group:
                    try:
                        namespace[name](*args, **kwargs)
                    except Exception:
                        break
            total += time.perf_counter() - start
        sink.seek(0)
        sink.truncate()
    return total / max(len(roster), 1)


# --------------------------------------------------------------------------- nbgrader

NBGRADER_CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "coursekit-bench"
c.ExecutePreprocessor.timeout = 600   # per cell; the machine may be loaded
"""


@dataclass
class NbgraderRun:
    n: int
    seconds: float        # nbgrader autograde, the whole command
    startup: float        # from the start of the command to its first student
    generate_seconds: float
    scores: dict
    cpu: float            # CPU seconds of nbgrader autograde and its kernels
    maxrss: int           # the largest process of its tree
    per_student: dict     # student -> seconds, from nbgrader's log lines as they came

    @property
    def cpu_per(self) -> float:
        return self.cpu / max(self.n, 1)

    @property
    def per(self) -> float:
        return self.seconds / max(self.n, 1)

    @property
    def steady(self) -> float:
        return (self.seconds - self.startup) / max(self.n, 1)


def grade_nbgrader(course, subs: Path, roster: list[Student], root: Path) -> NbgraderRun:
    """A temporary nbgrader course made from the same source notebook; autograde the students."""
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(root=str(root)))
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    shutil.copy(course.source_notebook(ASSIGNMENT), root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    env = {**CHILD_ENV, "JUPYTER_CONFIG_DIR": str(root / ".jupyter")}  # no user-level nbgrader config
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT, "--create", "--force"],
                          cwd=root, env=env, capture_output=True, text=True)
    generate_seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stderr[-3000:]}")
    for s in roster:
        target = root / "submitted" / s.name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copy(subs / s.name / f"{ASSIGNMENT}.ipynb", target)
    first_student = None
    tree = Tree([str(BIN / "nbgrader"), "autograde", ASSIGNMENT, "--create", "--force"], root / "usage",
                cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = tree.start
    tail: list[str] = []
    graded = 0
    started: list[tuple[str, float]] = []  # (student, when nbgrader began with it)
    for line in tree.process.stderr:
        if "Creating/updating student" in line:
            first_student = first_student or time.perf_counter()
            match = re.search(r"student with ID '([^']+)'", line)
            started.append((match.group(1) if match else "?", time.perf_counter()))
            graded += 1
            if graded % 10 == 0:
                note(f"nbgrader: {graded}/{len(roster)} students started, {time.perf_counter() - start:.0f} s {load()}")
        tail = (tail + [line])[-40:]
    tree.finish()
    seconds = tree.wall
    if tree.returncode != 0:
        raise RuntimeError("nbgrader autograde failed:\n" + "".join(tail))
    os.environ["PATH"] = CHILD_ENV["PATH"]  # nbgrader's Gradebook runs `alembic` by name
    from nbgrader.api import Gradebook, MissingEntry
    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for s in roster:
            try:
                submission = gradebook.find_submission(ASSIGNMENT, s.name)
            except MissingEntry:
                continue
            scores[s.name] = (float(submission.score), float(submission.max_score))
    startup = (first_student - start) if first_student else 0.0
    ends = [t for _, t in started[1:]] + [start + seconds]
    per_student = {name: end - begin for (name, begin), end in zip(started, ends)}
    return NbgraderRun(len(roster), seconds, startup, generate_seconds, scores, tree.cpu, tree.maxrss, per_student)


# --------------------------------------------------------------------------- otter-grader

OTTER_CONFIG = """\
# ASSIGNMENT CONFIG
name: {name}
check_all_cell: false
export_cell: false
run_tests: false
generate: true
"""


def _without_prints(source: str) -> str:
    """A visible test cell without its print() lines: otter's doctests compare printed output."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                                                    and getattr(node.value.func, "id", "") == "print")]
    return ast.unparse(tree)


def otter_master(source_nb):
    """Our source notebook in otter-assign's format: a question per graded function (its points are
    those of its visible test cell), the solution cell between # BEGIN/END SOLUTION, the visible test
    cell as the question's test; every other cell as it is."""
    import nbformat

    from coursekit.course.notebook import cell_role, grade_id
    v4 = nbformat.v4
    points = {grade_id(c).removeprefix("test_"): c.metadata["nbgrader"].get("points", 1)
              for c in source_nb.cells if cell_role(c) == "test"}
    cells = [v4.new_raw_cell(OTTER_CONFIG.format(name=ASSIGNMENT))]
    for cell in source_nb.cells:
        role = cell_role(cell)
        if role == "solution":
            f = grade_id(cell)
            code = re.sub(r"#+ (BEGIN|END) SOLUTION", r"# \1 SOLUTION", cell.source)
            cells += [v4.new_raw_cell(f"# BEGIN QUESTION\nname: {f}\npoints: {points.get(f, 1)}"),
                      v4.new_raw_cell("# BEGIN SOLUTION"), v4.new_code_cell(code), v4.new_raw_cell("# END SOLUTION")]
        elif role == "test":
            cells += [v4.new_raw_cell("# BEGIN TESTS"), v4.new_code_cell(_without_prints(cell.source)),
                      v4.new_raw_cell("# END TESTS"), v4.new_raw_cell("# END QUESTION")]
        elif cell.cell_type == "code":
            cells.append(v4.new_code_cell(cell.source))
        elif cell.cell_type == "markdown":
            cells.append(v4.new_markdown_cell(cell.source))
        else:
            cells.append(v4.new_raw_cell(cell.source))
    return v4.new_notebook(cells=cells, metadata=copy.deepcopy(source_nb.metadata))


def otter_venv(path: Path) -> tuple[Path | None, str]:
    """otter's own virtualenv (made with pip on first use); (bin dir, "") or (None, why not)."""
    otter = path / "bin" / "otter"
    if otter.exists():
        return path / "bin", ""
    note(f"otter: installing otter-grader, ipykernel, matplotlib into {path} (once)")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True, timeout=300)
        done = subprocess.run([str(path / "bin" / "pip"), "install", "-q", "otter-grader", "ipykernel", "matplotlib"],
                              capture_output=True, text=True, timeout=1800)
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"could not make a virtualenv for otter: {exc}"
    if done.returncode != 0 or not otter.exists():
        return None, f"pip install otter-grader failed: {done.stderr.strip()[-300:]}"
    return path / "bin", ""


@dataclass
class OtterRun:
    n: int
    seconds: float
    assign_seconds: float
    scores: dict
    version: str
    cpu: float
    maxrss: int

    @property
    def per(self) -> float:
        return self.seconds / max(self.n, 1)

    @property
    def cpu_per(self) -> float:
        return self.cpu / max(self.n, 1)


def grade_otter(course, subs: Path, roster: list[Student], root: Path, bin_dir: Path) -> OtterRun:
    import nbformat

    from coursekit.course.build import read_source
    root.mkdir(parents=True)
    master = root / f"{ASSIGNMENT}.ipynb"
    nbformat.write(otter_master(read_source(course, ASSIGNMENT)), master)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_DIR": str(root / ".jupyter"), "PYTHONDONTWRITEBYTECODE": "1"}
    version = subprocess.run([str(bin_dir / "python"), "-c", "import otter; print(otter.__version__)"],
                             capture_output=True, text=True, env=env).stdout.strip()
    start = time.perf_counter()
    done = subprocess.run([str(bin_dir / "otter"), "assign", str(master), str(root / "dist")],
                          cwd=root, env=env, capture_output=True, text=True)
    assign_seconds = time.perf_counter() - start
    zips = sorted((root / "dist" / "autograder").glob("*.zip"))
    if done.returncode != 0 or not zips:
        raise RuntimeError(f"otter assign failed:\n{(done.stdout + done.stderr)[-3000:]}")
    student_nb = nbformat.read(root / "dist" / "student" / master.name, as_version=4)
    from coursekit.course.notebook import cell_role, grade_id
    submissions = []
    for s in roster:  # otter's student notebook with this student's solution cells
        ours = nbformat.read(subs / s.name / f"{ASSIGNMENT}.ipynb", as_version=4)
        sources = {grade_id(c): c.source for c in ours.cells if cell_role(c) == "solution"}
        nb = copy.deepcopy(student_nb)
        for cell in nb.cells:
            match = re.match(r"(?:#[^\n]*\n)*def (\w+)\(", cell.source) if cell.cell_type == "code" else None
            if match and match.group(1) in sources and s.kind != "template":
                cell.source = sources[match.group(1)]
        path = root / "submissions" / s.name / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        submissions.append((s, path))
    scores, cpu, maxrss = {}, 0.0, 0
    start = time.perf_counter()
    for i, (s, path) in enumerate(submissions):
        out = root / "results" / s.name
        out.mkdir(parents=True)
        tree = Tree([str(bin_dir / "otter"), "run", "-a", str(zips[-1]), "-o", str(out), "--no-logo", str(path)],
                    root / "usage", cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output, _ = tree.process.communicate()
        tree.finish()
        cpu, maxrss = cpu + tree.cpu, max(maxrss, tree.maxrss)
        if tree.returncode != 0 or not (out / "results.json").exists():
            raise RuntimeError(f"otter run failed for {s.name}:\n{output[-3000:]}")
        tests = [t for t in json.loads((out / "results.json").read_text())["tests"] if "max_score" in t]
        scores[s.name] = (sum(t.get("score") or 0.0 for t in tests), sum(t["max_score"] for t in tests))
        note(f"otter: {i + 1}/{len(submissions)} graded, {time.perf_counter() - start:.0f} s {load()}")
    return OtterRun(len(submissions), time.perf_counter() - start, assign_seconds, scores, version, cpu, maxrss)


# --------------------------------------------------------------------------- build

BUILD_SCRIPT = r"""
import json, sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from coursekit.course.config import load_course
from coursekit.course.build import build_outputs
import nbformat, nbgrader.preprocessors  # what build_outputs imports on first use
course = load_course(sys.argv[1])
loop = time.perf_counter()
failed, slowest = [], (0.0, "")
for a in course.config.assignments:
    t = time.perf_counter()
    try:
        build_outputs(course, a.id)
    except Exception as exc:
        failed.append(f"{a.id}: {type(exc).__name__}")
    slowest = max(slowest, (time.perf_counter() - t, a.id))
end = time.perf_counter()
print(json.dumps({"n": len(course.config.assignments), "total": end - start, "loop": end - loop,
                  "slowest": slowest, "failed": failed}))
"""


def build_time() -> dict:
    done = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(ROOT)], capture_output=True, text=True,
                          env=CHILD_ENV, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main

def linear_fit(points: list[tuple[int, float]]) -> tuple[float, float, float]:
    """Least squares seconds = a + b * n; (a, b, r^2)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    a = my - b * mx
    ss = sum((y - my) ** 2 for _, y in points)
    r2 = 1 - sum((y - a - b * x) ** 2 for x, y in points) / ss if ss else 1.0
    return a, b, r2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="submissions in the class (default 200)")
    parser.add_argument("--nbgrader-n", type=int, default=None,
                        help="how many of them nbgrader grades (default: all --n); 0 skips nbgrader")
    parser.add_argument("--otter-n", type=int, default=11, help="how many otter-grader grades (default 11)")
    parser.add_argument("--skip-otter", action="store_true")
    parser.add_argument("--otter-venv", type=Path, default=Path(tempfile.gettempdir()) / "coursekit-bench-otter",
                        help="otter-grader's own virtualenv (made on first use)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="coursekit shards (default: cores)")
    parser.add_argument("--scaling", default="50,100,200,400", help="class sizes for the scaling run")
    parser.add_argument("--bare-n", type=int, default=40, help="notebooks for the bare-process measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and say where it is")
    parser.add_argument("--child-coursekit", help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--child-reaper"]:
        return _child_reaper(sys.argv[2], sys.argv[4:])
    args = parser.parse_args()
    if args.child_coursekit:
        _child_coursekit(args.child_coursekit)
        return 0
    nbgrader_n = args.n if args.nbgrader_n is None else min(args.nbgrader_n, args.n)
    sizes = [int(x) for x in args.scaling.split(",") if x.strip()]

    from coursekit.course.config import load_course
    course = load_course(ROOT)
    work = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    ok = True
    say(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"(other sessions share the cores: wall times are noisy, CPU times less so); assignment {ASSIGNMENT}; "
        f"class of {args.n}")
    try:
        # build
        b = build_time()
        failed = f"; FAILED: {', '.join(b['failed'])}" if b["failed"] else ""
        say(f"build: build_outputs for all {b['n']} assignments of course.yml in {b['loop']:.2f} s, "
            f"{b['total']:.2f} s in a fresh process with its imports (target < 10 s); slowest {b['slowest'][1]} "
            f"{b['slowest'][0]:.2f} s{failed} {load()}")

        # the class
        subs = work / "subs"
        roster = make_class(course, args.n, subs)
        kinds = sorted({s.kind for s in roster})
        say(f"class: {len(roster)} submissions ({len(kinds)} kinds in turn: reference, template, "
            f"{len(kinds) - 2} mutants), each the release notebook with the student's solution cells")

        # coursekit
        runs = {}
        for jobs in dict.fromkeys([args.jobs, 1]):
            note(f"coursekit: grading {args.n} notebooks with jobs={jobs}")
            r = runs[jobs] = grade_coursekit(subs, work / f"out-jobs{jobs}", args.n, jobs)
            say(f"coursekit (jobs={jobs}): {args.n} notebooks in {r.seconds:.1f} s = {r.per:.3f} s/notebook; "
                f"CPU {r.cpu_per:.3f} s/notebook (whole tree, start-up included; of which the grader process "
                f"{r.cpu_self / max(r.n, 1):.3f}; process {r.process_seconds:.1f} s) {load()}")
            say(f"coursekit (jobs={jobs}) peak memory: grader process {mib(r.maxrss_self)} (RUSAGE_SELF), "
                f"RUSAGE_CHILDREN {mib(r.maxrss_children)}, largest process of the tree {mib(r.maxrss_tree)}, "
                f"whole tree at once {mib(r.tree_peak)} (sum of RSS, sampled, {r.tree_processes} processes)")
            ok &= verdicts(f"coursekit (jobs={jobs})", roster, r.scores)
        par, one = runs[args.jobs], runs[1]
        if args.jobs != 1:
            same = one.scores == par.scores
            say(f"check coursekit jobs=1 vs jobs={args.jobs}: "
                f"{'same scores for every student' if same else 'SCORES DIFFER'}; "
                f"speed-up {one.seconds / par.seconds:.2f}x")
            ok &= same
        say(f"coursekit: {mutants_caught(roster, one.scores)}")

        # bare
        note("bare: the student code alone")
        groups = record_hidden_calls(course)
        compute = bare_compute(course, subs, roster, groups)
        say(f"bare compute (in-process, NumPy imported: exec the student's cells + the "
            f"{sum(len(g) for g in groups)} calls the hidden tests make): {compute * 1000:.2f} ms/notebook")
        bare_n = min(args.bare_n, args.n)
        bare_wall, bare_cpu = bare_process(course, subs, roster, bare_n, work / "bare")
        say(f"bare process (a fresh `python -I -c` per notebook: import NumPy, exec the student's cells, run the "
            f"visible tests; {bare_n} notebooks one after another): {bare_wall:.3f} s/notebook, "
            f"CPU {bare_cpu:.3f} s/notebook {load()}")
        say(f"overhead coursekit/bare process: {one.per / bare_wall:.2f}x (jobs=1, wall), "
            f"{one.cpu_per / bare_cpu:.2f}x (CPU); {par.per / bare_wall:.2f}x (jobs={args.jobs}, wall) (target <= 2x)")
        say(f"overhead coursekit/bare compute: {one.per / compute:.0f}x (jobs=1, wall)")

        # scaling
        points = []
        for size in sizes:
            scale_subs = work / f"subs-{size}"
            scale_roster = make_class(course, size, scale_subs)
            note(f"coursekit scaling: n={size}")
            r = grade_coursekit(scale_subs, work / f"out-{size}", size, args.jobs)
            ok &= verdicts(f"coursekit scaling n={size}", scale_roster, r.scores, quiet=True)
            points.append((size, r.seconds, r.cpu))
            say(f"coursekit scaling (jobs={args.jobs}): n={size:>4}: {r.seconds:6.1f} s = {r.per:.3f} s/notebook, "
                f"CPU {r.cpu_per:.3f} s/notebook, grader {mib(r.maxrss_self)}, tree at once {mib(r.tree_peak)} "
                f"{load()}")
            shutil.rmtree(scale_subs, ignore_errors=True)
            shutil.rmtree(work / f"out-{size}", ignore_errors=True)
        if len(points) >= 2:
            a, slope, r2 = linear_fit([(n, w) for n, w, _ in points])
            ca, cslope, cr2 = linear_fit([(n, c) for n, _, c in points])
            say(f"coursekit scaling fit: wall = {a:.2f} s + {slope:.4f} s * n (r^2 = {r2:.4f}); "
                f"CPU = {ca:.2f} s + {cslope:.4f} s * n (r^2 = {cr2:.4f})")

        # nbgrader
        nb_run = None
        if nbgrader_n > 0:
            note(f"nbgrader: autograding {nbgrader_n} notebooks (a kernel each; this takes a while)")
            nb_run = grade_nbgrader(course, subs, roster[:nbgrader_n], work / "nbgrader")
            say(f"nbgrader generate_assignment: {nb_run.generate_seconds:.1f} s")
            say(f"nbgrader autograde: {nb_run.n} notebooks in {nb_run.seconds:.1f} s = {nb_run.per:.3f} s/notebook "
                f"(start-up {nb_run.startup:.1f} s, then {nb_run.steady:.3f} s/notebook); CPU {nb_run.cpu_per:.3f} "
                f"s/notebook; largest process {mib(nb_run.maxrss)} {load()}")
            by_kind: dict[str, list[float]] = {}
            for st in roster[:nbgrader_n]:
                if st.name in nb_run.per_student:
                    key = "template" if st.kind == "template" else "reference and mutants"
                    by_kind.setdefault(key, []).append(nb_run.per_student[st.name])
            say("nbgrader autograde per notebook: " + ", ".join(
                f"{kind} {sum(v) / len(v):.2f} s" for kind, v in sorted(by_kind.items()))
                + " (a template's experiment cell fails at once; the others run the whole notebook)")
            ok &= verdicts("nbgrader", roster[:nbgrader_n], nb_run.scores)
            say(f"nbgrader: {mutants_caught(roster[:nbgrader_n], nb_run.scores)} (it grades with the visible tests; "
                f"coursekit on the same students: {mutants_caught(roster[:nbgrader_n], one.scores)})")
        else:
            say("nbgrader: skipped (--nbgrader-n 0)")

        # otter
        ot_run = None
        if args.skip_otter or args.otter_n <= 0:
            say("otter: skipped (--skip-otter)")
        else:
            bin_dir, why = otter_venv(args.otter_venv)
            if bin_dir is None:
                say(f"otter: skipped ({why})")
            else:
                try:
                    note(f"otter: otter assign, then otter run on {min(args.otter_n, args.n)} submissions")
                    ot_run = grade_otter(course, subs, roster[:args.otter_n], work / "otter", bin_dir)
                except RuntimeError as exc:
                    say(f"otter: skipped ({str(exc).splitlines()[0]})")
                    note(str(exc))
                if ot_run is not None:
                    say(f"otter-grader {ot_run.version}: otter assign {ot_run.assign_seconds:.1f} s; otter run: "
                        f"{ot_run.n} notebooks in {ot_run.seconds:.1f} s = {ot_run.per:.3f} s/notebook; CPU "
                        f"{ot_run.cpu_per:.3f} s/notebook; largest process {mib(ot_run.maxrss)} {load()}")
                    ok &= verdicts("otter", roster[:args.otter_n], ot_run.scores)
                    say(f"otter: {mutants_caught(roster[:args.otter_n], ot_run.scores)} (visible tests)")

        # ratios
        if nb_run is not None:
            say(f"ratio nbgrader/coursekit: {nb_run.per / par.per:.1f}x (wall, jobs={args.jobs}; target >= 50x), "
                f"{nb_run.per / one.per:.1f}x (wall, jobs=1), {nb_run.cpu_per / par.cpu_per:.1f}x (CPU, jobs={args.jobs}), "
                f"{nb_run.cpu_per / one.cpu_per:.1f}x (CPU, jobs=1); "
                f"nbgrader without its start-up: {nb_run.steady / par.per:.1f}x (wall, jobs={args.jobs})")
        if ot_run is not None:
            say(f"ratio otter/coursekit: {ot_run.per / par.per:.1f}x (wall, jobs={args.jobs}), "
                f"{ot_run.per / one.per:.1f}x (wall, jobs=1), {ot_run.cpu_per / par.cpu_per:.1f}x (CPU, jobs={args.jobs}), "
                f"{ot_run.cpu_per / one.cpu_per:.1f}x (CPU, jobs=1)")
        say("all verdicts as expected" if ok else "SOME VERDICTS ARE NOT AS EXPECTED")
    finally:
        if args.keep:
            note(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
