"""What runs inside Gradescope's autograder image: ``run_autograder`` calls
``python -m coursekit.export.gradescope_runtime --root /autograder``, which grades
``/autograder/submission`` with coursekit and writes ``/autograder/results/results.json``.
The zip is made by coursekit.export.gradescope, whose docstring describes the layout.

The late policy is course.yml's (``late_penalty_per_day``, ``grace_period_min``; see
coursekit.grading.late), applied to the times in ``/autograder/submission_metadata.json``
(Gradescope's "Submission Metadata" page): ``created_at`` is the submission time and
``assignment.due_date`` the due date; a per-student extension is ``users[i].assignment.due_date``
(not on that page, but in the files Gradescope writes; for a group, the latest of its members').
Without a due date there, course.yml's ``due`` is used; without the file (a local run), no penalty.
``assignment.late_due_date`` (the last moment Gradescope accepts a late submission) plays no part.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..course.config import Assignment, load_course
from ..grading.late import late_penalty, parse_submission_time
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


@dataclasses.dataclass(frozen=True)
class Lateness:
    """The late policy applied to one Gradescope submission."""

    penalty: float = 0.0
    note: str = ""       # for results.json's output ("" when there is nothing to say)


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _metadata_due(metadata: dict) -> tuple[dt.datetime | None, str]:
    """The due date in submission_metadata.json: the latest per-student extension, else the
    assignment's; (None, "") when it has neither."""
    extensions = []
    for user in metadata.get("users") or []:
        due = ((user or {}).get("assignment") or {}).get("due_date") if isinstance(user, dict) else None
        if due:
            extensions.append(parse_submission_time(str(due)))
    if extensions:
        return max(extensions), "your extended due date"
    due = (metadata.get("assignment") or {}).get("due_date")
    return (parse_submission_time(str(due)), "the due date") if due else (None, "")


def late_policy(asg: Assignment, metadata: dict | None, score: float) -> Lateness:
    """course.yml's late policy for a submission described by Gradescope's submission_metadata.json."""
    if not metadata or not metadata.get("created_at"):
        return Lateness()
    try:
        when = parse_submission_time(str(metadata["created_at"]))
        due, which = _metadata_due(metadata)
    except ValueError as exc:
        return Lateness(0.0, f"Late policy not applied: submission_metadata.json has a time that cannot be read "
                             f"({exc}); no late penalty.")
    if due is None:
        due, which = asg.due, "the due date"
    if due is None or asg.late_penalty_per_day == 0:
        return Lateness()
    due = due if due.tzinfo else due.replace(tzinfo=dt.timezone.utc)
    grace = f" (+ {asg.grace_period_min:g} min grace)" if asg.grace_period_min else ""
    late = when - due - dt.timedelta(minutes=asg.grace_period_min)
    if late <= dt.timedelta(0):
        return Lateness(0.0, f"Submitted {_utc(when)}, by {which} {_utc(due)}{grace}: no late penalty.")
    penalty = late_penalty(asg, when, score, due=due)
    days = math.ceil(late / dt.timedelta(days=1))
    return Lateness(penalty, f"Submitted {_utc(when)}, {days} started day(s) after {which} {_utc(due)}{grace}: "
                             f"late penalty -{penalty:g} points ({asg.late_penalty_per_day:.0%} of "
                             f"{asg.points:g} points per started day, never more than the score); "
                             f"score {score:g} -> {max(0.0, score - penalty):g}.")


def _read_metadata(root: Path) -> tuple[dict | None, str]:
    """root/submission_metadata.json, or (None, why it was not used)."""
    path = root / "submission_metadata.json"
    if not path.is_file():
        return None, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"Late policy not applied: {path.name} is not readable JSON ({exc}); no late penalty."
    return (data, "") if isinstance(data, dict) else (None, f"Late policy not applied: {path.name} is not an object.")


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
            # Gradescope's container may forbid namespaces (Docker's default seccomp profile blocks
            # unshare): grade anyway, with what is left (the worker runs as nobody, and run_autograder
            # has made the hidden tests and the reference readable by root only); each submission
            # has a container of its own. The results say which protections were in force.
            run = grade_class(course, target.parent.parent, assignment=assignment_id,
                              output=Path(tmp) / "output", jobs=1, allow_weak_sandbox=True)
            nb = run.graded[0]
        metadata, unreadable = _read_metadata(root)
        lateness = late_policy(course.assignment(assignment_id), metadata, nb.score) if nb.status == "graded" \
            else Lateness()
        nb = dataclasses.replace(nb, penalty=lateness.penalty)
        notes = [f"Graded {submitted.name}; only {assignment_id}.ipynb is graded."
                 if submitted.name != f"{assignment_id}.ipynb" else "", unreadable, lateness.note]
        results = gradescope_results(nb, message="\n".join(n for n in notes if n), visibility=visibility,
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
