"""Grading on a Dask cluster, the client side: ``coursekit grade SUBMISSIONS --cluster ADDRESS``.

The same grading as the local shards, with Dask's workers in place of shard processes. The
client cuts the jobs into chunks (``base.chunks`` over the cluster's threads) and submits one
Dask task per chunk (``dask_task.grade_chunk``), every assignment at once; each task returns
plain JSON text, and the client calls ``on_result`` as chunks arrive, so it stays the one
writer of the gradebook. A chunk whose task kept killing Dask workers is split into one task
per notebook; a single notebook that killed ``allowed_failures + 1`` workers gets status
``needs-review`` (every test 0, a message for the TA). Anything else that goes wrong stops
the run with ClusterError; what was recorded stays recorded and a rerun resumes.
Addresses: ``local:N`` (a LocalCluster of N one-thread worker processes, its comms TLS with a
temporary certificate, so that no other user of the machine can submit work to it),
``tls://HOST:8786`` (a running scheduler; certificates from ``coursekit cluster-certs``, given
with ``certs``, or Dask's own ``distributed.comm.tls`` configuration), ``tcp://HOST:8786`` (only
for this machine unless ``insecure``: Dask's TCP is not authenticated), or a scheduler file
``*.json``. How to run a real cluster, and what every machine needs: docs/cluster.md.
"""
from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import logging
import os
import sys
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..course.config import Course
from ..course.points import hidden_tests
from ..errors import ClusterError
from ..grading.job import GradingJob, RunResult, TestResult
from ..grading.runner import OnResult
from ..sandbox.plan import SandboxPlan
from .base import Backend, chunks
from .shards import chunk_line

ALLOWED_FAILURES = 2     # a notebook may be running on 3 workers that die before it is given up
WORKER_TIMEOUT_S = 120   # how long to wait for a first worker of a remote cluster
NO_WORKERS_TIMEOUT = "2 minutes"  # a LocalCluster's tasks fail after this long without any worker


def require_distributed() -> None:
    if importlib.util.find_spec("distributed") is None:
        raise ClusterError("grading on a cluster needs Dask: install coursekit's `cluster` extra, e.g. "
                           f"`{sys.executable} -m pip install 'coursekit[cluster]'` (or dask[distributed])")


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


def check_address(address: str, insecure: bool = False) -> None:
    """Refuse (ClusterError) a plain-TCP scheduler on another machine unless ``insecure``:
    whoever reaches an unauthenticated scheduler runs code as the grader."""
    if address.partition(":")[0] == "local" or address.startswith("tls://"):
        return
    target = address
    if address.endswith(".json"):
        try:
            target = str(json.loads(Path(address).read_text()).get("address", ""))
        except (OSError, ValueError) as exc:
            raise ClusterError(f"--cluster {address}: cannot read the scheduler file ({exc})") from None
        if target.startswith("tls://"):
            return
    scheme, _, rest = target.rpartition("://")
    host = rest.rsplit(":", 1)[0] if ":" in rest else rest
    if (scheme in ("", "tcp") and (host in LOCAL_HOSTS or host.startswith("127."))) or insecure:
        return
    raise ClusterError(
        f"--cluster {address}: refused, Dask's plain {scheme or 'tcp'}:// is not authenticated: anyone who "
        "reaches the scheduler runs code as the grader, next to the hidden tests and the reference. Use TLS: "
        "`coursekit cluster-certs DIR`, start the scheduler and workers with those certificates, and grade with "
        "--cluster tls://HOST:8786 --certs DIR (docs/cluster.md); or pass --insecure on a network you trust")


@contextlib.contextmanager
def dask_client(address: str, *, allowed_failures: int = ALLOWED_FAILURES,
                timeout: float = WORKER_TIMEOUT_S, certs: Path | None = None) -> Iterator:
    """A ``distributed.Client`` for ``address``: ``local`` / ``local:N`` starts (and at the end
    stops) a LocalCluster of N single-threaded worker processes on this machine (TLS with a
    temporary certificate); a ``.json`` path is a scheduler file; anything else
    (``tls://host:8786``) is a running scheduler, with the TLS certificates in ``certs``
    (``coursekit cluster-certs``) or Dask's configuration."""
    require_distributed()
    import dask
    from distributed import Client, LocalCluster

    kind, _, count = address.partition(":")
    cluster, saved = None, {}
    if kind == "local":
        try:
            n_workers = int(count) if count else (os.cpu_count() or 1)
        except ValueError:
            raise ClusterError(f"--cluster {address}: local:N takes a number of workers") from None
        if n_workers < 1:
            raise ClusterError(f"--cluster {address}: local:N needs N >= 1")
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
        environ["PYTHONDONTWRITEBYTECODE"] = "1"  # grading writes nothing beside the sources
        saved = {k: os.environ.get(k) for k in environ}  # the nannies set these in this process
        with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures,
                              "distributed.scheduler.worker-saturation": 1.0,
                              "distributed.scheduler.no-workers-timeout": NO_WORKERS_TIMEOUT,
                              # sampling the grading thread's stack every 10 ms costs the GIL
                              "distributed.worker.profile.enabled": False,
                              "distributed.nanny.pre-spawn-environ": environ}):
            # no dashboard; the scheduler's own HTTP server (health, info) on a free loopback port,
            # not 8787, which another run's cluster may hold ("Port 8787 is already in use")
            cluster = LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1,
                                   dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                   silence_logs=logging.ERROR, security=_local_security())
        try:
            client = Client(cluster, timeout=timeout)
        except BaseException:
            cluster.close()
            raise
    elif address.endswith(".json"):
        client = Client(scheduler_file=address, timeout=timeout, security=_security(certs))
    else:
        try:
            client = Client(address, timeout=timeout, security=_security(certs))
        except (OSError, ValueError, TypeError) as exc:  # refused TLS, no TLS set up, no scheduler, bad address
            raise ClusterError(f"--cluster {address}: cannot connect to the scheduler ({type(exc).__name__}: "
                               f"{exc}){' (is it a TLS scheduler? pass --certs DIR)' if certs is None else ''}"
                               ) from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _local_security():
    """TLS with a temporary self-signed certificate for a LocalCluster (needs `cryptography`)."""
    if importlib.util.find_spec("cryptography") is None:
        raise ClusterError("a local cluster's comms use TLS, which needs the `cryptography` package: install "
                           "coursekit's `cluster` extra")
    return True  # distributed.LocalCluster: Security.temporary()


