"""Starting worker processes: forked from a fork server, or spawned.

``Sandbox`` is the one owner of this for a grader process: it starts a fork server
(``coursekit.sandbox.worker --fork-server``) on first use, inside the namespaces, with NumPy
imported and the course hidden; each student's worker is forked from it (a fork instead of a
Python start-up: ~18 ms instead of ~370 ms) and then takes its own mount namespace and scratch
directory, uid and limits; the network namespace is the fork server's (only ``lo``, and one
worker at a time). Where the fork server cannot start, each worker
is spawned as its own process with the same protections.
"""
from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SandboxError, StudentCodeError
from .affinity import pin
from .codec import decode
from .plan import SandboxPlan, parent_death_hook, weaknesses, worker_command, worker_env, worker_settings

if TYPE_CHECKING:
    from ..course.config import Limits


class WorkerProcess:
    """One worker: its pid, the fd to write requests to and the fd to read replies from."""

    pid: int
    write_fd: int
    read_fd: int
    cpu_seconds: float | None = None   # the worker's CPU time, known once it is killed (forked workers)

    def kill(self) -> int | None:
        """Kill the worker's whole process group; its exit code (-signal when killed), or None."""
        raise NotImplementedError

    def wait_briefly(self) -> None:
        """Give a worker that is exiting on its own a moment to finish (to report its exit code)."""


def _start_hook(cpu: int | None):
    """``preexec_fn`` for the fork server or a spawned worker: die with this process; on ``cpu``."""
    death = parent_death_hook()
    if cpu is None:
        return death

    def hook() -> None:
        pin(cpu)
        if death is not None:
            death()
    return hook


class SpawnedWorker(WorkerProcess):
    def __init__(self, limits: Limits, plan: SandboxPlan, workdir: Path, cpu: int | None = None):
        with open(workdir / "output.txt", "ab") as output:  # the student's prints
            self.process = subprocess.Popen(
                worker_command(plan, json.dumps(worker_settings(limits, plan))),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=output, cwd=workdir,
                env=worker_env(workdir), start_new_session=True, close_fds=True, preexec_fn=_start_hook(cpu))
        assert self.process.stdin is not None and self.process.stdout is not None  # both are PIPE
        self.pid = self.process.pid
        self.write_fd, self.read_fd = self.process.stdin.fileno(), self.process.stdout.fileno()

    def wait_briefly(self) -> None:
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def kill(self) -> int | None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        code = self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        return code


class ForkedWorker(WorkerProcess):
    def __init__(self, server: ForkServer, workdir: Path):
        self.server = server
        self.pid, self.write_fd, self.read_fd = server.spawn(workdir)

    def kill(self) -> int | None:
        status, self.cpu_seconds = self.server.kill(self.pid)
        for fd in (self.write_fd, self.read_fd):
            os.close(fd)
        return None if status is None else os.waitstatus_to_exitcode(status)


