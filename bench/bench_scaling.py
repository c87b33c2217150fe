"""Grading scales with cores: jobs 1 vs jobs 2 vs a Dask local:2 cluster, wall and CPU, in one run.

    .venv/bin/python bench/bench_scaling.py [--reps 3] [--pilot-n 200] [--nbgrader-n 10] [--no-demo] [--no-dask]
                                            [--profile]

Two classes, each graded by ``coursekit grade`` (the command line, in a child process whose whole
process tree is measured: its CPU time through a subreaper, as bench_grading.py does):

- the demo class: ``coursekit demo``'s simulated class (every assignment's reference, template
  and mutants, and the broken and hostile notebooks) without its infinite-loop student, whose
  5 s timeout is waiting, not grading;
- the pilot class: --pilot-n submissions of 05_knowledge_distillation (bench_grading.make_class).

For each class and each backend (``--jobs 1``, ``--jobs 2``, ``--cluster local:2``), --reps runs,
alternating, and the median of each figure: wall seconds and CPU seconds per notebook; then the
speed-up (wall of jobs 1 / wall of jobs N) and the CPU ratio (CPU per notebook of jobs N / jobs 1).
For the pilot the same again on a class of half the size, and from the two the cost of one more
notebook for each backend (the slope: a run's fixed start-up, e.g. a Dask cluster's, left out),
with its speed-up and CPU ratio. For the pilot also: the grader's overhead per notebook over the bare computation of the same
calls (``bench_grading.bare_compute``: the student's cells and the hidden tests' calls, in-process),
from the marginal CPU of a notebook (the slope between a class of n/2 and one of n, so that the
fixed start-up does not count), and nbgrader's autograde on --nbgrader-n of the same notebooks
(CPU per notebook; nbgrader is ~3 s of CPU a notebook, so --nbgrader-n may take a sample) and
the ratio to coursekit. Then where a pilot notebook's CPU goes, part by part, each part measured
in this process at jobs 1 so that they add up (``overhead_budget``: everything; the hidden tests
against the student's worker; the same tests with the student's code run in this process, so
without the grading boundary; a worker's start, loading and stop; floors of this machine). With
--profile, where the pilot's CPU goes: the pilot graded once more in
this process (jobs 1) under cProfile, its CPU split by process (the grader; the sandboxed workers,
as the fork server's wait4 reports them; the rest of the tree, from the jobs 1 runs above: fork
server and wrapper) and the grader's top functions by own time.
Everything happens in a temporary directory; nothing is written inside the repository.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_grading as bg  # noqa: E402  (the class, the subreaper Tree, bare compute, nbgrader)

ROOT = bg.ROOT
COURSEKIT = [sys.executable, "-m", "coursekit", "--course", str(ROOT)]
BACKENDS = {"jobs 1": ["--jobs", "1"], "jobs 2": ["--jobs", "2"], "local:2": ["--cluster", "local:2"]}


def grade(subs: Path, out: Path, backend: list[str]) -> bg.Tree:
    """``coursekit grade`` on a fresh output folder, measured as a whole tree."""
    shutil.rmtree(out, ignore_errors=True)
    tree = bg.Tree([*COURSEKIT, "grade", str(subs), "--output", str(out), *backend], out.parent / "usage",
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = tree.process.communicate()
    tree.finish()
    if tree.returncode not in (0, 1):  # 1: some files were ignored or unreadable (the demo has such)
        raise RuntimeError(f"coursekit grade {' '.join(backend)} exited {tree.returncode}: {err[-2000:]}")
    return tree


def measure(name: str, subs: Path, n: int, work: Path, reps: int, backends: dict) -> dict[str, tuple[float, float]]:
    """{backend: (median wall s/notebook, median CPU s/notebook)}, runs alternating between backends."""
    samples: dict[str, list[tuple[float, float]]] = {b: [] for b in backends}
    for rep in range(reps):
        for label, args in backends.items():
            bg.note(f"{name}: {label}, run {rep + 1}/{reps}")
            tree = grade(subs, work / f"out-{name}", args)
            samples[label].append((tree.wall / n, tree.cpu / n))
    result = {b: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s)) for b, s in samples.items()}
    base_wall, base_cpu = result["jobs 1"]
    for label, (wall, cpu) in result.items():
        bg.say(f"{name} ({n} notebooks) {label:>7}: wall {1000 * wall:7.1f} ms/notebook, CPU {1000 * cpu:7.1f} "
               f"ms/notebook; speed-up {base_wall / wall:4.2f}x, CPU ratio {cpu / base_cpu:4.2f} "
               f"(medians of {reps}) {bg.load()}")
    return result


def per_extra_notebook(full: dict, half: dict, n: int) -> dict[str, tuple[float, float]]:
    """{backend: (wall s, CPU s) of one more notebook}: the slope between the class of n // 2 and
    the class of n, so that what a run costs once (start-up, a Dask cluster) does not count."""
    extra = n - n // 2
    slopes = {b: ((full[b][0] * n - half[b][0] * (n // 2)) / extra, (full[b][1] * n - half[b][1] * (n // 2)) / extra)
              for b in full}
    base_wall, base_cpu = slopes["jobs 1"]
    for label, (wall, cpu) in slopes.items():
        bg.say(f"pilot, one more notebook (slope between {n // 2} and {n}) {label:>7}: wall {1000 * wall:6.1f} ms, "
               f"CPU {1000 * cpu:6.1f} ms; speed-up {base_wall / wall:4.2f}x, CPU ratio {cpu / base_cpu:4.2f}")
    return slopes


def profile_pilot(course, subs: Path, n: int, work: Path, tree_cpu: float, top: int = 12) -> None:
    """The pilot graded in this process: CPU per notebook by process; then under cProfile, the top functions."""
    import cProfile
    import pstats
    import resource

    from coursekit.backends.inline import InlineBackend
    from coursekit.grading.pipeline import grade_class
    workers = [0.0]

    class Counting(InlineBackend):  # the workers' CPU, as each notebook's result reports it
        def run(self, course, jobs, plan, on_result):
            def counted(result):
                workers[0] += result.cpu_seconds
                on_result(result)
            super().run(course, jobs, plan, counted)
    grade_class(course, subs, output=work / "out-profile-warm", backend=InlineBackend())  # imports, first loads
    before = resource.getrusage(resource.RUSAGE_SELF)
    grade_class(course, subs, output=work / "out-profile-split", backend=Counting())
    after = resource.getrusage(resource.RUSAGE_SELF)
    grader = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / n
    profile = cProfile.Profile()
    profile.enable()
    grade_class(course, subs, output=work / "out-profile", backend=InlineBackend())
    profile.disable()
    workers = workers[0] / n
    bg.say(f"pilot CPU by process ({n} notebooks, jobs 1, in this process): grader {1000 * grader:.1f} ms/nb, "
           f"sandboxed workers {1000 * workers:.1f} ms/nb, the rest of the jobs 1 tree above (fork server, wrapper, "
           f"the command's start-up) {1000 * (tree_cpu - grader - workers):.1f} ms/nb")
    stats = pstats.Stats(profile)
    rows = sorted(((k, v) for k, v in stats.stats.items() if k[2] not in WAITS), key=lambda item: -item[1][2])[:top]
    bg.say(f"pilot: the grader's top {top} functions by own time under cProfile (which slows Python code; the "
           f"waits for the worker, {', '.join(sorted(WAITS))}, left out):")
    for (file, line, function), (_, calls, own, cumulative, _) in rows:
        where = f"{Path(file).name}:{line}({function})" if line else function
        bg.say(f"  {1000 * own / n:6.2f} ms/nb own, {1000 * cumulative / n:6.2f} cumulative, {calls / n:7.1f} calls/nb  {where}")


class InProcessCode:
    """A student's cells run in this process, answering the hidden tests' calls the way
    coursekit.sandbox.client.StudentCode does (copies in, copies out, the arguments it changed;
    calls of ``ask`` answered by the reference), with no worker, no codec and no sandbox: what
    the hidden tests cost without the grading boundary. Only for the bench's own class (the code is trusted here)."""

    def __init__(self, cells):
        from coursekit.grading.reference import _copy
        self.cells, self._copy = cells, _copy
        self.namespace: dict = {"__name__": "__student__"}
        self.calls = self.asks = 0
        for cell in cells:
            try:
                exec(compile(cell.source, f"<cell {cell.grade_id}>", "exec"), self.namespace)
            except Exception:
                pass

    def call_full(self, name, args, kwargs, *, ask=(), answer=None):
        from coursekit.errors import StudentCodeError
        from coursekit.sandbox.aliasing import aliases, checked
        from coursekit.sandbox.client import CallResult
        from coursekit.sandbox.worker import _changed, _snapshot, _warnings  # what the worker reports
        function = self.namespace.get(name)
        if not callable(function):
            raise StudentCodeError(f"`{name}` is not defined", "missing")
        self.calls += 1
        saved = {n: self.namespace.get(n) for n in ask if n != name}
        asked: list[str] = []

        def asker(helper):
            def answered(*a, **k):
                self.asks += 1
                asked.append(helper)
                return answer(helper, self._copy(list(a)), self._copy(k))
            return answered
        self.namespace.update({n: asker(n) for n in saved})
        args, kwargs = self._copy(list(args)), self._copy(dict(kwargs))
        before = [_snapshot(a) for a in args], {k: _snapshot(v) for k, v in kwargs.items()}
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        except NotImplementedError:
            raise StudentCodeError(f"`{name}` is not implemented yet", "not_implemented") from None
        except Exception as exc:
            raise StudentCodeError(f"`{name}` raised {type(exc).__name__}: {exc}") from None
        finally:
            self.namespace.update(saved)
        changed = _changed(args, kwargs, *before)
        return CallResult(self._copy(value), {int(i): self._copy(v) for i, v in changed.get("args", {}).items()},
                          self._copy(changed.get("kwargs", {})), tuple(dict.fromkeys(asked)), tuple(_warnings(caught)),
                          checked(aliases(value, args, kwargs)))


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a live process and its live descendants (the fork server), from /proc."""
    total, todo, tick = 0.0, [pid], os.sysconf("SC_CLK_TCK")
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            todo += [int(c) for t in os.listdir(f"/proc/{current}/task")
                     for c in Path(f"/proc/{current}/task/{t}/children").read_text().split()]
        except OSError:
            pass
    return total


def _pipe_round_trip(n: int = 20000) -> float:
    """CPU seconds (both processes) of one round trip of 200 bytes through two pipes, one CPU."""
    import resource
    r1, w1 = os.pipe()
    r2, w2 = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(w1)
        os.close(r2)
        while data := os.read(r1, 65536):
            os.write(w2, data)
        os._exit(0)
    os.close(r1)
    os.close(w2)
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(n):
        os.write(w1, b"x" * 200)
        os.read(r2, 65536)
    after = resource.getrusage(resource.RUSAGE_SELF)
    os.close(w1)
    _, _, child = os.wait4(pid, 0)
    os.close(r2)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            + child.ru_utime + child.ru_stime) / n


def _in_process_slope(course, subs: Path, half: Path, n: int, work: Path) -> float:
    """CPU seconds of one more notebook for ``grade_class`` in this process (jobs 1), the whole
    tree (this process, the fork server and the workers, reaped when the run closes its sandbox):
    the slope between the class of n // 2 and that of n, so the fork server's start does not count."""
    import resource

    from coursekit.backends.inline import InlineBackend
    from coursekit.grading.pipeline import grade_class

    def tree_cpu() -> float:
        return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                     resource.getrusage(resource.RUSAGE_CHILDREN)))
    costs = []
    for folder in (subs, half):
        output = work / f"out-budget-{folder.name}"
        shutil.rmtree(output, ignore_errors=True)  # a fresh gradebook: nothing already graded is skipped
        before = tree_cpu()
        grade_class(course, folder, output=output, backend=InlineBackend())
        costs.append(tree_cpu() - before)
    return (costs[0] - costs[1]) / (n - n // 2)


def overhead_budget(course, subs: Path, half: Path, n_all: int, work: Path, reps: int = 3) -> None:
    """Where one pilot notebook's CPU goes, measured part by part in this process (jobs 1): all
    of it (grade_class, the slope between the half class and the class); the hidden tests
    against the student's sandboxed worker; a worker's start, loading and stop alone; the same
    tests with the student's code run in this process (no boundary); and the floors of this
    machine (a pipe round trip, a trivial call to a worker, an empty worker)."""
    import dataclasses
    import resource

    from coursekit.course.notebook import read_notebook_text
    from coursekit.grading.intake import find_submissions, make_job
    from coursekit.grading.pipeline import sandbox_plan
    from coursekit.grading.proxy import StudentProxy
    from coursekit.grading.runner import _Collected, _run_case, run_cases
    from coursekit.grading.session import GraderSession
    from coursekit.sandbox.affinity import current_cpu, pinned
    from coursekit.sandbox.client import StudentCode

    _in_process_slope(course, half, half, 2, work)  # warm: imports, first loads
    # the median of ``reps`` slopes: one slow run of either class moves a single slope by 10 ms or more
    marginal = statistics.median(_in_process_slope(course, subs, half, n_all, work) for _ in range(max(reps, 1)))
    release = read_notebook_text(course.release_notebook(bg.ASSIGNMENT).read_text(encoding="utf-8"))
    jobs = [make_job(sub, release) for sub in find_submissions(course, subs).submissions]
    n = len(jobs)
    cpu = current_cpu()
    session = GraderSession(course, cpu=cpu)  # the fork server and its workers on this thread's CPU, as grading does
    cases, reference = session.cases(bg.ASSIGNMENT), session.reference(bg.ASSIGNMENT)
    assert cases is not None, "the pilot's hidden tests are collected without pytest's runner"
    sandbox = session.sandbox(sandbox_plan(course, subs, work / "out-budget"))
    server = sandbox._fork_server()
    assert server is not None, "the fork server started"
    server_pid = server.process.pid

    def self_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def measured(run) -> tuple[float, float, float]:
        """(grader, workers, fork server) CPU seconds per notebook of ``run()``, which returns
        the workers' CPU seconds."""
        grader, server_before = self_cpu(), _tree_cpu(server_pid)
        workers = run()
        return (self_cpu() - grader) / n, workers / n, (_tree_cpu(server_pid) - server_before) / n

    scores: dict[str, dict[str, float]] = {"sandbox": {}, "in process": {}}  # the two must agree

    def tests_in_sandbox() -> float:
        workers = []

        def on_result(result) -> None:
            workers.append(result.cpu_seconds)
            scores["sandbox"][result.key] = result.score
        run_cases(cases, reference, jobs, sandbox, on_result)
        return sum(workers)

    def start_load_stop(with_cells: bool = True) -> float:
        """A worker per notebook, started with the notebook's cells (or none) and stopped."""
        workers = 0.0
        for job in jobs:
            code = StudentCode(list(job.cells) if with_cells else [], sandbox.limits, sandbox)
            code.close()
            workers += code.cpu_seconds
        return workers

    counts = [0, 0]

    def tests_in_process() -> float:
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink):
            for job in jobs:
                code = InProcessCode(list(job.cells))
                found = _Collected(job)
                fixtures = {"student": StudentProxy(code, reference), "reference": reference}
                for case in cases:
                    _run_case(case, fixtures, found)
                counts[0] += code.calls
                counts[1] += code.asks
                scores["in process"][job.key] = sum(test.points for test in found.tests)
        return 0.0

    trivial = [dataclasses.replace(jobs[0].cells[-1], grade_id="f", source="def f():\n    return None\n")]
    calls = 5000

    def trivial_calls() -> float:
        code = StudentCode(trivial, sandbox.limits, sandbox)
        for _ in range(calls):
            code.call("f")
        code.close()
        return code.cpu_seconds

    with pinned(cpu):
        tests_in_sandbox()  # warm: the reference's answers remembered, every code path run once
        full = measured(tests_in_sandbox)
        lifecycle = measured(start_load_stop)
        inproc = measured(tests_in_process)
        # n workers, not one: the fork server's CPU is read from /proc in clock ticks, too coarse for one
        empty = measured(lambda: start_load_stop(with_cells=False))
        grader_calls, worker_calls, _ = measured(trivial_calls)
        pipe = _pipe_round_trip()
    session.close()
    differ = [key for key, score in scores["sandbox"].items() if abs(score - scores["in process"].get(key, -1)) > 1e-9]
    if differ:  # then (3) did not run the same tests to the same end, and the split below means nothing
        bg.say(f"WARNING: {len(differ)} notebook(s) score differently in the sandbox and in process, e.g. {differ[0]}")
    ms = lambda seconds: f"{1000 * seconds:.1f} ms"  # noqa: E731
    total = sum(full)
    per_nb_calls, per_nb_asks = counts[0] / n, counts[1] / n
    trips = per_nb_calls + per_nb_asks
    boundary = total - sum(inproc)
    bg.say(f"pilot, where a notebook's CPU goes (jobs 1, {n} notebooks, in this process; grader + sandboxed "
           f"workers + fork server, per notebook):")
    bg.say(f"  everything (grade_class, one more notebook, the median of {max(reps, 1)}): {ms(marginal)}; of which the hidden "
           f"tests against the student's worker {ms(total)} (grader {ms(full[0])}, workers {ms(full[1])}, "
           f"fork server {ms(full[2])}), and the rest (reading the notebook, feedback page, gradebook) "
           f"{ms(marginal - total)}")
    bg.say(f"  the same hidden tests, the student's code run in this process (no worker, no codec): "
           f"{ms(sum(inproc))} ({per_nb_calls:.0f} calls of the student's functions and {per_nb_asks:.0f} "
           f"calls back to graded helpers answered by the reference; the student's own computation "
           f"is part of it)")
    bg.say(f"  so the grading boundary costs {ms(boundary)}: a worker's start, loading the cells and stop "
           f"{ms(sum(lifecycle))} (with no cell {ms(sum(empty))}), and {trips:.0f} round trips "
           f"{ms(boundary - sum(lifecycle))} ({1e6 * (boundary - sum(lifecycle)) / trips:.0f} us each)")
    bg.say(f"  floors on this machine: a call of a trivial function in a worker {1e6 * (grader_calls + worker_calls) * n / calls:.0f} "
           f"us (grader {1e6 * grader_calls * n / calls:.0f}, worker {1e6 * worker_calls * n / calls:.0f}); a "
           f"round trip of 200 bytes through two pipes, no Python work {1e6 * pipe:.1f} us")


