"""Parallel grading on this machine: N grader shards, forked from the grading process.

Before forking, the parent loads what grading needs (each assignment's hidden tests, collected
once, and its reference solution), so a shard starts with all of it at the cost of a fork, not
of a Python start-up and its imports. The jobs are cut into chunks (``base.chunks``); the parent
hands an idle shard a chunk's number as one line, and the shard grades that chunk with its
GraderSession (one fork server for the shard's whole life; student code still only in
sandboxed workers) and answers one JSON line per finished job (``RunResult.to_json``), then
``{"chunk_done": n}``. Shards are trusted grader processes: they hold the hidden tests and the
reference; what they send back is plain JSON. The parent is the one writer of the gradebook,
so results are recorded as they arrive. Shards die with the parent (parent-death signal).
"""
from __future__ import annotations

import json
import os
import selectors
import traceback
from collections.abc import Sequence
from pathlib import Path

from ..course.config import Course
from ..errors import HiddenTestError
from ..grading.job import GradingJob, RunResult
from ..grading.runner import OnResult
from ..grading.session import GraderSession
from ..sandbox.affinity import cpu_for
from ..sandbox.plan import SandboxPlan, set_parent_death_signal
from .base import Backend, chunks


def chunk_line(course_root: Path, number: int, jobs: list[GradingJob], plan: SandboxPlan) -> str:
    """One chunk of work as a JSON line (what a Dask task reads)."""
    return json.dumps({"course_root": str(course_root), "chunk": number, "plan": plan.to_json(),
                       "jobs": [job.to_json() for job in jobs]}) + "\n"


def _shard_main(session: GraderSession, work: list[list[GradingJob]], plan: SandboxPlan, requests: int,
                replies: int) -> None:
    """In the forked shard: grade the chunks the parent names, until it closes the pipe."""
    out = os.fdopen(replies, "w")

    def emit(message: dict) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()
    try:
        with os.fdopen(requests) as lines:
            for line in lines:
                number = int(line)
                session.grade(work[number], plan, lambda result: emit(result.to_json()))
                emit({"chunk_done": number})
    except BaseException:  # the parent reports it; a shard never takes the class down silently
        emit({"error": traceback.format_exc(limit=-4)[-3000:]})
    finally:
        session.close()


class _Shard:
    """One forked shard: its pid, the pipe it reads chunk numbers from, the pipe it answers on."""

    def __init__(self, session: GraderSession, work: list[list[GradingJob]], plan: SandboxPlan, cpu: int | None):
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the shard
            code = 1
            try:
                set_parent_death_signal()
                session.cpu = cpu  # each shard and its workers on a CPU of their own
                os.close(request_w)
                os.close(reply_r)
                _shard_main(session, work, plan, request_r, reply_w)
                code = 0
            finally:
                os._exit(code)
        os.close(request_r)
        os.close(reply_w)
        self.requests, self.replies = request_w, reply_r
        self.pending = b""
        self.busy = False
        self.error = ""

    def send(self, number: int | None) -> None:
        """Give the shard a chunk, or (None) tell it there is no more work."""
        if number is None:
            if self.requests >= 0:
                os.close(self.requests)
                self.requests = -1
            self.busy = False
        else:
            os.write(self.requests, f"{number}\n".encode())
            self.busy = True

    def lines(self, data: bytes) -> list[bytes]:
        *complete, self.pending = (self.pending + data).split(b"\n")
        return complete

    def stop(self) -> int:
        """Wait for the shard to end; its exit code."""
        self.send(None)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.replies)
        return os.waitstatus_to_exitcode(status)


class ShardBackend(Backend):
    name = "shards"

    def __init__(self, jobs: int):
        self.jobs = jobs

    def run(self, course: Course, jobs: Sequence[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        work = chunks(jobs, self.jobs)
        if not work:
            return
        session = GraderSession(course)
        for assignment_id in sorted({job.assignment for job in jobs}):  # loaded once, inherited by every shard
            session.cases(assignment_id)
            session.reference(assignment_id)
        todo = list(range(len(work)))
        shards = [_Shard(session, work, plan, cpu_for(i)) for i in range(min(self.jobs, len(work)))]
        failures: list[str] = []
        try:
            with selectors.DefaultSelector() as selector:
                for shard in shards:
                    selector.register(shard.replies, selectors.EVENT_READ, shard)
                    shard.send(todo.pop(0) if todo else None)
                while any(shard.busy for shard in shards):
                    for key, _ in selector.select():
                        shard = key.data
                        data = os.read(key.fd, 1 << 20)  # raw reads: a buffered readline could hide lines
                        if not data:  # a shard ended: fine when idle; else its chunk is not recorded
                            selector.unregister(key.fd)
                            if shard.busy:
                                shard.busy = False
                                failures.append(shard.error or "a grading shard stopped")
                            continue
                        for line in shard.lines(data):
                            message = json.loads(line)
                            if "chunk_done" in message:
                                shard.send(todo.pop(0) if todo else None)
                            elif "error" in message:
                                shard.error = message["error"]
                            else:
                                on_result(RunResult.from_json(message))
        finally:
            for shard in shards:
                shard.stop()
            session.close()
        if failures:
            raise HiddenTestError("a grading shard failed:\n" + "\n".join(failures))
