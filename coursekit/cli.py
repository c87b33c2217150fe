"""The command line: a thin layer over the coursekit API (``coursekit --help``)."""
from __future__ import annotations

import argparse
import gc
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


def _relative(course, path) -> str:
    try:
        return str(Path(path).relative_to(course.root))
    except ValueError:
        return str(path)


def _cmd_check(course, args) -> int:
    from .check import check_findings
    findings = check_findings(course, args.ids or None, grade=not args.no_grade, execute=args.execute)
    by_file: dict[str, list[str]] = {}
    for finding in findings:
        by_file.setdefault(_relative(course, finding.path), []).append(finding.message)
    for path, messages in by_file.items():  # per file, what is missing there
        print(f"error: {path}", file=sys.stderr)
        for message in messages:
            print("  - " + message.replace("\n", "\n    "), file=sys.stderr)
    if findings:
        print(f"check: {len(findings)} problem(s) in {len(by_file)} file(s); the rules: coursekit/rules.py "
              "and the README's \"Writing an assignment\"", file=sys.stderr)
        return 1
    n = len(args.ids) if args.ids else len(course.config.assignments)
    what = "" if args.no_grade else ("; every reference scores full marks and every template zero; "
                                     "every mutant loses points with its message and every alternative scores "
                                     "full marks")
    ran = "; the notebooks run top to bottom" if args.execute else ""
    print(f"check: {n} assignment(s) valid and fresh{what}{ran}")
    return 0


def _cmd_new(course, args) -> int:
    from .new import new_assignment
    functions = [f.strip() for f in args.functions.split(",") if f.strip()]
    for path in new_assignment(course, args.id, args.title, functions):
        print(f"wrote {_relative(course, path)}")
    print(f"new: {args.id} started; next: `coursekit build {args.id}`, then `coursekit check {args.id}` "
          "lists what is still to write")
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
    from .grading.summary import exit_code, summary_lines
    start = time.perf_counter()
    # This process is ours until it exits: what is loaded by now (NumPy, pytest, the course) lives
    # as long, so the garbage collector's full passes may skip it (~3% of the grader's CPU).
    gc.collect()
    gc.freeze()
    result = grade_class(course, Path(args.submissions), assignment=args.assignment, regrade=args.regrade,
                         jobs=args.jobs, cluster=args.cluster, output=args.output, roster=args.roster,
                         progress=_progress(args.verbose), allow_weak_sandbox=args.allow_weak_sandbox,
                         insecure=args.insecure, certs=args.certs)
    seconds = time.perf_counter() - start
    out = Path(args.output) if args.output else course.path("output")
    if result.protections:
        shown = dict(result.protections)
        print(f"sandbox: {shown.pop('sandbox', 'unknown')}; " + "; ".join(f"{k}: {v}" for k, v in shown.items()))
        from .grading.pipeline import weak_sandbox_warning
        if weak_sandbox_warning(result.protections):
            print("warning: " + weak_sandbox_warning(result.protections), file=sys.stderr)
    for nb in result.needs_review:
        print(f"needs review: {nb.student} {nb.assignment}: {nb.message}")
    print("\n".join(summary_lines(result, seconds, out)))
    return exit_code(result)


def _cmd_cluster_certs(course, args) -> int:
    from .backends.cluster_certs import make_cluster_certs, usage
    make_cluster_certs(args.dir, days=args.days)
    print(usage(args.dir))
    return 0


def _cmd_mutants(course, args) -> int:
    from .check import mutant_scores
    bad = 0
    for assignment_id in args.ids or [a.id for a in course.config.assignments]:
        points = course.assignment(assignment_id).points
        print(f"{assignment_id} (max {points:g})")
        for row in mutant_scores(course, assignment_id):
            bad += not row.caught
            why = row.message if row.caught else "; ".join(row.problems)
            if row.alternative and row.caught:
                why = f"(right: {row.description})"
            if not args.verbose:
                print(f"  {'ok ' if row.caught else 'BAD'} {row.name:<36} {row.score:>5g}  {why[:160]}")
                continue
            print(f"  {'ok ' if row.caught else 'BAD'} {row.name:<36} {row.score:>5g}/{points:g}")
            if row.description:
                print(f"      {'right, by' if row.alternative else 'mistake:'}  {row.description}")
            if row.expected:
                print(f"      expected: a failure message containing {row.expected!r}")
            for message in row.messages or ("(no test failed)",):
                print(f"      got:      {message}")
            for problem in row.problems:
                print(f"      FAILED:   {problem}")
    return 1 if bad else 0


