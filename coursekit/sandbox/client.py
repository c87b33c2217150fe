"""The grader's side of the grading boundary: one sandboxed worker per student.

``StudentCode`` runs one student's cells in a worker (coursekit.sandbox.worker) and calls
their functions there. Values come back through coursekit.sandbox.codec, never as pickle.
A call that exceeds its time limit, a worker that dies, or a reply that is too large kills
the worker's whole process group; the next call starts a fresh worker and reloads the cells,
up to ``limits.worker_restarts`` times per notebook.

A call's protocol (each line one codec frame)::

    grader -> worker  {"op": "call", "name", "args", "kwargs", "ask": [graded functions]}
    worker -> grader  {"ask": g, "args", "kwargs"}      (0..n times: the student's code called
    grader -> worker  {"ok": true, "value"} | {"ok": false, "error"}   g, answered by the grader)
    worker -> grader  {"ok": true, "value", "changed": {"args": {i: v}, "kwargs": {k: v}},
                       "warnings": [...], "aliases": [...]}
                    | {"ok": false, "error": {...}}

``changed`` holds the arguments the student's function modified in place, as they were
after the call, so that a hidden test can see it (the grader's own copies never change);
``warnings`` the warnings the call raised; ``aliases`` what of the value is one of the
arguments, a view of one, or read-only (coursekit.sandbox.aliasing: the value arrives here
as a copy, so only the worker can tell).
``ask`` lists the graded functions whose calls from the student's code the grader answers
with the reference implementation (the reference's code never enters the sandbox).
"""
from __future__ import annotations

import math
import os
import select
import signal
import struct
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StudentCodeError
from .aliasing import Report, checked
from .codec import CodecError, decode, encode, read_size
from .forkserver import Sandbox, WorkerProcess

if TYPE_CHECKING:
    from ..course.config import Limits
    from ..course.notebook import GradingCell

Answer = Callable[[str, list, dict], Any]  # (function, args, kwargs) -> the reference's value


@dataclass
class CellResult:
    grade_id: str
    error: str | None


@dataclass(frozen=True)
class CallResult:
    """What one call of a student's function gave: its value, and the arguments it changed."""

    value: Any
    changed_args: dict[int, Any] = field(default_factory=dict)
    changed_kwargs: dict[str, Any] = field(default_factory=dict)
    asked: tuple[str, ...] = ()   # graded functions the grader answered with the reference
    warnings: tuple[str, ...] = ()   # distinct warnings the call raised ("RuntimeWarning: divide by zero ...")
    aliases: Report = ()   # what of the value is an argument, a view of one, or read-only (aliasing.aliases)


def reported_warnings(value) -> tuple[str, ...]:
    """The worker's list of warnings as plain text (the worker is not trusted: anything else is none)."""
    if type(value) is not list:
        return ()
    return tuple(str(w)[:300] for w in value[:5])


class _Channel:
    """Frames to and from one worker process, with deadlines."""

    def __init__(self, process: WorkerProcess, limits: Limits):
        self.process = process
        self.alive = True
        self.printed = 0     # bytes the student's code printed in this worker (its replies say)
        self.exit_code: int | None = None
        self.cpu_seconds: float | None = None
        self.max_reply = limits.max_result_mib * 1024 * 1024
        self._poll = select.poll()  # one fd: poll(2) directly, cheaper than a selectors object per read
        self._poll.register(process.read_fd, select.POLLIN)
        self._buffer = bytearray()   # bytes read from the worker and not yet taken
        hello = self.receive(limits.load_timeout_s)
        self.protections = hello.get("protections", {}) if isinstance(hello, dict) else {}

    def send(self, message: dict) -> None:
        self.send_frames(encode(message))

    def send_frames(self, frames: bytes) -> None:
        """Write encoded frames (one or several, back to back) to the worker."""
        try:
            view = memoryview(frames)
            while view:
                view = view[os.write(self.process.write_fd, view):]
        except OSError:
            raise StudentCodeError(self._death_message(), "died") from None

    def receive(self, timeout: float, deadline: float | None = None) -> dict:
        deadline = deadline if deadline is not None else time.monotonic() + timeout
        (length,) = struct.unpack(">Q", self._read(8, deadline, timeout))
        if length > self.max_reply:
            self.kill()
            raise StudentCodeError(f"returned {length / 2**20:.0f} MiB, more than the "
                                   f"{self.max_reply // 2**20} MiB a result may take", "refused")
        body = self._read(length, deadline, timeout)
        try:
            message = decode(body)
        except CodecError as exc:
            self.kill()
            raise StudentCodeError(f"sent back something the grader refuses: {exc}", "refused") from None
        if not isinstance(message, dict):
            self.kill()
            raise StudentCodeError("sent back something the grader refuses: not a message", "refused")
        if isinstance(message.get("printed"), int):
            self.printed = max(self.printed, message["printed"])
        return message

    def _read(self, n: int, deadline: float, timeout: float) -> bytes:
        """The next ``n`` bytes from the worker. Reads take what is there (up to 1 MiB), so a
        small reply's length and body usually come in one read."""
        buffer = self._buffer
        while len(buffer) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._poll.poll(max(1, math.ceil(remaining * 1000))):
                self.kill()
                raise StudentCodeError(f"timed out after {timeout:g} s: look for an infinite loop "
                                       "or a very slow computation", "timeout")
            chunk = os.read(self.process.read_fd, read_size(n - len(buffer)))
            if not chunk:
                raise StudentCodeError(self._death_message(), "died")
            buffer += chunk
        taken = bytes(buffer[:n])
        del buffer[:n]
        return taken

    def _death_message(self) -> str:
        if self.alive:
            self.process.wait_briefly()
        self.kill()
        code = self.exit_code
        if code is None:
            return "the process running your code died"
        if code < 0:
            name = signal.Signals(-code).name
            hint = {"SIGKILL": " (out of memory or CPU time?)", "SIGXCPU": " (CPU time limit)",
                    "SIGSEGV": " (a crash)",
                    "SIGSYS": " (a system call the grader's sandbox forbids)"}.get(name, "")
            return f"the process running your code was killed by {name}{hint}"
        return f"the process running your code exited (exit code {code}): do not call exit() in your code"

    def kill(self) -> None:
        """Kill the worker's whole process group (idempotent); keep its exit code."""
        if self.alive:
            self.alive = False
            self._poll.unregister(self.process.read_fd)
            self.exit_code = self.process.kill()
            self.cpu_seconds = self.process.cpu_seconds


