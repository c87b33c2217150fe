"""The grading boundary: student code runs only in sandboxed worker processes.

plan.py        how workers are isolated (unshare, bubblewrap, or refused: fail closed; cgroup scope)
forkserver.py  the one owner of the fork server that starts workers cheaply
client.py      the grader's side: a worker per student, calls by name through the codec
codec.py       the only way values cross: JSON + .npy, never pickle
worker.py      the process inside the sandbox (``python -I -B -m coursekit.sandbox.worker``)
seccomp.py     the worker's seccomp filter (libseccomp through ctypes)

Kept light: the worker imports this package, so nothing heavy is imported here.
"""
from ..errors import StudentCodeError

__all__ = ["StudentCodeError"]