def _cmd_similarity(course, args) -> int:
    from .similarity import run_similarity
    start = time.perf_counter()
    written = run_similarity(course, Path(args.submissions), assignment=args.assignment, output=args.output,
                             top=args.top, min_score=args.min_score)
    for w in written:
        sim = w.similarity
        best = f"; highest score {sim.pairs[0].score:.1%} ({sim.pairs[0].a} / {sim.pairs[0].b})" if sim.pairs else ""
        print(f"similarity {w.assignment}: {sim.students} submission(s), {len(sim.pairs)} pair(s) sharing code, "
              f"{w.seconds:.1f} s{best}")
        for who, why in sim.not_compared:
            print(f"warning: {who}/{w.assignment}: not compared: {why}", file=sys.stderr)
        print(f"  {w.html}\n  {w.csv}")
    print(f"similarity: {len(written)} assignment(s) in {time.perf_counter() - start:.1f} s")
    return 0


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
    return run_demo(course, Path(args.out), jobs=args.jobs, assignment=args.assignment)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description="Build, grade and report the course.")
    parser.add_argument("--course", default=".", help="the course root, where course.yml is (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="source/ -> release/ and solutions/")
    p.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    p.set_defaults(run=_cmd_build)
    p = sub.add_parser("check", help="every rule the tests enforce (coursekit/rules.py), listed per file")
    p.add_argument("ids", nargs="*", help="assignment ids (default: all; the index is always checked)")
    p.add_argument("--no-grade", action="store_true", help="skip grading the references, templates and mutants")
    p.add_argument("--execute", action="store_true",
                   help="also run each solution notebook and the index top to bottom (a few seconds each)")
    p.set_defaults(run=_cmd_check)
    p = sub.add_parser("new", help="start an assignment: source notebook, hidden-test skeletons, mutants "
                                   "folder, course.yml entry")
    p.add_argument("id", help="the new assignment's id, NN_slug (e.g. 26_gelu_activation)")
    p.add_argument("--title", required=True, help='its title, e.g. "26 · GELU: exact and tanh approximation"')
    p.add_argument("--functions", required=True, help="the graded functions, comma-separated: f,g")
    p.set_defaults(run=_cmd_new)
    p = sub.add_parser("grade", help="grade a folder of submissions (any layout of README \"Submissions\") or one file")
    p.add_argument("submissions", help="a folder of submissions, or one notebook")
    p.add_argument("--roster", type=Path, default=None, help="the class roster CSV (default: course.yml roster:); "
                   "every roster student without a notebook gets a `missing` row")
    p.add_argument("--assignment", help="only this assignment id")
    p.add_argument("--regrade", metavar="STUDENT", help="grade this student afresh, and no one else")
    p.add_argument("--jobs", type=int, default=None, help="grader shards in parallel (default: the number of cores)")
    p.add_argument("--cluster", metavar="ADDRESS", default=None,
                   help="grade on a Dask cluster: local:N (N worker processes on this machine) or "
                        "tls://SCHEDULER:8786 with --certs (default: the local pool of --jobs shards)")
    p.add_argument("--output", type=Path, default=None, help="where gradebook, grades.csv and feedback go "
                   "(default: course.yml paths.output)")
    p.add_argument("-v", "--verbose", action="store_true", help="print a line per graded notebook")
    p.add_argument("--allow-weak-sandbox", action="store_true",
                   help="grade even where the sandbox cannot hide the course and cut the network (rlimits "
                        "only); every feedback page and the gradebook say so")
    p.add_argument("--insecure", action="store_true", help="allow --cluster tcp:// to a machine other than this "
                   "one (Dask's plain TCP is not authenticated: anyone who reaches it runs code as the grader)")
    p.add_argument("--certs", type=Path, default=None, metavar="DIR",
                   help="for --cluster tls://: the certificates made by `coursekit cluster-certs DIR` "
                        "(default: Dask's own distributed.comm.tls configuration)")
    p.set_defaults(run=_cmd_grade)
    p = sub.add_parser("cluster-certs", help="make a CA and TLS certificates for a Dask cluster (tls://)")
    p.add_argument("dir", type=Path, help="where the CA, the certificates and their keys go")
    p.add_argument("--days", type=int, default=365, help="how long the certificates are valid (default: 365)")
    p.set_defaults(run=_cmd_cluster_certs)
    p = sub.add_parser("mutants", help="score the reference, the template, every mutant (must lose points) and every "
                                       "alternative (tests/alternatives/: must score full marks) of assignments")
    p.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="per mutant: the mistake, the expected message, every message got, which condition failed")
    p.set_defaults(run=_cmd_mutants)
    p = sub.add_parser("similarity", help="how much code pairs of SUBMISSIONS share, for a TA to read: "
                       "similarity/<id>.html and .csv")
    p.add_argument("submissions")
    p.add_argument("--assignment", help="only this assignment id")
    p.add_argument("--output", type=Path, default=None,
                   help="where similarity/ goes (default: course.yml paths.output)")
    p.add_argument("--top", type=int, default=25, help="pairs shown with their code in the HTML (default: 25)")
    p.add_argument("--min-score", type=float, default=0.0,
                   help="leave out pairs scoring below this, 0 to 1 (default: 0, every pair that shares code)")
    p.set_defaults(run=_cmd_similarity)
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
    p.add_argument("--assignment", metavar="ID", default=None,
                   help="only this assignment: its reference, template and every mutant graded as a class")
    p.set_defaults(run=_cmd_demo)
    from .ta_commands import add_ta_commands
    add_ta_commands(sub)  # serve, adjust, comment
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        course = None if args.command == "cluster-certs" else load_course(args.course)
        return args.run(course, args)
    except CoursekitError as exc:
        for line in str(exc).splitlines():  # a build error has a line per broken cell
            print(f"error: {line}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
