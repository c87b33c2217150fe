"""Issue 20: the seccomp filter, failing closed, --allow-weak-sandbox written everywhere,
needs-review in the summary and the report, and no bytecode beside the sources in any mode."""
import os
import subprocess
import sys

import pytest
from conftest import PILOT, ROOT, write_notebook

from coursekit.cli import main
from coursekit.course.build import reference_and_template
from coursekit.course.notebook import GradingCell
from coursekit.errors import SandboxError
from coursekit.grading import pipeline
from coursekit.grading.job import RunResult, TestResult
from coursekit.grading.pipeline import ClassRun, grade_class
from coursekit.outputs.gradebook import Gradebook
from coursekit.outputs.report import write_report
from coursekit.sandbox import plan as plan_module
from coursekit.sandbox.client import StudentCode
from coursekit.sandbox.forkserver import Sandbox
from coursekit.sandbox.plan import PACKAGE_DIR, SandboxPlan, namespace_wrapper
from coursekit.sandbox.seccomp import WORKER_DENY, Filter

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp and namespaces are Linux's")

PROBE = '''
import ctypes, os

def probe(numbers):
    """Each system call with zero arguments: the errno it fails with (0 when it succeeds)."""
    libc = ctypes.CDLL(None, use_errno=True)
    found = {}
    for name, nr in numbers.items():
        ctypes.set_errno(0)
        result = libc.syscall(nr, 0, 0, 0, 0, 0)
        found[name] = ctypes.get_errno() if result == -1 else 0
    return found

def unshare_user():
    return ctypes.CDLL(None, use_errno=True).unshare(0x10000000), ctypes.get_errno()

def seccomp_mode():
    return [line.split()[1] for line in open("/proc/self/status") if line.startswith("Seccomp:")][0]

def chroot():
    os.chroot("/")
'''


@pytest.fixture(scope="module")
def worker(course):
    """A worker of the full sandbox (whatever this machine gives: root, user namespaces, bubblewrap)."""
    try:
        plan = SandboxPlan.for_paths([course.root], limits=course.config.limits)
    except SandboxError as exc:
        pytest.skip(f"no full sandbox here: {exc}")
    with Sandbox(course.config.limits, plan) as sandbox:
        sandbox.verify()
        with StudentCode([GradingCell("probe", "solution", PROBE)], course.config.limits, sandbox) as code:
            yield code


@linux_only
def test_every_filtered_system_call_fails_with_eperm(worker):
    names = Filter()
    numbers = {name: names.number(name) for group in WORKER_DENY.values() for name in group}
    numbers = {name: nr for name, nr in numbers.items() if nr is not None}
    numbers["clone3"] = names.number("clone3")
    assert {"ptrace", "mount", "unshare", "setns", "keyctl", "bpf", "perf_event_open", "kexec_load",
            "init_module", "clock_settime"} <= set(numbers)
    found = worker.call("probe", numbers)
    assert worker.call("seccomp_mode") == "2", "the filter is installed (seccomp mode 2)"
    wrong = {name: e for name, e in found.items() if e != (38 if name == "clone3" else 1)}  # ENOSYS, EPERM
    assert not wrong, f"not refused by the filter: {wrong}"
    assert tuple(worker.call("unshare_user")) == (-1, 1), "unshare(CLONE_NEWUSER) fails with EPERM"
    assert worker.protections["seccomp"].startswith("EPERM for")


@linux_only
def test_the_student_reads_a_clear_message(worker):
    from coursekit.errors import StudentCodeError
    with pytest.raises(StudentCodeError, match="PermissionError.*the grader's sandbox does not allow this"):
        worker.call("chroot")
    assert worker.call("seccomp_mode") == "2", "the worker lives on after a refused system call"


@linux_only
def test_a_worker_that_sees_the_course_refuses_to_run_student_code(course):
    """Fail closed inside the worker: a plan that claims bubblewrap without it leaves the course
    visible; the fork server refuses, and Sandbox.verify raises before any student's code runs."""
    plan = SandboxPlan((), (str(course.root),), (), "bubblewrap", allow_weak=False)
    with Sandbox(course.config.limits, plan) as sandbox:
        with pytest.raises(SandboxError, match="grading refused.*visible"):
            sandbox.verify()


def _no_isolation(monkeypatch):
    monkeypatch.setattr(plan_module, "_probe_unshare", lambda: ([], "`unshare --user` failed: (test)"))
    monkeypatch.setattr(plan_module, "_probe_bubblewrap", lambda hide, keep: ([], "bwrap failed: (test)"))


def test_grading_refuses_without_isolation_and_writes_nothing(course, tmp_path, monkeypatch, capsys):
    _no_isolation(monkeypatch)
    _, template = reference_and_template(course, PILOT)
    write_notebook(tmp_path / "subs" / "bo" / f"{PILOT}.ipynb", template)
    with pytest.raises(SandboxError, match="grading refused.*To fix it.*--allow-weak-sandbox"):
        grade_class(course, tmp_path / "subs", output=tmp_path / "out")
    assert not (tmp_path / "out").exists(), "nothing is graded or written before the refusal"
    code = main(["--course", str(course.root), "grade", str(tmp_path / "subs"), "--output", str(tmp_path / "out")])
    assert code == 2 and "grading refused" in capsys.readouterr().err


