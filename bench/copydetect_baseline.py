"""copydetect (PyPI, MIT) on the same simulated class, for comparison with ``coursekit similarity``.

copydetect is not a dependency of coursekit: run this in a separate virtualenv.

    .venv/bin/python bench/bench_similarity.py --dump-py /tmp/sim-py
    python3 -m venv /tmp/copydetect-venv && /tmp/copydetect-venv/bin/pip install copydetect
    /tmp/copydetect-venv/bin/python bench/copydetect_baseline.py /tmp/sim-py [--k 25 --window 1]

Runs copydetect's own CopyDetector (its Pygments tokenizer and filter, winnowing, boilerplate
removal of the release's code) on students/*.py plus the reference, and prints where the planted
pairs rank among all pairs (score: the mean of copydetect's two per-file similarities, as
copydetect reports both) and the best honest pair.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from copydetect import CopyDetector


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--k", type=int, default=25, help="noise threshold (copydetect's default 25 characters)")
    parser.add_argument("--window", type=int, default=1, help="winnowing window (copydetect's default 1)")
    args = parser.parse_args()
    rows = [line.split("\t") for line in (args.folder / "planted.txt").read_text().splitlines()]
    planted = [(r[0], r[1], r[2]) for r in rows if r[0] != "honest"]
    honest = {r[1] for r in rows if r[0] == "honest"}
    tmp = Path(tempfile.mkdtemp())
    files = tmp / "files"
    shutil.copytree(args.folder / "students", files)
    shutil.copy(args.folder / "reference" / "reference.py", files / "(reference solution).py")
    start = time.perf_counter()
    detector = CopyDetector(test_dirs=[str(files)], ref_dirs=[str(files)], boilerplate_dirs=[str(args.folder / "boilerplate")],
                            extensions=["py"], noise_t=args.k, guarantee_t=args.k + args.window - 1,
                            display_t=0.0, silent=True, autoopen=False)
    detector.run()
    seconds = time.perf_counter() - start
    names = [Path(f).stem for f in detector.test_files]
    sims = detector.similarity_matrix
    score = {}
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if i < j and sims[i, j, 0] >= 0:
                score[frozenset((a, b))] = (sims[i, j, 0] + sims[i, j, 1]) / 2
    ranked = sorted(score.items(), key=lambda kv: -kv[1])
    rank = {pair: r + 1 for r, (pair, _) in enumerate(ranked)}
    print(f"copydetect k={args.k} window={args.window}: {len(names)} files, {seconds:.1f} s")
    for copier, original, how in planted:
        pair = frozenset((copier, original))
        print(f"  planted rank {rank[pair]:5}  score {score[pair]:.4f}  {copier} / {original} ({how})")
    honest_pairs = [(rank[p], s, sorted(p)) for p, s in ranked if p <= honest]
    r, s, who = honest_pairs[0]
    print(f"  best honest pair rank {r:5}  score {s:.4f}  {who[0]} / {who[1]}")
    variants = [s for p, s in ranked if p <= honest and not any(x.startswith("mutant") for x in p)]
    print(f"  best pair of variants {variants[0]:.4f}; median {variants[len(variants) // 2]:.3f}; "
          f"honest pairs above the lowest planted pair: "
          f"{sum(s >= min(score[frozenset(p[:2])] for p in planted) for _, s, _ in honest_pairs)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
