"""CPU of a command's whole process tree, and of its long-lived processes one by one.

    .venv/bin/python bench/tree_cpu.py .venv/bin/coursekit grade CLASS --cluster local:2 --output OUT

This process becomes the tree's subreaper, so every descendant is reaped here (also those orphaned
when their parent exits) and RUSAGE_CHILDREN is the CPU of the whole tree. The long-lived processes
(the command, Dask's worker processes, fork servers) are sampled every 0.05 s with psutil, the last
sample of each counting; what the samples miss is the short-lived processes (sandboxed workers).
Used to tell a run's fixed cost from its cost per notebook: run it on a class of n and of 2n.
"""
from __future__ import annotations

import collections
import ctypes
import os
import resource
import subprocess
import sys
import time

import psutil

PR_SET_CHILD_SUBREAPER = 36


def main(command: list[str]) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu: dict[int, float] = {}
    names: dict[int, str] = {}
    while child.poll() is None:
        for process in psutil.Process().children(recursive=True):
            try:
                times = process.cpu_times()
                cpu[process.pid] = times.user + times.system
                names.setdefault(process.pid, " ".join(process.cmdline())[:80])
            except psutil.Error:
                pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    while True:  # reap the orphans too, so that RUSAGE_CHILDREN holds the whole tree
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    groups: dict[str, float] = collections.defaultdict(float)
    counts: collections.Counter[str] = collections.Counter()
    for pid, seconds in cpu.items():
        name = names.get(pid, "?")
        group = ("the command" if pid == child.pid else
                 "Dask worker processes" if "spawn_main" in name else name)
        groups[group] += seconds
        counts[group] += 1
    sampled = sum(cpu.values())
    print(f"exit {child.returncode}; wall {wall:.2f} s; whole tree CPU {total:.2f} s; long-lived processes "
          f"{sampled:.2f} s; the rest (short-lived: sandboxed workers) {total - sampled:.2f} s")
    for group, seconds in sorted(groups.items(), key=lambda item: -item[1])[:8]:
        print(f"  {seconds:7.2f} s  {counts[group]:4d} process(es)  {group}")


if __name__ == "__main__":
    main(sys.argv[1:])
