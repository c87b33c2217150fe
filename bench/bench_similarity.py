"""Measure ``coursekit similarity`` on a simulated class of the pilot (tests/similarity_class.py):
the planted pairs' ranks and scores, the best honest pair, the time, and how it scales.

    .venv/bin/python bench/bench_similarity.py                    # 300 students
    .venv/bin/python bench/bench_similarity.py --scaling 100,300,1000 [--min-score 0.5]
    .venv/bin/python bench/bench_similarity.py --dump-py /tmp/sim-py   # each student's compared code as
                                                                       # a .py file (for bench/copydetect_baseline.py)

Everything is written under a temporary directory (removed at the end unless --keep).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from similarity_class import PILOT, make_class, write_class  # noqa: E402

from coursekit.course.config import load_course  # noqa: E402
from coursekit.course.notebook import read_notebook_text  # noqa: E402
from coursekit.grading.intake import find_submissions, make_job  # noqa: E402
from coursekit.similarity import REFERENCE, run_similarity  # noqa: E402
from coursekit.similarity.run import _release_parts, compared_cells, reference_cells  # noqa: E402


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def measure(course, n: int, tmp: Path, show: bool, min_score: float = 0.0) -> None:
    students, planted, honest = make_class(course, n)
    subs = write_class(course, students, tmp / f"class-{n}")
    written, wall, cpu = timed(lambda: run_similarity(course, subs, PILOT, output=tmp / f"out-{n}",
                                                      min_score=min_score))
    sim = written[0].similarity
    pairs = len(sim.pairs)
    print(f"n={n:5}: {wall:6.2f} s wall, {cpu:6.2f} s CPU; {n * (n - 1) // 2} student pairs, "
          f"{pairs} pairs (with the reference) listed (--min-score {min_score:g}); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if not show:
        return
    rank = {frozenset((p.a, p.b)): (i + 1, p) for i, p in enumerate(sim.pairs)}
    for plant in planted:
        r, p = rank[frozenset((plant.copier, plant.original))]
        print(f"  planted  rank {r:3}  score {p.score:.4f}  {plant.copier} / {plant.original} ({plant.how})")
    ok = set(honest)
    honest_pairs = [(i + 1, p) for i, p in enumerate(sim.pairs) if p.a in ok and p.b in ok]
    r, best = honest_pairs[0]
    print(f"  best honest pair       rank {r:3}  score {best.score:.4f}  {best.a} / {best.b} "
          f"({best.reference_share:.0%} of the shared code is also in the reference)")
    variants = [(i, p) for i, p in honest_pairs if not p.a.startswith("mutant") and not p.b.startswith("mutant")]
    r, best = variants[0]
    median = sorted(p.score for _, p in variants)[len(variants) // 2]
    print(f"  best pair of variants  rank {r:3}  score {best.score:.4f}  {best.a} / {best.b}; "
          f"median pair of variants {median:.3f}")
    to_reference = sorted((p.score for p in sim.pairs if p.kind == "reference" and p.a.startswith("student")),
                          reverse=True)
    print(f"  variants vs the reference: highest {to_reference[0]:.3f}, median "
          f"{to_reference[len(to_reference) // 2]:.3f}")
    print(f"  the release unchanged (release-template) shares code with "
          f"{sum('release-template' in (p.a, p.b) for p in sim.pairs)} of the other {n} submissions")


def dump_py(course, n: int, tmp: Path, folder: Path) -> None:
    """Each student's compared cells (as intake reads them) as folder/students/<name>.py, the
    release's stubs as folder/boilerplate/release.py and the reference as folder/reference/reference.py."""
    students, planted, honest = make_class(course, n)
    subs = write_class(course, students, tmp / "dump")
    release = read_notebook_text(course.release_notebook(PILOT).read_text(encoding="utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    for sub in find_submissions(course, subs, PILOT).submissions:
        code = "\n\n".join(src for _, src in compared_cells(make_job(sub, release).cells))
        (folder / "students").mkdir(parents=True, exist_ok=True)
        (folder / "students" / f"{sub.student}.py").write_text(code + "\n", encoding="utf-8")
    setup, _, stubs = _release_parts(release)
    (folder / "boilerplate").mkdir()
    (folder / "boilerplate" / "release.py").write_text("\n\n".join(setup + stubs) + "\n", encoding="utf-8")
    (folder / "reference").mkdir()
    (folder / "reference" / "reference.py").write_text(
        "\n\n".join(src for _, src in reference_cells(course, PILOT, release)) + "\n", encoding="utf-8")
    (folder / "planted.txt").write_text("".join(f"{p.copier}\t{p.original}\t{p.how}\n" for p in planted)
                                        + "".join(f"honest\t{h}\n" for h in honest), encoding="utf-8")
    print(f"wrote {folder}/students/*.py ({len(students)}), boilerplate/, reference/, planted.txt "
          f"(the reference is named {REFERENCE!r} in planted.txt)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--scaling", default="", help="comma-separated class sizes, e.g. 100,300,1000")
    parser.add_argument("--dump-py", type=Path, default=None)
    parser.add_argument("--min-score", type=float, default=0.0, help="for the --scaling runs")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    course = load_course(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="coursekit-bench-similarity-"))
    try:
        if args.dump_py:
            dump_py(course, args.n, tmp, args.dump_py)
            return 0
        measure(course, args.n, tmp, show=True)
        for n in [int(x) for x in args.scaling.split(",") if x]:
            measure(course, n, tmp, show=False, min_score=args.min_score)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
