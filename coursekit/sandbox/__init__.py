"""The grading boundary: student code runs only in sandboxed worker processes.

plan.py        how workers are isolated (namespaces, hidden paths) and their settings
forkserver.py  the one owner of the fork server that starts workers cheaply
client.py      the grader's side: a worker per student, calls by name through the codec
codec.py       the only way values cross: JSON + .npy, never pickle
worker.py      the process inside the sandbox (``python -I -m coursekit.sandbox.worker``)

Kept light: the worker imports this package, so nothing heavy is imported here.
"""
from ..errors import StudentCodeError

__all__ = ["StudentCodeError"]
