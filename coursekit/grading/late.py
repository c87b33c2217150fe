"""Submission times and the late policy of course.yml."""
from __future__ import annotations

import datetime as dt
import math

from ..course.config import Assignment


def parse_submission_time(text: str) -> dt.datetime:
    """A time as nbgrader's timestamp.txt writes it (``2027-02-20 10:00:00 UTC``) or ISO 8601;
    naive times are UTC. Raises ValueError."""
    when = dt.datetime.fromisoformat(text.strip().replace(" UTC", "+00:00").replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def read_timestamp(text: str, name: str) -> tuple[dt.datetime | None, str | None]:
    """(the time, None), or (None, a warning for the TA) when ``text`` is not a time."""
    try:
        return parse_submission_time(text), None
    except ValueError:
        return None, (f"{name}: {text.strip()[:60]!r} is not a time (e.g. 2027-02-19 23:59:00 UTC): "
                      "no late penalty applied")


def late_penalty(asg: Assignment, when: dt.datetime | None, score: float,
                 due: dt.datetime | None = None) -> float:
    """Points taken off ``score``: the policy's points (``policy_penalty``), never more than the score."""
    return round(min(score, policy_penalty(asg, when, due)), 6)


def policy_penalty(asg: Assignment, when: dt.datetime | None, due: dt.datetime | None = None) -> float:
    """What the late policy takes: late_penalty_per_day of the maximum per started day after the
    due date (``due``, default course.yml's) plus the grace period, at most the maximum. The gradebook stores this and
    caps it at the score in force, so that a TA's adjustment of a late notebook is penalised too."""
    due = due or asg.due
    if when is None or due is None or asg.late_penalty_per_day == 0:
        return 0.0
    due = due if due.tzinfo else due.replace(tzinfo=dt.timezone.utc)
    late = when - due - dt.timedelta(minutes=asg.grace_period_min)
    if late <= dt.timedelta(0):
        return 0.0
    days = math.ceil(late / dt.timedelta(days=1))
    return round(min(asg.points, days * asg.late_penalty_per_day * asg.points), 6)
