"""Grade one class on Dask (``--cluster local:N``) and on the local shards (``--jobs N``).

    .venv/bin/python bench/bench_cluster.py [--n 48] [--workers 1,2] [--pool-jobs 1,2]

Makes a class of --n submissions of 05_knowledge_distillation (reference, template and every
mutant of tests/mutants/, in turn) in memory and grades it with the shard backend (jobs
shards) and with ``local:N`` Dask LocalClusters (N single-threaded worker processes), the
same sandbox in each. Prints a row per backend: grading seconds, seconds per notebook, the
cluster's start-up (not in the grading time) and the Dask overhead per notebook against the
pool with as many processes. Checks that every backend gives every notebook the same score.
Writes nothing inside the repository (the sandbox's view of the course is a temporary one).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the course's files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ASSIGNMENT = "05_knowledge_distillation"


def make_jobs(course, n: int) -> list:
    from coursekit.course.build import notebook_text, reference_and_template
    from coursekit.course.notebook import extract_grading_cells, graded_functions, read_notebook_text
    from coursekit.grading.job import GradingJob
    from coursekit.mutants import apply_mutant, load_mutants
    reference, template = reference_and_template(course, ASSIGNMENT)
    mutants = load_mutants(course.mutants_dir(ASSIGNMENT), graded_functions(reference))
    notebooks = [reference, template] + [apply_mutant(reference, m) for m in mutants]
    release = read_notebook_text(course.release_notebook(ASSIGNMENT).read_text(encoding="utf-8"))
    jobs = []
    for i in range(n):
        extraction = extract_grading_cells(release, read_notebook_text(notebook_text(notebooks[i % len(notebooks)])))
        jobs.append(GradingJob(ASSIGNMENT, f"student{i:04d}", tuple(extraction.cells), tuple(extraction.warnings)))
    return jobs


def benchmark(n: int, workers: tuple[int, ...], pool_jobs: tuple[int, ...],
              say: Callable[[str], None] = print) -> list[dict]:
    from coursekit.backends.dask_client import DaskBackend, dask_client
    from coursekit.backends.inline import InlineBackend
    from coursekit.backends.shards import ShardBackend
    from coursekit.course.config import load_course
    from coursekit.sandbox.plan import SandboxPlan
    course = load_course(ROOT)
    jobs = make_jobs(course, n)
    rows: list[dict] = []
    scores: dict = {}
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-cluster-") as tmp:
        plan = SandboxPlan.for_paths([course.root, Path(tmp), *[course.path(p) for p in
                                      ("source", "solutions", "autograder", "mutants")]])

        def measure(name: str, processes: int, backend, startup: float) -> None:
            graded: dict[str, float] = {}
            start = time.perf_counter()
            backend.run(course, jobs, plan, lambda r: graded.__setitem__(r.key, r.score))
            seconds = time.perf_counter() - start
            assert len(graded) == n, f"{name}: {len(graded)} of {n} notebooks reported"
            scores.setdefault("first", graded)
            assert graded == scores["first"], f"{name}: scores differ from the first backend's"
            rows.append({"backend": name, "processes": processes, "n": n, "seconds": seconds,
                         "per_notebook": seconds / n, "startup": startup})

        for count in pool_jobs:
            measure(f"pool jobs={count}", count, InlineBackend() if count == 1 else ShardBackend(count), 0.0)
        for count in workers:
            start = time.perf_counter()
            with dask_client(f"local:{count}") as client:
                measure(f"dask local:{count}", count, DaskBackend(client), time.perf_counter() - start)
    pool = {r["processes"]: r for r in rows if r["backend"].startswith("pool")}
    say(f"{'backend':<16} {'procs':>5} {'notebooks':>9} {'seconds':>8} {'s/notebook':>10} "
        f"{'startup s':>9} {'overhead s/notebook vs pool':>28}")
    for r in rows:
        base = pool.get(r["processes"])
        overhead = "" if base is None or r["backend"].startswith("pool") else \
            f"{r['per_notebook'] - base['per_notebook']:+.3f}"
        say(f"{r['backend']:<16} {r['processes']:>5} {r['n']:>9} {r['seconds']:>8.2f} {r['per_notebook']:>10.3f} "
            f"{r['startup']:>9.2f} {overhead:>28}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=48, help="notebooks in the class (default: 48)")
    parser.add_argument("--workers", default="1,2", help="LocalCluster sizes, comma-separated (default: 1,2)")
    parser.add_argument("--pool-jobs", default="1,2", help="local pool sizes, comma-separated (default: 1,2)")
    args = parser.parse_args()
    benchmark(args.n, tuple(int(w) for w in args.workers.split(",") if w),
              tuple(int(j) for j in args.pool_jobs.split(",") if j), say=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
