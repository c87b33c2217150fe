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
the ratio to coursekit. With --profile, where the pilot's CPU goes: the pilot graded once more in
this process (jobs 1) under cProfile, its CPU split by process (the grader; the sandboxed workers,
as the fork server's wait4 reports them; the rest of the tree, from the jobs 1 runs above: fork
server and wrapper) and the grader's top functions by own time.
Everything happens in a temporary directory; nothing is written inside the repository.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


WAITS = {"<built-in method posix.write>", "<built-in method posix.read>", "<method 'poll' of 'select.poll' objects>",
         "<method 'recv' of '_socket.socket' objects>", "<method 'acquire' of '_thread.lock' objects>",
         "<method 'sendmsg' of '_socket.socket' objects>", "<method 'send' of '_socket.socket' objects>"}


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