WAITS = {"<built-in method posix.write>", "<built-in method posix.read>", "<method 'poll' of 'select.poll' objects>",
         "<method 'recv' of '_socket.socket' objects>", "<method 'acquire' of '_thread.lock' objects>",
         "<method 'sendmsg' of '_socket.socket' objects>", "<method 'send' of '_socket.socket' objects>"}


def process_floor(course, subs: Path, roster, groups, work: Path) -> float:
    """CPU seconds per notebook of bench/process_floor.py on the same notebooks and calls: a
    process per student and a pipe, nothing else (its own process, holding only what the fork
    server holds)."""
    import nbformat

    from coursekit.course.notebook import extract_grading_cells
    from coursekit.sandbox.codec import encode
    release = nbformat.read(course.release_notebook(bg.ASSIGNMENT), as_version=4)
    notebooks = [[c.source for c in extract_grading_cells(
        release, nbformat.read(subs / s.name / f"{bg.ASSIGNMENT}.ipynb", as_version=4)).cells] for s in roster]
    data = work / "process-floor.frame"
    data.write_bytes(encode({"notebooks": notebooks, "groups": [[list(call) for call in g] for g in groups]}))
    out = subprocess.run([sys.executable, "-I", str(HERE / "process_floor.py"), str(data)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["per_notebook"]


def demo_class(work: Path) -> tuple[Path, int]:
    """The demo's simulated class, without the infinite-loop student."""
    from coursekit.course.config import load_course
    from coursekit.demo import simulate_class
    subs = work / "demo-subs"
    roster = simulate_class(load_course(ROOT), subs)
    shutil.rmtree(subs / "infinite-loop", ignore_errors=True)
    return subs, sum(1 for s in roster if s.student != "infinite-loop")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--pilot-n", type=int, default=200)
    parser.add_argument("--nbgrader-n", type=int, default=10, help="nbgrader autograde sample (0 skips it)")
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--profile", action="store_true", help="where the pilot's CPU goes (cProfile, by process)")
    args = parser.parse_args()
    backends = {k: v for k, v in BACKENDS.items() if not (args.no_dask and k == "local:2")}
    from coursekit.course.config import load_course
    course = load_course(ROOT)
    work = Path(tempfile.mkdtemp(prefix="coursekit-bench-scaling-"))
    bg.say(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    try:
        if not args.no_demo:
            subs, n = demo_class(work)
            measure("demo class", subs, n, work, args.reps, backends)
        n = args.pilot_n
        subs = work / "pilot"
        roster = bg.make_class(course, n, subs)
        pilot = measure("pilot", subs, n, work, args.reps, backends)
        half = work / "pilot-half"
        bg.make_class(course, n // 2, half)
        slopes = per_extra_notebook(pilot, measure("pilot half", half, n // 2, work, args.reps, backends), n)
        marginal = slopes["jobs 1"][1]
        groups = bg.record_hidden_calls(course)
        compute = bg.bare_compute(course, subs, roster, groups)
        bg.say(f"pilot: marginal CPU per notebook (jobs 1, slope between {n // 2} and {n}): {1000 * marginal:.1f} ms; "
               f"bare compute of the student's cells and the {sum(len(g) for g in groups)} calls: "
               f"{1000 * compute:.2f} ms; grader overhead {1000 * (marginal - compute):.1f} ms/notebook "
               f"(target <= 10 ms)")
        floor = process_floor(course, subs, roster, groups, work)
        bg.say(f"pilot: the floor of a process per student (bench/process_floor.py: fork from a process holding "
               f"the fork server's modules, run the cells, the same calls over a pipe with the codec; no sandbox, "
               f"no tests): {1000 * floor:.1f} ms/notebook, {1000 * (floor - compute):.1f} ms over the bare compute "
               f"(coursekit: {1000 * (marginal - compute):.1f} ms)")
        overhead_budget(course, subs, half, n, work, args.reps)
        if args.profile:
            profile_pilot(course, subs, n, work, pilot["jobs 1"][1])
        if args.nbgrader_n:
            sample = roster[:args.nbgrader_n]
            nb = bg.grade_nbgrader(course, subs, sample, work / "nbgrader")
            bg.say(f"nbgrader autograde ({len(sample)} of the same notebooks): {nb.cpu_per:.2f} s CPU/notebook, "
                   f"{nb.per:.2f} s wall/notebook; ratio to coursekit jobs 1: {nb.cpu_per / pilot['jobs 1'][1]:.0f}x "
                   f"CPU, {nb.per / pilot['jobs 1'][0]:.0f}x wall (whole runs), {nb.cpu_per / marginal:.0f}x CPU "
                   f"per extra notebook (target far above 50x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
