"""What runs inside Gradescope's autograder image: ``run_autograder`` calls
``python -m coursekit.export.gradescope_runtime --root /autograder``, which grades
``/autograder/submission`` with coursekit and writes ``/autograder/results/results.json``.
The zip is made by coursekit.export.gradescope, whose docstring describes the layout.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..course.config import load_course
from ..outputs.gradebook import GradedNotebook
from .gradescope import GRADESCOPE_CONFIG

ROOT_ENV = "COURSEKIT_AUTOGRADER_ROOT"
PYTHON_ENV = "COURSEKIT_PYTHON"
DEFAULT_ROOT = "/autograder"


def gradescope_results(nb: GradedNotebook | None, *, message: str = "", visibility: str = "visible",
                       seconds: float = 0.0) -> dict:
    """results.json (Gradescope's format) for one graded notebook, or for no notebook at all."""
    lines = [message] if message else []
    tests = []
    if nb is not None:
        if nb.status != "graded":
            lines.append(f"Your notebook could not be graded: {nb.message}")
        lines += nb.warnings
        if nb.output:
            lines.append("What your code printed (first part):\n" + nb.output[:2000])
        tests = [{"name": f"{t.function}: {t.name}", "score": t.points, "max_score": t.max_points,
                  "status": "passed" if t.outcome == "passed" else "failed",
                  "output": t.message, "visibility": visibility} for t in nb.tests]
    return {"score": nb.final_score if nb is not None else 0.0,
            "execution_time": int(round(seconds)),
            "output": "\n\n".join(lines),
            "output_format": "text",
            "stdout_visibility": "hidden",
            "visibility": visibility,
            "tests": tests}


def _find_submission(submission_dir: Path, assignment_id: str) -> Path | None:
    """The submitted notebook: <id>.ipynb anywhere in the upload, else the first .ipynb by path."""
    notebooks = sorted(p for p in submission_dir.rglob("*.ipynb")
                       if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    named = [p for p in notebooks if p.name == f"{assignment_id}.ipynb"]
    return (named or notebooks)[0] if named or notebooks else None


def run_gradescope(root: Path) -> dict:
    """What run_autograder does: grade root/submission with root/source/course, write
    root/results/results.json, and return it."""
    from ..grading.pipeline import grade_class
    start = time.perf_counter()
    root = Path(root)
    settings = json.loads((root / "source" / GRADESCOPE_CONFIG).read_text(encoding="utf-8"))
    assignment_id, visibility = settings["assignment"], settings.get("visibility", "visible")
    course = load_course(root / "source" / "course")
    submitted = _find_submission(root / "submission", assignment_id)
    if submitted is None:
        results = gradescope_results(None, visibility=visibility,
                                     message=f"No notebook found in your submission: upload {assignment_id}.ipynb.")
    else:
        with tempfile.TemporaryDirectory(prefix="coursekit-gradescope-") as tmp:
            target = Path(tmp) / "submissions" / "student" / f"{assignment_id}.ipynb"
            target.parent.mkdir(parents=True)
            shutil.copyfile(submitted, target)
            run = grade_class(course, target.parent.parent, assignment=assignment_id,
                              output=Path(tmp) / "output", jobs=1)
            nb = run.graded[0]
        note = (f"Graded {submitted.name}; only {assignment_id}.ipynb is graded."
                if submitted.name != f"{assignment_id}.ipynb" else "")
        results = gradescope_results(nb, message=note, visibility=visibility,
                                     seconds=time.perf_counter() - start)
    path = root / "results" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.export.gradescope_runtime",
                                     description="run_autograder's entry point inside a Gradescope image: grade "
                                                 "ROOT/submission, write ROOT/results/results.json")
    parser.add_argument("--root", default=os.environ.get(ROOT_ENV, DEFAULT_ROOT))
    args = parser.parse_args(argv)
    results = run_gradescope(Path(args.root))
    print(f"coursekit: {results['score']:g} points; {sum(t['status'] == 'passed' for t in results['tests'])}"
          f"/{len(results['tests'])} tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
