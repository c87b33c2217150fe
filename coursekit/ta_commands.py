"""The TA's commands: ``coursekit serve``, ``coursekit adjust``, ``coursekit comment``
(registered by cli.py; the work is done in coursekit.web and coursekit.outputs.actions)."""
from __future__ import annotations

import getpass
from pathlib import Path


def _who(args) -> str:
    if args.by:
        return args.by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "TA"


def _output(course, args) -> Path:
    return Path(args.output) if args.output else course.path("output")


def _cmd_serve(course, args) -> int:
    from .web.serve import serve
    return serve(course, _output(course, args), host=args.host, port=args.port, by=_who(args),
                 submissions=args.submissions)


def _cmd_adjust(course, args) -> int:
    from .outputs.actions import adjust
    event = adjust(course, _output(course, args), args.student, args.id, by=_who(args), reason=args.reason,
                   set_to=args.set, add=args.add, test=args.test or "")
    print(f"adjust: {args.student} {args.id}: {event.describe()} (event #{event.id}, by {event.by}); "
          "feedback page and grades.csv rewritten")
    return 0


def _cmd_comment(course, args) -> int:
    from .outputs.actions import comment
    event = comment(course, _output(course, args), args.student, args.id, args.text, by=_who(args))
    print(f"comment: {args.student} {args.id}: recorded (event #{event.id}, by {event.by}); feedback page rewritten")
    return 0


def add_ta_commands(sub) -> None:
    """Add serve, adjust and comment to the ``coursekit`` subcommands."""
    output_help = "where gradebook.db is, as for grade and report (default: course.yml paths.output)"
    by_help = "who you are, written with every action (default: your login name)"
    p = sub.add_parser("serve", help="the web gradebook for TAs (prints its URL with a token)")
    p.add_argument("--port", type=int, default=8642, help="default: 8642")
    p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")
    p.add_argument("--by", metavar="NAME", default=None, help=by_help)
    p.add_argument("--output", type=Path, default=None, help=output_help)
    p.add_argument("--submissions", type=Path, default=None, metavar="DIR",
                   help="the folder `coursekit grade` reads: a regrade in the app then runs `coursekit grade DIR "
                        "--assignment ID` at once (default: the next `coursekit grade` does it)")
    p.set_defaults(run=_cmd_serve)
    p = sub.add_parser("adjust", help="change a student's score (a test or the whole notebook), with a reason")
    p.add_argument("student")
    p.add_argument("id", help="the assignment id")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--set", type=float, metavar="SCORE", help="the new score (of the test, or the notebook)")
    how.add_argument("--add", type=float, metavar="POINTS", help="points to add (negative to take off)")
    p.add_argument("--reason", required=True, help="why (the student reads it in the feedback page)")
    p.add_argument("--test", default=None, help="one test, function::name or a unique test name "
                   "(default: the whole notebook)")
    p.add_argument("--by", metavar="NAME", default=None, help=by_help)
    p.add_argument("--output", type=Path, default=None, help=output_help)
    p.set_defaults(run=_cmd_adjust)
    p = sub.add_parser("comment", help="leave a comment for a student (shown in the feedback page)")
    p.add_argument("student")
    p.add_argument("id", help="the assignment id")
    p.add_argument("text")
    p.add_argument("--by", metavar="NAME", default=None, help=by_help)
    p.add_argument("--output", type=Path, default=None, help=output_help)
    p.set_defaults(run=_cmd_comment)


__all__ = ["add_ta_commands"]