def test_weak_sandbox_is_written_into_feedback_gradebook_and_report(course, tmp_path, monkeypatch, capsys):
    _no_isolation(monkeypatch)
    reference, _ = reference_and_template(course, PILOT)
    write_notebook(tmp_path / "subs" / "ada" / f"{PILOT}.ipynb", reference)
    out = tmp_path / "out"
    code = main(["--course", str(course.root), "grade", str(tmp_path / "subs"), "--output", str(out), "--jobs", "1",
                 "--allow-weak-sandbox"])
    printed = capsys.readouterr()
    assert code == 0 and "sandbox: none" in printed.out and "weak sandbox" in printed.err
    html = (out / "feedback" / "ada" / f"{PILOT}.html").read_text()
    assert "Graded with a weak sandbox (--allow-weak-sandbox): filesystem not isolated; network shared" in html
    with Gradebook(out / "gradebook.db") as gradebook:
        (nb,) = gradebook.notebooks()
    assert nb.protections["sandbox"] == "none" and nb.protections["weak"][0] == "filesystem not isolated"
    assert nb.warnings[0].startswith("Graded with a weak sandbox")
    assert nb.final_score == course.assignment(PILOT).points
    assert 'id="weak-sandbox"' in write_report(course, output=out).read_text()


def test_needs_review_is_in_the_summary_the_feedback_and_the_report(course, tmp_path, monkeypatch, capsys):
    message = "grading this notebook killed 3 grading workers; a TA should look at it"
    result = RunResult(PILOT, "poison", (TestResult("f", "test_f", 0.0, 12.0, "failed", message),),
                       status="needs-review")

    class Sub:
        student, assignment, content_hash, notes = "poison", PILOT, "0" * 64, ()

        def submitted_at(self):
            return None, None

    class Job:
        warnings, cells = (), ()
    nb = pipeline.graded(Sub(), Job(), result, course)
    assert nb.status == "needs-review" and nb.message == message
    out = tmp_path / "out"
    with Gradebook(out / "gradebook.db") as gradebook:
        gradebook.record(nb)
    pipeline.write_feedback(out, nb, "title")
    assert f"could not be graded:\n {message}" in (out / "feedback" / "poison" / f"{PILOT}.html").read_text()
    report = write_report(course, output=out).read_text()
    assert 'id="needs-review"' in report and message in report
    monkeypatch.setattr(pipeline, "grade_class", lambda *a, **k: ClassRun(graded=[nb]))
    assert main(["--course", str(course.root), "grade", str(tmp_path), "--output", str(out)]) == 0
    assert f"needs review: poison {PILOT}: {message}" in capsys.readouterr().out


def _bytecode(*folders):
    return {str(p): p.stat().st_mtime_ns for folder in folders for p in folder.rglob("*.pyc")}


@pytest.mark.parametrize("how", [["--jobs", "1"], ["--jobs", "2"], ["--cluster", "local:1"]],
                         ids=["inline", "shards", "dask"])
def test_no_bytecode_beside_the_sources_in_any_mode(course, tmp_path, how):
    """As root (who may write anywhere) and without PYTHONDONTWRITEBYTECODE: no process that grading
    starts (workers run with -I, which ignores that variable; shards; Dask workers) writes a .pyc
    beside coursekit's sources, the hidden tests or the solutions. The grader itself runs with -B
    here: started without it, it would cache coursekit/__init__ before that module can say no."""
    if how[0] == "--cluster":
        pytest.importorskip("distributed")
    folders = [PACKAGE_DIR, ROOT / "autograder", ROOT / "solutions"]
    for cache in [p for folder in folders for p in folder.rglob("__pycache__")]:  # a cache from a hand-run
        subprocess.run(["rm", "-rf", str(cache)], check=True)
    reference, template = reference_and_template(course, PILOT)
    write_notebook(tmp_path / "subs" / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(tmp_path / "subs" / "bo" / f"{PILOT}.ipynb", template)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-B", "-m", "coursekit", "--course", str(ROOT), "grade", str(tmp_path / "subs"),
               "--output", str(tmp_path / "out"), *how]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "graded: 2 notebook(s)" in done.stdout
    assert _bytecode(*folders) == {}, "grading wrote bytecode beside the sources"


@linux_only
def test_the_plan_names_its_mode(course):
    plan = SandboxPlan.for_paths([course.root], limits=course.config.limits, allow_weak=True)
    expected = {True: "namespaces", False: "user-namespaces"}[os.geteuid() == 0] if namespace_wrapper() else None
    assert plan.mode == expected or (expected is None and plan.mode in ("bubblewrap", "none"))
    assert SandboxPlan.from_json(plan.to_json()) == plan
    assert plan.scope or plan.why_no_scope, "the cgroup scope, or why there is none"
