"""One CPU for a grader thread and its sandboxed workers.

A hidden test and the student's worker take turns: the grader sends a call and waits, the
worker computes and answers, the grader goes on. When the two sit on different CPUs, every
turn wakes an idle CPU, which costs tens of microseconds of CPU on each side (measured on a
2-core VM: a pipe round trip of 8 bytes costs 26 + 27 us of CPU across CPUs, 1.7 + 4.7 us on
one); a notebook makes dozens of calls. Since the two never run at the same time, they lose
nothing by sharing one CPU: the grading thread pins itself to one CPU while it grades, and its
fork server (and so every worker forked from it) is started pinned to the same CPU. Parallel
graders each take a different CPU (``cpu_for``). Off Linux nothing is pinned.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from .plan import libc


def available_cpus() -> list[int]:
    """The CPUs this process may run on, in order ([] where affinity is unknown)."""
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return []


def cpu_for(index: int) -> int | None:
    """The CPU for the ``index``-th of several parallel graders (round robin), or None."""
    cpus = available_cpus()
    return cpus[index % len(cpus)] if len(cpus) > 1 else None


def current_cpu() -> int | None:
    """The CPU the calling thread runs on now, or None where that is unknown."""
    try:
        cpu = libc().sched_getcpu()
    except (OSError, AttributeError):
        return None
    return cpu if cpu >= 0 and cpu in available_cpus() else None


def pin(cpu: int | None) -> None:
    """Pin the calling thread (and the processes it starts from now on) to ``cpu``; None: no-op."""
    if cpu is not None:
        try:
            os.sched_setaffinity(0, {cpu})
        except (AttributeError, OSError):
            pass


@contextmanager
def pinned(cpu: int | None) -> Iterator[None]:
    """The calling thread pinned to ``cpu`` inside the block; its former CPUs restored after."""
    before = available_cpus()
    if cpu is None or len(before) < 2:
        yield
        return
    pin(cpu)
    try:
        yield
    finally:
        try:
            os.sched_setaffinity(0, before)
        except OSError:
            pass
