"""Grading on a Dask cluster, the worker side: the task that grades one chunk.

The task runs in a Dask worker process (trusted: it reads the hidden tests and the
reference) and does what a local shard does with a chunk: the worker's GraderSession (held by
``GradingPlugin``, one per worker process, with one fork server for the worker's life) runs
the hidden tests, with student code only in sandboxed children. It returns one JSON string,
``{"results": [RunResult.to_json...], "worker": ...}`` or ``{"error": ...}``: nothing the
student's code produced is ever unpickled. Before grading, the task checks that its machine
has the client's course files (by SHA-256), the sandbox's namespace wrapper, and a Python
environment the sandbox does not hide.
"""
from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import os
import socket
import sys
import tempfile
import threading
from pathlib import Path

from ..course.config import Course, load_course
from ..grading.job import GradingJob, RunResult
from ..grading.session import GraderSession
from ..sandbox.affinity import cpu_for
from ..sandbox.plan import PACKAGE_DIR, SandboxPlan, set_parent_death_signal

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # Dask is optional (the `cluster` extra); this module is imported only with it
    WorkerPlugin = object  # type: ignore[misc,assignment]


class GradingPlugin(WorkerPlugin):
    """Holds a worker process's GraderSession (per course root) and the lock that lets one
    pytest session run at a time in it; closes the session (and its fork server) at teardown."""

    name = "coursekit-grading"
    idempotent = True

    def setup(self, worker) -> None:  # in the worker process (the plugin itself is sent pickled)
        self.lock = threading.Lock()
        self.sessions: dict[str, GraderSession] = {}
        # a local cluster names its workers 0, 1, ...: one CPU each; others grade where they run
        self.cpu = cpu_for(worker.name) if isinstance(getattr(worker, "name", None), int) else None

    def session(self, course_root: str) -> GraderSession:
        if course_root not in self.sessions:
            self.sessions[course_root] = GraderSession(course_root, self.cpu)
        return self.sessions[course_root]

    def teardown(self, worker) -> None:
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()


class DieWithNanny(WorkerPlugin):
    """In every Dask worker process started by a nanny: SIGKILL when the nanny goes
    (PR_SET_PDEATHSIG), which takes the worker's sandbox with it, even when the worker's
    Python is stuck. A worker without a nanny (``--no-nanny``) is left alone."""

    name = "coursekit-die-with-nanny"
    idempotent = True

    def setup(self, worker) -> None:
        if sys.platform.startswith("linux") and getattr(worker, "nanny", None):
            set_parent_death_signal()


def task(key, function, *args):
    """A Dask task marked as a data producer (a root task), so that the scheduler queues it
    (``worker-saturation``) instead of piling it onto a worker; a plain task on a Dask that
    does not know the mark."""
    from dask._task_spec import Task
    if "_data_producer" in inspect.signature(Task.__init__).parameters:
        return Task(key, function, *args, _data_producer=True)
    return Task(key, function, *args)


def grade_chunk(chunk_line: str, expected_files: str) -> str:
    """The task: grade one chunk (``shards.chunk_line``) in this Dask worker; JSON text."""
    from distributed import get_worker
    worker = get_worker()
    where = f"{worker.address} on {socket.gethostname()}"
    scratch = str(Path(worker.local_directory).resolve())
    chunk = json.loads(chunk_line)
    plugin = worker.plugins[GradingPlugin.name]
    assert isinstance(plugin, GradingPlugin)
    with plugin.lock:
        try:
            course = load_course(chunk["course_root"])
            problem = worker_problem(course, chunk, json.loads(expected_files))
        except Exception as exc:  # e.g. no course.yml at that path on this machine
            problem = f"cannot read the course at {chunk['course_root']} ({type(exc).__name__}: {exc})"
        if problem:
            return json.dumps({"error": f"the Dask worker {where} cannot grade: {problem}"})
        plan = SandboxPlan.from_json(chunk["plan"])
        if not Path(tempfile.gettempdir()).resolve().is_relative_to(scratch):
            plan = dataclasses.replace(plan, hide=tuple(sorted({*plan.hide, scratch})))  # Dask's spill files
        results: list[dict] = []

        def collect(result: RunResult) -> None:
            results.append(result.to_json())
        try:
            plugin.session(chunk["course_root"]).grade([GradingJob.from_json(j) for j in chunk["jobs"]], plan, collect)
        except Exception as exc:  # HiddenTestError and anything else: the run stops, loudly
            return json.dumps({"error": f"on the Dask worker {where}: {type(exc).__name__}: {str(exc)[:4000]}"})
    return json.dumps({"results": results, "worker": where})


def course_files(course: Course, assignment_id: str) -> dict[str, str]:
    """SHA-256 of what grading ``assignment_id`` reads on a worker: course.yml, the solution
    module, the hidden tests, and coursekit's own modules."""
    paths = [course.config_path, course.solution_module(assignment_id)]
    autograder = course.autograder_dir(assignment_id)
    if autograder.is_dir():
        paths += sorted(p for p in autograder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    found = {}
    for path in paths:
        path = path.resolve()
        name = str(path.relative_to(course.root)) if path.is_relative_to(course.root) else str(path)
        found[name] = _sha256(path)
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if "__pycache__" not in path.parts:
            found[f"coursekit/{path.relative_to(PACKAGE_DIR).as_posix()}"] = _sha256(path)
    return found


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def worker_problem(course: Course, chunk: dict, expected: dict[str, str]) -> str | None:
    """Why this machine cannot grade the chunk as the client would, or None."""
    assignment_id = chunk["jobs"][0]["assignment"]
    actual = course_files(course, assignment_id)
    differ = sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
    if differ:
        more = f" and {len(differ) - 6} more" if len(differ) > 6 else ""
        return (f"its files differ from the grading client's: {', '.join(differ[:6])}{more}; every machine "
                f"needs the same course checkout at {chunk['course_root']} and the same coursekit")
    wrapper = chunk["plan"]["wrapper"]
    if wrapper and not os.access(wrapper[0], os.X_OK):
        return f"the sandbox's namespace wrapper {wrapper[0]} is missing on this machine (install util-linux)"
    hidden, keep = chunk["plan"]["hide"], chunk["plan"]["keep"]
    for what, path in (("Python environment", sys.prefix), ("coursekit package", PACKAGE_DIR)):
        path = str(Path(path).resolve())
        if path not in keep and any(path == h or path.startswith(h.rstrip("/") + "/") for h in hidden):
            return (f"its {what} {path} is inside a directory the sandbox hides and is not the client's "
                    f"({', '.join(keep)}): use the same virtualenv at the same path on every machine")
    return None
