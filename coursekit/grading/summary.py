"""The end of ``coursekit grade``: what happened to every file, in lines a TA can act on, and
the exit code.

Exit codes: 0 everything found was graded (or was unchanged); 1 some files were ignored or
could not be read (listed, each with the reason); 2 nothing at all was graded (no notebook
graded or unchanged: a wrong or empty folder, or only unreadable files). An error that stops
the run (a wrong path, a bad course.yml or roster) is also 2, printed as ``error: ...``.
"""
from __future__ import annotations

from pathlib import Path

from .pipeline import ClassRun

OK, PROBLEMS, NOTHING = 0, 1, 2


def exit_code(run: ClassRun) -> int:
    graded = [nb for nb in run.graded if nb.status != "unreadable"]
    if not graded and not run.skipped:
        return NOTHING
    unreadable = bool(run.intake.unreadable) or any(nb.status == "unreadable" for nb in run.graded)
    return PROBLEMS if run.ignored or unreadable else OK


def summary_lines(run: ClassRun, seconds: float, output: Path, limit: int = 50) -> list[str]:
    """The summary, one fact a line; lists longer than ``limit`` are cut with a count."""
    def listed(items: list[str]) -> list[str]:
        shown = [f"    {item}" for item in items[:limit]]
        return shown + ([f"    ... and {len(items) - limit} more"] if len(items) > limit else [])

    intake = run.intake
    n = len(run.graded)
    bad = [nb for nb in run.graded if nb.status == "unreadable"]
    per = f" ({seconds / n:.3f} s per notebook)" if n else ""
    lines = [f"layout: {intake.layout} ({intake.students} student{'s' * (intake.students != 1)})",
             f"graded: {n - len(bad)} notebook(s) in {seconds:.1f} s{per}",
             f"unchanged: {run.skipped} (already graded at this content; --regrade STUDENT to grade again)"]
    if run.missing:
        lines.append(f"missing: {len(run.missing)} (roster students without a notebook: status `missing`, score 0)")
        lines += listed([f"{nb.student} / {nb.assignment}" for nb in run.missing])
    unreadable = [f"{nb.student} / {nb.assignment}: {nb.message}" for nb in bad] + \
        [f"{path}: {why}" for path, why in intake.unreadable]
    if unreadable:
        lines.append(f"unreadable: {len(unreadable)} (scored 0 where the assignment is known)")
        lines += listed(unreadable)
    if run.ignored:
        lines.append(f"ignored: {len(run.ignored)} file(s), not graded")
        lines += listed([f"{path}: {why}" for path, why in run.ignored])
    if run.bad_timestamps:
        lines.append(f"bad timestamps: {len(run.bad_timestamps)} (no late penalty applied)")
        lines += listed(run.bad_timestamps)
    if intake.not_on_roster:
        lines.append(f"not on the roster: {len(intake.not_on_roster)} (graded, and flagged in their feedback)")
        lines += listed(sorted(intake.not_on_roster))
    if intake.notes:
        lines.append(f"recognised or picked: {len(intake.notes)} (also said in the student's feedback)")
        lines += listed(intake.notes)
    code = exit_code(run)
    lines.append({OK: "exit 0: every submission found was graded",
                  PROBLEMS: "exit 1: some files were ignored or could not be read (listed above)",
                  NOTHING: "exit 2: nothing was graded: check the folder and its layout (README, Submissions)"}[code])
    lines += [f"  gradebook: {output / 'gradebook.db'}", f"  grades:    {output / 'grades.csv'}",
              f"  feedback:  {output / 'feedback'}/"]
    return lines
