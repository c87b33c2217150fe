"""Grading on a Dask cluster (coursekit.backends.dask_client) with a LocalCluster of two worker processes:
the same scores as local grading (hostile notebooks included), a worker killed mid-notebook
(retried, graded once, its sandbox gone), a notebook that kills every worker it runs on
(failed with a message for the TA), and a client stopped or killed mid-run then resumed
(every notebook reported exactly once)."""
import copy
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from conftest import PILOT, ROOT, write_notebook  # noqa: E402

from coursekit.backends.dask_client import DaskBackend, dask_client  # noqa: E402
from coursekit.backends.dask_task import DieWithNanny, course_files, worker_problem  # noqa: E402
from coursekit.backends.inline import InlineBackend  # noqa: E402
from coursekit.course.build import notebook_text, reference_and_template  # noqa: E402
from coursekit.course.config import load_course  # noqa: E402
from coursekit.course.notebook import cell_role, extract_grading_cells, grade_id, graded_functions, read_notebook_text  # noqa: E402
from coursekit.course.points import hidden_tests  # noqa: E402
from coursekit.errors import ClusterError  # noqa: E402
from coursekit.grading.job import GradingJob  # noqa: E402
from coursekit.mutants import apply_mutant, load_mutants  # noqa: E402
from coursekit.sandbox.plan import SandboxPlan  # noqa: E402

CHEAT = """import numpy as np
np.allclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
import builtins
builtins.abs = lambda x: 0

def {name}(*args, **kwargs):
    return 0.0
"""
LIMITS = """limits:
  call_timeout_s: 1
  load_timeout_s: 10
  memory_mib: 2048
  max_output_kib: 256
  max_result_mib: 64
  max_processes: 64
  worker_restarts: 1
"""


def _with_cells(nb, source_for, only_first=False):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell_role(cell) == "solution":
            cell.source = source_for(grade_id(cell), cell.source)
            if only_first:
                break
    return nb


@pytest.fixture(scope="module")
def small_course(tmp_path_factory):
    """The pilot assignment alone, in a course of its own with short time limits."""
    root = tmp_path_factory.mktemp("course")
    text = (ROOT / "course.yml").read_text(encoding="utf-8")
    head, _, rest = text.partition("limits:")
    rest = rest[rest.index("\nassignments:") + 1:]
    blocks = rest.split("\n  - id: ")
    pilot = next(b for b in blocks[1:] if b.startswith(PILOT))
    (root / "course.yml").write_text(head + LIMITS + "\n" + blocks[0] + "\n  - id: " + pilot.rstrip() + "\n")
    for name in (f"source/{PILOT}", f"release/{PILOT}", f"autograder/{PILOT}", f"tests/mutants/{PILOT}"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "solutions").mkdir()
    shutil.copy(ROOT / "solutions" / f"{PILOT}.py", root / "solutions")
    course = load_course(root)
    assert course.config.limits.call_timeout_s == 1 and [a.id for a in course.config.assignments] == [PILOT]
    return course


@pytest.fixture(scope="module")
def notebooks(small_course):
    """A class: the reference, the template, two mutants, and three hostile notebooks."""
    reference, template = reference_and_template(small_course, PILOT)
    mutants = load_mutants(small_course.mutants_dir(PILOT), graded_functions(reference))[:2]
    return {
        "ada": reference, "bo": template,
        **{f"mutant-{m.name}": apply_mutant(reference, m) for m in mutants},
        "exits": _with_cells(reference, lambda g, s: s.replace('"""\n', '"""\n    import os; os._exit(3)\n', 1)
                             if g == "soft_target_loss" else s),
        "loops": _with_cells(reference, lambda g, s: f"def {g}(*args, **kwargs):\n    while True:\n        pass\n",
                             only_first=True),
        "cheater": _with_cells(reference, lambda g, s: CHEAT.format(name=g)),
    }


def make_runs(course, notebooks, names=None, rename=None):
    """Grading jobs for the named notebooks."""
    release = read_notebook_text(course.release_notebook(PILOT).read_text(encoding="utf-8"))
    jobs = []
    for name in names or notebooks:
        source = (rename or {}).get(name, name)
        extraction = extract_grading_cells(release, read_notebook_text(notebook_text(notebooks[source])))
        jobs.append(GradingJob(PILOT, name, tuple(extraction.cells), tuple(extraction.warnings)))
    return jobs