class StudentCode:
    """One student's notebook loaded in a sandboxed worker; call its functions by name."""

    def __init__(self, cells: list[GradingCell], limits: Limits, sandbox: Sandbox):
        self.cells, self.limits, self.sandbox = cells, limits, sandbox
        self._tmp = tempfile.TemporaryDirectory(prefix="coursekit-worker-")
        self.restarts = 0
        self.cell_results: list[CellResult] = []
        self.output = ""
        self.load_failure: str | None = None
        self.hung: dict[str, str] = {}  # function -> why its calls are no longer made
        self.protections: dict = {}
        self.cpu_seconds = 0.0   # of the student's workers (forked ones; spawned ones are not counted)
        self._channel: _Channel | None = None
        self._channels: list[_Channel] = []   # every worker started, for what they printed
        self._start()

    def _drop(self, channel: _Channel | None) -> None:
        """Forget a worker (killed already, or killed now), counting its CPU time."""
        if channel is not None:
            channel.kill()
            self.cpu_seconds += channel.cpu_seconds or 0.0
        self._channel = None

    def _start(self) -> None:
        workdir = Path(self._tmp.name)
        os.chmod(workdir, 0o755)
        try:
            self._channel = _Channel(self.sandbox.start_worker(workdir), self.limits)
            self._channels.append(self._channel)
        except StudentCodeError as exc:
            self.load_failure = f"the sandbox did not start: {exc}"
            self._channel = None
            return
        self.protections = self._channel.protections
        results: list[CellResult] = []
        for group in _exec_groups(self.cells):  # each group's requests sent at once, then its replies read
            try:
                self._channel.send_frames(b"".join(frame for _, frame in group))
            except StudentCodeError as exc:
                results.append(CellResult(group[0][0].grade_id, str(exc)))
                self.load_failure = f"cell {group[0][0].grade_id!r} did not finish loading: {exc}"
                self._drop(self._channel)
                break
            for cell, _ in group:
                try:
                    reply = self._channel.receive(self.limits.load_timeout_s)
                    error = None if reply.get("ok") else _describe(reply.get("error"))
                except StudentCodeError as exc:
                    results.append(CellResult(cell.grade_id, str(exc)))
                    self.load_failure = f"cell {cell.grade_id!r} did not finish loading: {exc}"
                    self._drop(self._channel)
                    break
                results.append(CellResult(cell.grade_id, error))
            if self.load_failure:
                break
        self.cell_results = results

    def call(self, name: str, *args, **kwargs):
        """Call the student's function ``name``; its value (raise StudentCodeError when it fails)."""
        return self.call_full(name, args, kwargs).value

    def call_full(self, name: str, args: tuple | list, kwargs: dict, *, ask: tuple[str, ...] = (),
                  answer: Answer | None = None) -> CallResult:
        """Call ``name`` and return everything the call gave; calls the student's code makes to
        the functions in ``ask`` are answered by ``answer`` in this process."""
        channel = self._ready(name)
        asked: list[str] = []
        timeout = self.limits.call_timeout_s
        try:
            channel.send({"op": "call", "name": name, "args": list(args), "kwargs": kwargs, "ask": list(ask)})
            deadline = time.monotonic() + timeout
            reply = channel.receive(timeout, deadline)
            while "ask" in reply:  # the student's code called a function the grader answers
                asked.append(str(reply["ask"]))
                channel.send(_answer(reply, ask, answer))
                reply = channel.receive(timeout, deadline)
        except StudentCodeError as exc:
            self._drop(self._channel)
            if exc.kind == "timeout":
                self.hung[name] = f"an earlier call {exc}"
            raise StudentCodeError(f"`{name}` {exc}", exc.kind) from None
        if reply.get("ok"):
            changed = reply.get("changed") or {}
            return CallResult(reply.get("value"), {int(k): v for k, v in (changed.get("args") or {}).items()},
                              dict(changed.get("kwargs") or {}), tuple(dict.fromkeys(asked)),
                              reported_warnings(reply.get("warnings")), checked(reply.get("aliases")))
        raise self._failure(name, reply.get("error") or {})

    def _ready(self, name: str) -> _Channel:
        """The live worker for a call of ``name`` (restarting a dead one), or raise why not."""
        if self.load_failure:
            raise StudentCodeError(f"not run: {self.load_failure}", "died")
        if name in self.hung:
            raise StudentCodeError(f"`{name}` not called again: {self.hung[name]}", "timeout")
        if self._channel is None:
            if self.restarts >= self.limits.worker_restarts:
                raise StudentCodeError(f"not run: the process running your code was restarted "
                                       f"{self.restarts} times already for this notebook", "died")
            self.restarts += 1
            self._start()
            if self.load_failure or self._channel is None:
                raise StudentCodeError(f"not run: {self.load_failure}", "died")
        return self._channel

    def _failure(self, name: str, error: dict) -> StudentCodeError:
        kind = error.get("type")
        if kind == "MissingFunction":
            broken = [c.error for c in self.cell_results if c.grade_id == name and c.error]
            if broken:
                return StudentCodeError(f"`{name}` is not defined because its cell failed: {broken[0]}", "missing")
            return StudentCodeError(f"`{name}` is not defined: define it in the solution cell "
                                    f"with grade_id {name!r} (check its spelling)", "missing")
        if kind == "NotImplementedError":
            return StudentCodeError(f"`{name}` is not implemented yet: replace `raise NotImplementedError()` "
                                    "with your code", "not_implemented")
        if kind == "ResultRefused":
            return StudentCodeError(f"`{name}` {error.get('message', '')}", "refused")
        return StudentCodeError(f"`{name}` raised {_describe(error)}", "error")

    def close(self) -> None:
        self._drop(self._channel)
        out = Path(self._tmp.name) / "output.txt"
        cap = self.limits.max_output_kib * 1024
        if out.is_file():
            self.output = out.read_bytes()[:cap].decode("utf-8", "replace")
        printed = sum(c.printed for c in self._channels)
        if printed > cap:
            self.output = truncation_note(printed, cap) + "\n" + self.output
        self._tmp.cleanup()

    def __enter__(self) -> StudentCode:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