def _security(certs: Path | None):
    """The client's Security: from a cluster-certs directory, else Dask's configuration."""
    if certs is not None:
        from .cluster_certs import security
        return security(certs, "client")
    return None


def needs_review(job: GradingJob, autograder_dir: Path, deaths: int) -> RunResult:
    """The result of a notebook given up after grading it killed ``deaths`` workers: status
    ``needs-review``, every hidden test failed with a message for the TA (and the student)."""
    workers = "grading worker" if deaths == 1 else "grading workers"
    message = f"grading this notebook killed {deaths} {workers}; a TA should look at it"
    tests = tuple(TestResult(t.function, t.name, 0.0, t.points, "failed", message)
                  for t in hidden_tests(autograder_dir))
    return RunResult(job.assignment, job.key, tests, status="needs-review")


def _threads(client) -> int:
    """Worker threads of the cluster (waiting for a first worker of a cluster still starting)."""
    threads = sum(client.nthreads().values())
    if not threads:
        try:
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
        except Exception as exc:  # distributed's TimeoutError
            raise ClusterError(f"no Dask worker joined the scheduler at {client.scheduler.address} "
                               f"within {WORKER_TIMEOUT_S} s ({exc})") from None
        threads = sum(client.nthreads().values())
    return max(1, threads)


class DaskBackend(Backend):
    """``address``: a string for ``dask_client``, or an open ``distributed.Client``."""

    name = "dask"

    def __init__(self, address, chunk_size: int | None = None, certs: Path | None = None):
        self.address, self.chunk_size, self.certs = address, chunk_size, certs

    def run(self, course: Course, jobs: Sequence[GradingJob], plan: SandboxPlan, on_result: OnResult) -> None:
        if not jobs:
            return
        if isinstance(self.address, str):
            with dask_client(self.address, certs=self.certs) as client:
                self._run(client, course, jobs, plan, on_result)
        else:
            self._run(self.address, course, jobs, plan, on_result)

    def _run(self, client, course: Course, jobs: Sequence[GradingJob], plan: SandboxPlan,
             on_result: OnResult) -> None:
        require_distributed()
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        from .dask_task import DieWithNanny, GradingPlugin, course_files, grade_chunk, task
        ids = sorted({job.assignment for job in jobs})
        files = {a: json.dumps(course_files(course, a)) for a in ids}
        client.register_plugin(DieWithNanny(), name=DieWithNanny.name)
        client.register_plugin(GradingPlugin(), name=GradingPlugin.name)
        threads = _threads(client)
        reported: set[tuple[str, str]] = set()
        token, numbers = uuid.uuid4().hex[:12], itertools.count()
        pending: dict = {}      # future -> the jobs it grades
        completed = as_completed()

        def submit(todo: list[list[GradingJob]], priority: int = 0) -> None:
            graph, keys = {}, []
            for group in todo:
                number = next(numbers)
                key = (f"coursekit-grade-{token}", number)
                graph[key] = task(key, grade_chunk, chunk_line(course.root, number, group, plan),
                                  files[group[0].assignment])
                keys.append(key)
            for future, group in zip(client.get(graph, keys, sync=False, priority=priority), todo):
                pending[future] = group
                completed.add(future)

        def report(result: RunResult) -> None:
            if (result.assignment, result.key) not in reported:
                reported.add((result.assignment, result.key))
                on_result(result)

        try:
            submit(chunks(jobs, threads, size=self.chunk_size))
            for future in completed:
                group = pending.pop(future)
                assignment_id = group[0].assignment
                if future.status == "cancelled":
                    raise ClusterError(f"the Dask scheduler dropped a grading task of {assignment_id}: "
                                       "was the scheduler restarted or the connection lost?")
                try:  # a finished task's result can still be lost with its worker, then recomputed
                    answer = json.loads(future.result())
                except KilledWorker as exc:
                    if len(group) > 1:  # which of them killed the workers? grade each alone, first
                        submit([[job] for job in group], priority=1)
                    else:
                        report(needs_review(group[0], course.autograder_dir(assignment_id), exc.allowed_failures + 1))
                    continue
                except Exception as exc:
                    if type(exc).__name__ == "NoValidWorkerError":
                        raise ClusterError(f"grading {assignment_id}: no Dask worker was left to grade on "
                                           f"({exc})") from None
                    raise ClusterError(f"grading {assignment_id} on the cluster failed: {exc!r}") from None
                if "error" in answer:
                    raise ClusterError(f"grading {assignment_id} on the cluster failed: {answer['error']}")
                for message in answer["results"]:
                    report(RunResult.from_json(message))
        finally:
            if pending:
                client.cancel(list(pending))
