"""Parallel grading on this machine: N grader shards, long-lived processes that run hidden tests.

The parent hands each chunk to an idle shard (``python -m coursekit.backends.shards``) as one
JSON line; the shard grades it with its GraderSession (one fork server for its whole life;
student code still only in sandboxed workers) and answers one JSON line per finished job
(``RunResult.to_json``), then ``{"chunk_done": n}``. Shards are trusted grader processes:
they hold the hidden tests and the reference; what they send back is plain JSON. The parent
is the one writer of the gradebook, so results are recorded as they arrive.
"""
from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from ..course.config import Course
from ..errors import HiddenTestError
from ..grading.job import GradingJob, RunResult
from ..grading.runner import OnResult
from ..grading.session import GraderSession
from ..sandbox.plan import SandboxPlan, parent_death_hook
from .base import Backend, chunks


def chunk_line(course_root: Path, number: int, jobs: list[GradingJob], plan: SandboxPlan) -> str:
    """One chunk of work as a JSON line (what a shard or a Dask task reads)."""
    return json.dumps({"course_root": str(course_root), "chunk": number, "plan": plan.to_json(),
                       "jobs": [job.to_json() for job in jobs]}) + "\n"


class _Shard:
    """One shard process and the partial line read from it."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coursekit.backends.shards"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            preexec_fn=parent_death_hook())
        assert self.process.stdin and self.process.stdout and self.process.stderr  # all three are PIPE
        self.stdin, self.stdout, self.stderr = self.process.stdin, self.process.stdout, self.process.stderr
        self.pending = b""
        self.busy = False

    def send(self, line: str | None) -> None:
        """Give the shard a chunk, or (None) tell it there is no more work."""
        if line is None:
            self.stdin.close()
            self.busy = False
        else:
            self.stdin.write(line)
            self.stdin.flush()
            self.busy = True

    def lines(self, data: bytes) -> list[bytes]:
        *complete, self.pending = (self.pending + data).split(b"\n")
        return complete

    def stop(self) -> None:
        if not self.stdin.closed:
            self.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class ShardBackend(Backend):
    name = "shards"

    def __init__(self, jobs: int):
        self.jobs = jobs

    def run(self, course: Course, jobs: Sequence[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        todo = [chunk_line(course.root, n, chunk, plan) for n, chunk in enumerate(chunks(jobs, self.jobs))]
        if not todo:
            return
        shards = [_Shard() for _ in range(min(self.jobs, len(todo)))]
        failures: list[str] = []
        try:
            with selectors.DefaultSelector() as selector:
                for shard in shards:
                    selector.register(shard.stdout.fileno(), selectors.EVENT_READ, shard)
                    shard.send(todo.pop(0) if todo else None)
                while any(shard.busy for shard in shards):
                    for key, _ in selector.select():
                        shard = key.data
                        data = os.read(key.fd, 1 << 20)  # raw reads: a buffered readline could hide lines
                        if not data:  # a shard ended: fine when idle; else its chunk is not recorded
                            selector.unregister(key.fd)
                            if shard.busy:
                                shard.busy = False
                                failures.append(f"exit code {shard.process.wait()}: "
                                                f"{shard.stderr.read()[-2000:]}")
                            continue
                        for line in shard.lines(data):
                            message = json.loads(line)
                            if "chunk_done" in message:
                                shard.send(todo.pop(0) if todo else None)
                            else:
                                on_result(RunResult.from_json(message))
        finally:
            for shard in shards:
                shard.stop()
        if failures:
            raise HiddenTestError("a grading shard failed:\n" + "\n".join(failures))


def serve(lines: Iterable[str], out: IO[str]) -> None:
    """A shard's life: one chunk per line, one GraderSession (and fork server) throughout."""
    session: GraderSession | None = None
    try:
        for line in lines:
            chunk = json.loads(line)
            if session is None:
                session = GraderSession(chunk["course_root"])

            def emit(result: RunResult) -> None:
                out.write(json.dumps(result.to_json()) + "\n")
                out.flush()
            session.grade([GradingJob.from_json(j) for j in chunk["jobs"]], SandboxPlan.from_json(chunk["plan"]),
                          emit)
            out.write(json.dumps({"chunk_done": chunk["chunk"]}) + "\n")
            out.flush()
    finally:
        if session is not None:
            session.close()


def main() -> None:
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything else printed goes to stderr, not into the results
    serve(sys.stdin, out)


if __name__ == "__main__":
    main()