PIPELINED_BYTES = 48 * 1024  # less than a pipe's buffer: a group of requests is written without blocking


def _exec_groups(cells: list[GradingCell]) -> list[list[tuple[GradingCell, bytes]]]:
    """The cells' exec requests, encoded, in groups of at most PIPELINED_BYTES (a larger cell
    alone). A group is written at once and its replies read after: the worker runs cell after
    cell without waiting for the grader, and since the grader's writes never block, the two
    never wait for each other."""
    groups: list[list[tuple[GradingCell, bytes]]] = []
    size = PIPELINED_BYTES
    for cell in cells:
        frame = encode({"op": "exec", "grade_id": cell.grade_id, "source": cell.source})
        if size + len(frame) > PIPELINED_BYTES:
            groups.append([])
            size = 0
        groups[-1].append((cell, frame))
        size += len(frame)
    return groups


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"


def truncation_note(printed: int, cap: int) -> str:
    """The sentence that replaces what did not fit under the output cap."""
    return (f"[your code printed {_size(printed)}; the first {cap // 1024} KiB are kept, the rest was cut "
            "(print less: a summary, not every value)]")


def _answer(request: dict, ask: tuple[str, ...], answer: Answer | None) -> dict:
    """The grader's reply to the worker's ``ask``: the reference's value, or an error the
    student's code sees as an exception."""
    name = request.get("ask")
    if answer is None or name not in ask:
        return {"ok": False, "error": {"type": "RuntimeError", "message": f"{name} may not be asked"}}
    args, kwargs = request.get("args"), request.get("kwargs")
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        return {"ok": False, "error": {"type": "TypeError", "message": "malformed call"}}
    try:
        return {"ok": True, "value": answer(str(name), args, kwargs)}
    except Exception as exc:  # the reference rejects these arguments: the student's call was wrong
        return {"ok": False, "error": {"type": type(exc).__name__, "message": str(exc)[:500]}}


def _describe(error: dict | None) -> str:
    error = error or {}
    text = f"{str(error.get('type', 'an error'))[:80]}: {str(error.get('message', ''))[:500]}"
    where = [str(w)[:200] for w in (error.get("where") or [])[:5]]
    return text + (f" (at {where[-1]})" if where else "")