class ForkServer:
    """The fork server process; one request per SEQPACKET message on its fd 0."""

    def __init__(self, limits: Limits, plan: SandboxPlan, cpu: int | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="coursekit-forkserver-")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            worker_command(plan, "--fork-server", json.dumps(worker_settings(limits, plan))),
            stdin=theirs.fileno(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self._tmp.name,
            env=worker_env(Path(self._tmp.name)), start_new_session=True, close_fds=True,
            preexec_fn=_start_hook(cpu))
        theirs.close()
        self._socket = ours
        self._socket.settimeout(max(30.0, limits.load_timeout_s))
        try:
            hello = self._receive()
        except (OSError, StudentCodeError, ValueError):
            self.close()
            raise
        if "error" in hello:
            self.close()
            raise SandboxError(f"grading refused: {hello['error']}")
        self.protections = hello.get("protections", {})

    def alive(self) -> bool:
        return self.process.poll() is None

    def _receive(self) -> dict:
        data = self._socket.recv(65536)
        if not data:
            raise StudentCodeError("the sandbox's fork server stopped", "died")
        return json.loads(data)

    def spawn(self, workdir: Path) -> tuple[int, int, int]:
        """A new worker in ``workdir``: (pid, fd to write requests to, fd to read replies from)."""
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        output = os.open(workdir / "output.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            socket.send_fds(self._socket, [json.dumps({"op": "spawn", "workdir": str(workdir)}).encode()],
                            [request_r, reply_w, output])
        finally:
            for fd in (request_r, reply_w, output):
                os.close(fd)
        return self._receive()["pid"], request_w, reply_r

    def kill(self, pid: int) -> tuple[int | None, float | None]:
        """Kill the worker's whole process group; its wait status and CPU seconds (None if unknown)."""
        try:
            self._socket.send(json.dumps({"op": "kill", "pid": pid}).encode())
            reply = self._receive()
            return reply.get("status"), reply.get("cpu")
        except (OSError, StudentCodeError):
            return None, None

    def close(self) -> None:
        self._socket.close()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self._tmp.cleanup()


def _read_hello(fd: int, timeout: float) -> dict | None:
    """A worker's first frame (8-byte length, then the codec's bytes), or None."""
    import selectors
    import struct
    import time
    deadline = time.monotonic() + timeout
    data = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while len(data) < 8 or len(data) < 8 + struct.unpack(">Q", data[:8])[0]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            data += chunk
    message = decode(data[8:8 + struct.unpack(">Q", data[:8])[0]])
    return message if isinstance(message, dict) else None


class Sandbox:
    """Starts the workers of one grader process for (limits, plan); see the module doc.

    The fork server is started from a thread that lives as long as this object: Linux's
    parent-death signal fires when the *thread* that started a child ends, and a Dask
    executor's threads may end before the process does. ``cpu``: the CPU the fork server and
    the workers run on (the grading thread's, coursekit.sandbox.affinity), None for any."""

    def __init__(self, limits: Limits, plan: SandboxPlan, cpu: int | None = None):
        self.limits, self.plan, self.cpu = limits, plan, cpu
        self._server: ForkServer | None = None
        self._server_failed = False
        self._starter = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="coursekit-forkserver")

    def _fork_server(self) -> ForkServer | None:
        if self._server is not None and not self._server.alive():
            self._server.close()
            self._server = None
        if self._server is None and not self._server_failed:
            try:
                self._server = self._starter.submit(ForkServer, self.limits, self.plan, self.cpu).result()
            except (OSError, StudentCodeError, ValueError):
                self._server_failed = True  # spawn each worker instead
        return self._server

    def verify(self) -> dict:
        """Start one worker and read the protections it reports; raise SandboxError when it
        runs no student code, or when a required protection is missing (fail closed)."""
        with tempfile.TemporaryDirectory(prefix="coursekit-verify-") as tmp:
            os.chmod(tmp, 0o755)
            worker = self.start_worker(Path(tmp))
            try:
                hello = _read_hello(worker.read_fd, max(30.0, self.limits.load_timeout_s))
            finally:
                worker.kill()
            said = (Path(tmp) / "output.txt").read_text(errors="replace").strip() if \
                (Path(tmp) / "output.txt").is_file() else ""
        protections = hello.get("protections") if isinstance(hello, dict) else None
        if not isinstance(protections, dict):
            raise SandboxError(f"grading refused: the sandbox's worker did not start ({said[-1000:] or 'no reply'})")
        missing = weaknesses(protections)
        if missing and not self.plan.allow_weak:
            raise SandboxError("grading refused: the sandbox is incomplete (" + "; ".join(missing) + ")")
        return protections

    def start_worker(self, workdir: Path) -> WorkerProcess:
        server = self._fork_server()
        if server is None:
            return SpawnedWorker(self.limits, self.plan, workdir, self.cpu)
        return ForkedWorker(server, workdir)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._starter.shutdown(wait=False)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
