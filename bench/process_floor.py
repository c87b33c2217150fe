"""The floor of a process per student: what any grader pays that runs each student's code in a
process of its own and talks to it through a pipe, with nothing else.

    python bench/process_floor.py INPUT      (written by bench_scaling.process_floor; prints JSON)

INPUT is one coursekit codec frame: ``{"notebooks": [[cell source, ...], ...], "groups": [[[name,
args, kwargs], ...], ...]}`` (each notebook's cells; the hidden tests' calls, grouped by test).
This process holds what coursekit's fork server holds (NumPy and ``worker.preload``'s modules,
``gc.freeze``), on one CPU as a jobs 1 shard is. For each notebook it forks a child, which
compiles and runs the cells and then answers calls; this process sends each call (its frame
encoded once, in advance) and decodes the reply, a test's calls stopping at its first error as
the test would. No sandbox, no namespaces, no limits, no tests, no comparisons, no snapshots of
the arguments, no gradebook: only the process and the pipe. Prints ``{"per_notebook": CPU
seconds of both processes per notebook, "parent": ..., "children": ...}``.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import struct
import sys
import warnings
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from coursekit.sandbox.codec import decode, encode, read_size  # noqa: E402
from coursekit.sandbox.worker import _write_all, preload  # noqa: E402


def _read_frame(fd: int, buffer: bytearray) -> bytes | None:
    """The next frame's body from ``fd`` (None at end of input)."""
    def take(n: int) -> bytes | None:
        while len(buffer) < n:
            chunk = os.read(fd, read_size(n - len(buffer)))
            if not chunk:
                return None
            buffer.extend(chunk)
        taken = bytes(buffer[:n])
        del buffer[:n]
        return taken
    head = take(8)
    return None if head is None else take(struct.unpack(">Q", head)[0])


def _child(cells: list[str], requests: int, replies: int) -> None:
    """One student's process: run the cells, then answer calls until the parent closes the pipe."""
    code = 0
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)  # what the student's code prints, and NumPy's warnings
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        warnings.simplefilter("ignore")
        namespace: dict = {"__name__": "__student__"}
        for source in cells:
            try:
                exec(compile(source, "<cell>", "exec"), namespace)
            except Exception:
                pass
        buffer = bytearray()
        while (body := _read_frame(requests, buffer)) is not None:
            request = decode(body)
            try:
                reply = {"ok": True, "value": namespace[request["name"]](*request["args"], **request["kwargs"])}
                frame = encode(reply)
            except Exception as exc:
                frame = encode({"ok": False, "error": type(exc).__name__})
            _write_all(replies, frame)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def floor(notebooks: list[list[str]], groups: list[list[list]]) -> dict[str, float]:
    """CPU seconds per notebook of this process and of the children, for ``notebooks``."""
    frames = [[encode({"name": name, "args": list(args), "kwargs": kwargs}) for name, args, kwargs in group]
              for group in groups]
    parent = children = 0.0
    for cells in notebooks:
        started = _cpu()
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(requests_w)
            os.close(replies_r)
            _child(cells, requests_r, replies_w)
        os.close(requests_r)
        os.close(replies_w)
        buffer = bytearray()
        for group in frames:
            for frame in group:
                _write_all(requests_w, frame)
                body = _read_frame(replies_r, buffer)
                if body is None or not decode(body).get("ok"):
                    break
        os.close(requests_w)
        _, status, usage = os.wait4(pid, 0)
        os.close(replies_r)
        if status != 0:
            raise RuntimeError(f"a floor child exited with status {status}")
        parent += _cpu() - started
        children += usage.ru_utime + usage.ru_stime
    n = max(len(notebooks), 1)
    return {"per_notebook": (parent + children) / n, "parent": parent / n, "children": children / n}


def main(path: str) -> None:
    data = decode(Path(path).read_bytes()[8:])
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # parent and children on one CPU
    preload()
    gc.collect()
    gc.freeze()
    floor(data["notebooks"][:2], data["groups"])  # warm: the first forks and calls
    print(json.dumps(floor(data["notebooks"], data["groups"])))


if __name__ == "__main__":
    main(sys.argv[1])
