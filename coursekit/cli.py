"""The command line: a thin layer over the coursekit API (``coursekit --help``)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .course.config import load_course
from .errors import CoursekitError


def _cmd_build(course, args) -> int:
    from .course.build import build
    changed = build(course, args.ids or None)
    for path in changed:
        print(f"wrote {path.relative_to(course.root)}")
    print(f"build: {len(changed)} file(s) changed")
    return 0


def _cmd_check(course, args) -> int:
    from .check import check_course
    problems = check_course(course, grade=not args.no_grade)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    what = "" if args.no_grade else "; every reference scores full marks and every template zero"
    print(f"check: {len(course.config.assignments)} assignment(s) valid and fresh{what}")
    return 0


def _progress(verbose: bool):
    """A progress bar on a terminal (quiet otherwise); with -v a line per notebook."""
    tty = sys.stderr.isatty()

    def show(nb, done: int, total: int) -> None:
        if verbose:
            print(f"  {nb.student:<28} {nb.assignment:<36} {nb.final_score:>6g}/{nb.max_score:<4g} {nb.status}")
        if tty and total:
            filled = int(30 * done / total)
            end = "\n" if done == total else ""
            print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} notebooks", end=end, file=sys.stderr,
                  flush=True)
    return show


def _cmd_grade(course, args) -> int:
    from .grading.pipeline import grade_class
    start = time.perf_counter()
    result = grade_class(course, Path(args.submissions), assignment=args.assignment, regrade=args.regrade,
                         jobs=args.jobs, cluster=args.cluster, output=args.output,
                         progress=_progress(args.verbose))
    seconds = time.perf_counter() - start
    for path, why in result.ignored:
        print(f"warning: {path}: {why}; ignored", file=sys.stderr)
    n = len(result.graded)
    per = f" ({seconds / n:.3f} s per notebook)" if n else ""
    out = Path(args.output) if args.output else course.path("output")
    print(f"grade: {n} notebook(s) graded, {result.skipped} unchanged and skipped, in {seconds:.1f} s{per}")
    if result.protections:
        print("sandbox: " + "; ".join(f"{k}: {v}" for k, v in result.protections.items()))
    print(f"  gradebook: {out / 'gradebook.db'}\n  grades:    {out / 'grades.csv'}\n  feedback:  {out / 'feedback'}/")
    return 0


def _cmd_mutants(course, args) -> int:
    from .check import mutant_scores
    bad = 0
    for assignment_id in args.ids or [a.id for a in course.config.assignments]:
        points = course.assignment(assignment_id).points
        print(f"{assignment_id} (max {points:g})")
        for row in mutant_scores(course, assignment_id):
            bad += not row.caught
            print(f"  {'ok ' if row.caught else 'BAD'} {row.name:<36} {row.score:>5g}  {row.message[:110]}")
    return 1 if bad else 0


def _cmd_report(course, args) -> int:
    from .outputs.report import write_report
    path = write_report(course, output=args.output)
    print(f"report: {path}")
    return 0


def _cmd_export(course, args) -> int:
    for line in args.exporter.run(course, args):
        print(line, file=sys.stderr if line.startswith("warning:") else sys.stdout)
    return 0


def _cmd_demo(course, args) -> int:
    from .demo import run_demo
    return run_demo(course, Path(args.out), jobs=args.jobs)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description="Build, grade and report the course.")
    parser.add_argument("--course", default=".", help="the course root, where course.yml is (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="source/ -> release/ and solutions/")
    p.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    p.set_defaults(run=_cmd_build)
    p = sub.add_parser("check", help="course.yml valid, builds fresh, references full marks, templates zero")
    p.add_argument("--no-grade", action="store_true", help="skip grading the references and templates")
    p.set_defaults(run=_cmd_check)
    p = sub.add_parser("grade", help="grade SUBMISSIONS/<student>/<id>.ipynb")
    p.add_argument("submissions")
    p.add_argument("--assignment", help="only this assignment id")
    p.add_argument("--regrade", metavar="STUDENT", help="grade this student afresh, and no one else")
    p.add_argument("--jobs", type=int, default=None, help="grader shards in parallel (default: the number of cores)")
    p.add_argument("--cluster", metavar="ADDRESS", default=None,
                   help="grade on a Dask cluster: local:N (N worker processes on this machine) or "
                        "tcp://SCHEDULER:8786 (default: the local pool of --jobs shards)")
    p.add_argument("--output", type=Path, default=None, help="where gradebook, grades.csv and feedback go "
                   "(default: course.yml paths.output)")
    p.add_argument("-v", "--verbose", action="store_true", help="print a line per graded notebook")
    p.set_defaults(run=_cmd_grade)
    p = sub.add_parser("mutants", help="score the reference, the template and every mutant of assignments")
    p.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    p.set_defaults(run=_cmd_mutants)
    p = sub.add_parser("report", help="the class report (HTML with plots) for TAs")
    p.add_argument("--output", type=Path, default=None, help="where the gradebook is and report.html goes")
    p.set_defaults(run=_cmd_report)
    from .export import EXPORTERS
    p = sub.add_parser("export", help="to other tools: " + ", ".join(EXPORTERS))
    targets = p.add_subparsers(dest="format", required=True, metavar="TARGET")
    for exporter in EXPORTERS.values():
        target = targets.add_parser(exporter.name, help=exporter.help)
        exporter.add_arguments(target)
        target.set_defaults(run=_cmd_export, exporter=exporter)
    p = sub.add_parser("demo", help="simulate a class, grade it and write feedback and the report")
    p.add_argument("--out", default="demo", help="where the simulated class and its results go (default: demo/)")
    p.add_argument("--jobs", type=int, default=None)
    p.set_defaults(run=_cmd_demo)
    from .ta_commands import add_ta_commands
    add_ta_commands(sub)  # serve, adjust, comment
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        course = load_course(args.course)
        return args.run(course, args)
    except CoursekitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
