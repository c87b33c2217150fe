"""Grading backends, all behind ``base.Backend``: where the hidden tests run.

inline.py       in this process (``--jobs 1``)
shards.py       N local grader processes (``--jobs N``)
dask_client.py  a Dask cluster, the client side (``--cluster ADDRESS``)
dask_task.py    a Dask cluster, the task that runs in each Dask worker
cluster_certs.py  `coursekit cluster-certs`: the CA and TLS certificates of a Dask cluster

A new backend subclasses ``Backend`` (one method, ``run``) and is chosen in ``choose_backend``.
"""
from __future__ import annotations

import os

from .base import Backend


def choose_backend(jobs: int | None = None, cluster: str | None = None, n_jobs: int = 0, *,
                   insecure: bool = False, certs=None) -> Backend:
    """The backend for ``coursekit grade``: a Dask cluster when ``cluster`` is given (``insecure``
    allows a plain tcp:// address off this machine; ``certs``: a ``coursekit cluster-certs``
    directory for tls://), else ``jobs`` local shards (default: one per core), or this process
    for one job or one shard."""
    if cluster is not None:
        from .dask_client import DaskBackend, check_address  # Dask is imported only for --cluster
        check_address(cluster, insecure)
        return DaskBackend(cluster, certs=certs)
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or n_jobs <= 1:
        from .inline import InlineBackend
        return InlineBackend()
    from .shards import ShardBackend
    return ShardBackend(jobs)


__all__ = ["Backend", "choose_backend"]