def run_on_cluster(course, jobs, plan, client, on_result, chunk_size=None):
    """What grade_class does with --cluster: the Dask backend."""
    course = course if hasattr(course, "config") else load_course(course)
    DaskBackend(client, chunk_size=chunk_size).run(course, jobs, plan, on_result)


@pytest.fixture(scope="module")
def plan(small_course):
    return SandboxPlan.for_paths([small_course.root])


@pytest.fixture(scope="module")
def baseline(small_course, notebooks, plan):
    """Local grading (in this process): each student's test results."""
    results = []
    InlineBackend().run(small_course, make_runs(small_course, notebooks), plan, results.append)
    return {r.key: r.tests for r in results}, results[0].protections


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of 2 worker processes; a notebook is given up after 2 worker deaths."""
    with dask_client("local:2", allowed_failures=1) as client:
        yield client


def _grade(course, runs, plan, client, **kwargs):
    seen = []
    run_on_cluster(course, runs, plan, client, seen.append, **kwargs)
    return seen, seen[0].protections if seen else {}


def _snapshot(root: Path) -> dict:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_same_scores_as_local_grading(small_course, notebooks, plan, baseline, client):
    expected, local_protections = baseline
    points = small_course.assignment(PILOT).points
    assert sum(t.points for t in expected["ada"]) == points and sum(t.points for t in expected["bo"]) == 0
    assert sum(t.points for t in expected["cheater"]) == 0
    assert any("timed out after 1 s" in t.message for t in expected["loops"])
    assert any("exited (exit code 3)" in t.message for t in expected["exits"])
    before = _snapshot(small_course.root)
    seen, protections = _grade(small_course, make_runs(small_course, notebooks), plan, client, chunk_size=3)
    assert sorted(r.key for r in seen) == sorted(expected), "every notebook reported exactly once"
    assert {r.key: r.tests for r in seen} == expected, "the same test results as local grading"
    assert protections == local_protections and protections.get("network") in (None, "isolated")
    assert _snapshot(small_course.root) == before, "grading wrote into the course"


def _killer(student: str, record: Path, every_time: bool):
    """A Dask worker plugin that SIGKILLs its own worker process in the middle of grading
    ``student``: at the first call of one of the student's functions (the student's sandboxed
    worker is running then), the first time only or every time. Appends a line per kill to
    ``record``: the pids of the worker's sandbox processes."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class Killer(WorkerPlugin):
        name = "test-killer"

        def setup(self, worker):
            import psutil

            from coursekit.sandbox.client import StudentCode
            self.worker, self.armed = worker, False
            self.call = call = StudentCode.call_full

            def call_or_die(code, *args, **kwargs):
                if self.armed:
                    with open(record, "a") as handle:
                        handle.write(" ".join(str(p.pid) for p in psutil.Process().children(recursive=True)) + "\n")
                    os.kill(os.getpid(), signal.SIGKILL)
                return call(code, *args, **kwargs)
            StudentCode.call_full = call_or_die

        def teardown(self, worker):
            from coursekit.sandbox.client import StudentCode
            StudentCode.call_full = self.call

        def transition(self, key, start, finish, **kwargs):
            task = self.worker.state.tasks.get(key)
            if task is None or f'"key": "{student}"' not in str(task.run_spec.args):
                return
            if finish == "executing" and not every_time:
                try:
                    os.close(os.open(f"{record}.once", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    return  # killed once already
            self.armed = finish == "executing"
    return Killer()


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[-1][:1] != "Z"  # a zombie is gone
    except OSError:
        return False


def _gone(pids, within=10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in pids if _running(p)]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def test_worker_killed_mid_notebook_is_retried_and_graded_once(small_course, notebooks, plan, baseline,
                                                               client, tmp_path):
    expected, _ = baseline
    record = tmp_path / "killed"
    client.register_plugin(_killer("victim", record, every_time=False))
    try:
        runs = make_runs(small_course, notebooks, ["ada", "victim", "bo"], rename={"victim": "ada"})
        seen, _ = _grade(small_course, runs, plan, client)
    finally:
        client.unregister_worker_plugin("test-killer")
    kills = record.read_text().splitlines()
    pids = [int(p) for p in kills[0].split()]
    assert len(kills) == 1 and len(pids) >= 2, "the worker was killed once, while the student's sandbox ran"
    assert sorted(r.key for r in seen) == ["ada", "bo", "victim"], "each notebook reported exactly once"
    by_key = {r.key: r for r in seen}
    assert by_key["victim"].tests == expected["ada"], "the retried notebook is graded as if nothing happened"
    assert by_key["bo"].tests == expected["bo"]
    assert _gone(pids), "a sandbox process outlived its killed Dask worker"


def test_notebook_that_kills_workers_is_failed_not_retried_forever(small_course, notebooks, plan, baseline,
                                                                    client, tmp_path):
    expected, _ = baseline
    record = tmp_path / "deaths"
    client.register_plugin(_killer("poison", record, every_time=True))
    try:  # poison shares a chunk with ada: the chunk is given up, then each is graded alone
        runs = make_runs(small_course, notebooks, ["poison", "ada", "bo"], rename={"poison": "ada"})
        seen, _ = _grade(small_course, runs, plan, client, chunk_size=2)
    finally:
        client.unregister_worker_plugin("test-killer")
    assert sorted(r.key for r in seen) == ["ada", "bo", "poison"]
    by_key = {r.key: r for r in seen}
    assert by_key["ada"].tests == expected["ada"] and by_key["bo"].tests == expected["bo"]
    poison = by_key["poison"]
    message = "grading this notebook killed 2 grading workers; a TA should look at it"
    assert [(t.function, t.name) for t in poison.tests] == [(t.function, t.name) for t in expected["ada"]]
    assert all(t.outcome == "failed" and t.points == 0 and t.message == message for t in poison.tests)
    assert sum(t.max_points for t in poison.tests) == small_course.assignment(PILOT).points
    assert poison.status == "needs-review"
    kills = record.read_text().splitlines()
    assert len(kills) == 4, "2 deaths as a chunk, 2 alone, then given up"
    assert _gone([int(p) for line in kills for p in line.split()]), "a sandbox outlived its Dask worker"


def test_stopped_client_resumes_each_notebook_once(small_course, notebooks, plan, baseline, client):
    expected, _ = baseline
    names = ["ada", "bo", next(n for n in notebooks if n.startswith("mutant-")), "cheater", "exits"]
    seen = []

    class Stop(Exception):
        pass

    def record_two(run):
        if len(seen) == 2:
            raise Stop()  # the client "dies" while results are arriving
        seen.append(run)

    with pytest.raises(Stop):
        run_on_cluster(small_course, make_runs(small_course, notebooks, names), plan, client, record_two)
    assert len(seen) == 2
    rest = [n for n in names if n not in {r.key for r in seen}]
    more, _ = _grade(small_course, make_runs(small_course, notebooks, rest), plan, client)
    keys = [r.key for r in seen + more]
    assert sorted(keys) == sorted(names), "every notebook reported exactly once overall"
    assert {r.key: r.tests for r in seen + more} == {n: expected[n] for n in names}


DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from coursekit.backends.dask_client import DaskBackend
    from coursekit.course.config import load_course
    from coursekit.course.notebook import extract_grading_cells, read_notebook_text
    from coursekit.grading.job import GradingJob
    from coursekit.sandbox.plan import SandboxPlan

    def main():
        course, subs, out = load_course(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
        done = {line.split()[0] for line in out.read_text().splitlines()} if out.exists() else set()
        release = read_notebook_text(course.release_notebook("PILOT_ID").read_text())
        runs = []
        for path in sorted(subs.glob("*/PILOT_ID.ipynb")):
            if path.parent.name not in done:  # resume: what is recorded is not graded again
                cells = extract_grading_cells(release, read_notebook_text(path.read_text()))
                runs.append(GradingJob("PILOT_ID", path.parent.name, tuple(cells.cells), tuple(cells.warnings)))
        plan = SandboxPlan.for_paths([course.root, subs])
        with out.open("a") as handle:
            def record(run):  # the one writer: one line per notebook, as it arrives
                handle.write(f"{run.key} {sum(t.points for t in run.tests)}\\n")
                handle.flush()
            DaskBackend("local:2").run(course, runs, plan, record)

    if __name__ == "__main__":
        main()
""").replace("PILOT_ID", PILOT)


def test_killed_client_leaves_no_process_and_resumes(small_course, notebooks, plan, baseline, client, tmp_path):
    """kill -9 of a client running its own local:2 cluster after its first result: no Dask worker
    and no sandbox process is left; grading what it had not recorded completes the class."""
    psutil = pytest.importorskip("psutil")
    expected, _ = baseline
    subs = tmp_path / "subs"
    names = ["ada", "bo", "cheater", "exits", "loops", next(n for n in notebooks if n.startswith("mutant-"))]
    for name in names:
        write_notebook(subs / name / f"{PILOT}.ipynb", notebooks[name])
    driver, out = tmp_path / "driver.py", tmp_path / "recorded.txt"
    driver.write_text(DRIVER)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    killed = subprocess.Popen([sys.executable, str(driver), str(small_course.root), str(subs), str(out)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while (not out.exists() or not out.read_text().splitlines()) and killed.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert killed.poll() is None, killed.stderr.read().decode()[-3000:]
    family = psutil.Process(killed.pid).children(recursive=True)
    assert any("--fork-server" in " ".join(p.cmdline()) for p in family), "the workers' sandboxes are running"
    family = [p.pid for p in family]
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    killed.stderr.close()
    assert _gone(family), "a Dask worker or a sandbox process outlived the killed client"
    recorded = out.read_text().splitlines()
    done = {line.split()[0] for line in recorded}
    assert 1 <= len(done) < len(names) and len(done) == len(recorded)
    rest = make_runs(small_course, notebooks, [n for n in names if n not in done])
    with out.open("a") as handle:  # resume: what was recorded is not graded again
        run_on_cluster(small_course, rest, plan, client,
                       lambda run: handle.write(f"{run.key} {sum(t.points for t in run.tests)}\n"))
    lines = out.read_text().splitlines()
    assert sorted(line.split()[0] for line in lines) == sorted(names), "every notebook recorded exactly once"
    assert {line.split()[0]: float(line.split()[1]) for line in lines} == \
        {n: sum(t.points for t in expected[n]) for n in names}


def test_dask_workers_die_with_their_nanny(client):
    def parent_death_signal():
        import ctypes
        import ctypes.util
        value = ctypes.c_int(0)
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").prctl(2, ctypes.byref(value))  # PR_GET_PDEATHSIG
        return value.value
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    client.register_plugin(DieWithNanny())  # as run_on_cluster does
    assert set(client.run(parent_death_signal).values()) == {signal.SIGKILL}


def test_several_assignments_at_once(course, client):
    """The Dask backend (what grade_class uses): every assignment's chunks in one submission."""
    other = "20_gradient_clipping"
    jobs = []
    for assignment_id in (PILOT, other):
        reference, template = reference_and_template(course, assignment_id)
        release = read_notebook_text(course.release_notebook(assignment_id).read_text(encoding="utf-8"))
        for key, nb in (("ref", reference), ("tpl", template)):
            extraction = extract_grading_cells(release, read_notebook_text(notebook_text(nb)))
            jobs.append(GradingJob(assignment_id, key, tuple(extraction.cells), tuple(extraction.warnings)))
    seen = []
    plan = SandboxPlan.for_paths([course.root])
    run_on_cluster(course, jobs, plan, client, lambda r: seen.append((r.assignment, r.key, r.score)))
    assert sorted(seen) == sorted([(PILOT, "ref", course.assignment(PILOT).points), (PILOT, "tpl", 0),
                                   (other, "ref", course.assignment(other).points), (other, "tpl", 0)])


def test_hidden_test_list_matches_what_pytest_runs(small_course, baseline):
    expected, _ = baseline
    assert [(t.function, t.name, t.points) for t in hidden_tests(small_course.autograder_dir(PILOT))] == \
        [(t.function, t.name, t.max_points) for t in expected["ada"]]


def test_a_worker_with_another_checkout_refuses_to_grade(small_course, plan):
    chunk = {"course_root": str(small_course.root), "jobs": [{"assignment": PILOT}], "plan": plan.to_json()}
    files = course_files(small_course, PILOT)
    assert worker_problem(small_course, chunk, files) is None
    changed = dict(files, **{f"autograder/{PILOT}/test_soft_target_loss.py": "0" * 64})
    problem = worker_problem(small_course, chunk, changed)
    assert f"autograder/{PILOT}/test_soft_target_loss.py" in problem and "same course checkout" in problem
    elsewhere = dict(chunk, plan=dict(chunk["plan"], keep=["/nonexistent"], hide=[str(Path(sys.prefix).resolve())]))
    assert "same virtualenv at the same path" in worker_problem(small_course, elsewhere, files)


def test_hidden_tests_that_cannot_run_stop_the_run(small_course, notebooks, plan, client, tmp_path):
    broken = tmp_path / "course"
    shutil.copytree(small_course.root, broken)
    (broken / "autograder" / PILOT / "test_soft_target_loss.py").write_text("import no_such_module_here\n")
    with pytest.raises(ClusterError, match="no_such_module_here"):
        run_on_cluster(broken, make_runs(small_course, notebooks, ["ada"]), plan, client, lambda run: None)
