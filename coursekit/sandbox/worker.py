"""The sandboxed worker: runs one student's code, and nothing else.

Started by coursekit.sandbox.forkserver, on Linux inside new mount, network and PID namespaces
(``unshare`` as root or with a user namespace, or bubblewrap: plan.MODES), as ``python -I -B -m
coursekit.sandbox.worker SETTINGS_JSON`` in a fresh temporary directory (or forked from
``... --fork-server SETTINGS_JSON``). It holds no test, no reference and no score. Before any
student code runs it:

1. sends the student's prints to its stderr, ``output.txt`` opened by the grader (capped by
   RLIMIT_FSIZE; ``sys.stdout`` and ``sys.stderr`` stop writing at the cap instead of failing, and
   count what was cut, so that the feedback can say it);
2. imports the modules student code may use (the standard library is unreadable later);
3. in its mount namespace: hides the course, the submissions and the outputs under empty
   read-only tmpfs (re-exposing only the Python environment), mounts a size-capped tmpfs as
   its working directory, and makes every other mount read-only (with bubblewrap, bwrap has
   done this from outside and the worker checks it);
4. drops root (to ``nobody``) or, inside a user namespace, every capability; sets
   no_new_privs; applies rlimits (memory, CPU, file size, processes); reads its cgroup limits;
   installs the seccomp filter (coursekit.sandbox.seccomp) last;
5. reports which of these protections are active in its first message.

Fail closed: unless the grader allowed a weak sandbox (``require`` false), a worker whose
course is not hidden, whose network is shared or whose privileges are not dropped runs no
student code (SandboxRefused: the fork server answers ``{"error"}``, a worker exits with 71).

Then it reads requests and answers through coursekit.sandbox.codec:
{"op": "exec", "grade_id", "source"} runs a cell in the student namespace;
{"op": "call", "name", "args", "kwargs", "ask"} calls a function defined there (the protocol,
with the grader answering calls of the functions in "ask", is in coursekit.sandbox.client), and
reports with its value the arguments it changed, the warnings it raised and what of the value is
not new (coursekit.sandbox.aliasing).
"""
from __future__ import annotations

import builtins
import ctypes
import gc
import importlib
import io
import json
import os
import resource
import shutil
import signal
import struct
import sys
import traceback
import warnings

import numpy as np

from coursekit.sandbox.aliasing import aliases
from coursekit.sandbox.codec import CodecError, decode, encode, read_size
from coursekit.sandbox.plan import libc, set_parent_death_signal, weaknesses
from coursekit.sandbox.seccomp import Filter, SeccompUnavailable, install_worker_filter, worker_filter

MAX_MESSAGE = 2000
REFUSED = 71  # exit code of a worker that refused to run student code in an incomplete sandbox
NOBODY = 65534
PRELOADED = ("math", "cmath", "itertools", "functools", "collections", "collections.abc", "heapq", "bisect",
             "random", "re", "string", "statistics", "operator", "copy", "typing", "dataclasses", "numbers",
             "fractions", "decimal", "enum", "textwrap", "unicodedata", "json", "time", "warnings",
             "encodings.idna", "encodings.ascii", "encodings.latin_1", "numpy.linalg", "numpy.fft", "numpy.random",
             "numpy.polynomial", "numpy.lib.stride_tricks")
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP = 38, 24
CLONE_NEWNS = 0x00020000


def _libc():
    return libc()


def _mount(libc, source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    if libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def isolate_filesystem(libc, hide: list[str], keep: list[str]) -> None:
    """In this process's own mount namespace: hide paths under empty read-only tmpfs
    (re-exposing ``keep``), then make every mount read-only."""
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    for path in hide:
        if not os.path.isdir(path):
            continue
        kept = [k for k in keep if k.startswith(path.rstrip("/") + "/") and os.path.isdir(k)]
        handles = {k: os.open(k, os.O_PATH) for k in kept}  # the real directories, before they vanish
        _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
        for k, fd in handles.items():  # e.g. the virtualenv inside the course root
            os.makedirs(k, exist_ok=True)
            _mount(libc, f"/proc/self/fd/{fd}", k, None, MS_BIND | MS_REC)
            os.close(fd)
        _mount(libc, None, path, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    for line in reversed(open("/proc/self/mountinfo").read().splitlines()):
        target = line.split()[4]
        if target.startswith(("/proc", "/sys")):
            continue
        try:
            _mount(libc, None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        except OSError:
            pass  # a mount with open writers stays as it is; "/" below is the one that matters
    _mount(libc, None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY)


def scratch_directory(libc, workdir: str, scratch_mib: int) -> None:
    """A size-capped tmpfs as the working directory, the one writable place."""
    _mount(libc, "tmpfs", workdir, "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_mib}m,mode=1777")
    os.chdir(workdir)


def _capabilities() -> int:
    """This process's effective capabilities (a bit mask; -1 when unknown)."""
    for line in open("/proc/self/status"):
        if line.startswith("CapEff:"):
            return int(line.split()[1], 16)
    return -1


def drop_privileges(libc) -> str:
    """Become nobody (when really root), else drop every capability; always no_new_privs."""
    how = "none"
    if os.geteuid() == 0:
        try:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            how = "uid nobody"
        except OSError:  # inside a user namespace that maps only our own uid
            for cap in range(64):
                libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
            header = (ctypes.c_uint32 * 2)(0x20080522, 0)
            data = (ctypes.c_uint32 * 6)()
            if libc.capset(header, data) == 0:
                how = "no capabilities"
    elif _capabilities() == 0:
        how = "no capabilities"
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    return how


def apply_limits(limits: dict) -> str:
    """rlimits on this process and its children (inherited, and not raisable once dropped)."""
    mib = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mib"] * mib,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["max_output_kib"] * 1024,) * 2)
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["max_processes"],) * 2)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long print fails, not the worker
    return (f"memory {limits['memory_mib']} MiB, CPU {cpu} s, file size {limits['max_output_kib']} KiB, "
            f"processes {limits['max_processes']}")


def cgroup_limits(why_none: str = "") -> str:
    """The cgroup v2 memory and pids limits this process is under, in words."""
    path = next((line[3:].strip() for line in open("/proc/self/cgroup") if line.startswith("0::")), None)
    for mount in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
        if path is None or not os.path.exists(f"{mount}/cgroup.controllers"):
            continue
        found = {}
        for name in ("memory.max", "pids.max"):
            try:
                found[name] = open(f"{mount}{path.rstrip('/')}/{name}").read().strip()
            except OSError:
                pass
        if any(v != "max" for v in found.values()):
            memory = found.get("memory.max", "max")
            memory = f"{int(memory) // 2**20} MiB" if memory.isdigit() else memory
            return f"memory.max {memory}, pids.max {found.get('pids.max', 'max')}"
    return f"none ({why_none or 'no cgroup v2 limit on this process'}): rlimits instead"


def _cgroup(settings: dict) -> str:
    try:
        return cgroup_limits(settings.get("why_no_scope", ""))
    except OSError as exc:
        return f"unknown ({exc})"


class SandboxRefused(Exception):
    """A protection the grader requires could not be put in place: no student code runs."""


def _require(settings: dict, active: dict) -> None:
    missing = weaknesses(active)
    if settings.get("require") and missing:
        raise SandboxRefused("the sandbox is incomplete (" + "; ".join(missing) + ")")


def _hidden(hide: list[str], keep: list[str]) -> list[str]:
    """The paths in ``hide`` that are visible here (holding more than the ways to ``keep``)."""
    visible = []
    for path in hide:
        try:
            entries = set(os.listdir(path))
        except OSError:
            continue
        allowed = {k[len(path.rstrip("/")) + 1:].split("/")[0] for k in keep if k.startswith(path.rstrip("/") + "/")}
        if entries - allowed:
            visible.append(path)
    return visible


class _UnavailableModule:
    """Last on sys.meta_path: an import that nothing else found gets a message that says why."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        raise ModuleNotFoundError(f"module {name!r} cannot be imported in the grader's sandbox: use NumPy and "
                                  f"the standard modules {', '.join(m for m in PRELOADED if '.' not in m)}",
                                  name=name)


def preload() -> None:
    for name in PRELOADED:
        importlib.import_module(name)


def common_sandbox(libc, settings: dict) -> dict:
    """What every worker of a grading session shares: the course hidden, all read-only.
    Raises SandboxRefused when ``settings["require"]`` and the course is not hidden."""
    mode = settings.get("mode", "namespaces" if settings.get("namespaces") else "none")
    active: dict[str, object] = {"sandbox": mode, "rlimits": True, "process_group": True,
                                 "namespaces": mode != "none"}
    if settings.get("namespaces"):
        try:
            isolate_filesystem(libc, settings["hide"], settings["keep"])
            active["filesystem"] = "course hidden, read-only elsewhere, scratch tmpfs"
        except OSError as exc:
            active["filesystem"] = f"not isolated ({exc})"
    elif mode == "bubblewrap":
        visible = _hidden(settings["hide"], settings["keep"])
        active["filesystem"] = (f"not isolated ({', '.join(visible)} visible)" if visible else
                                "course hidden, read-only elsewhere, scratch tmpfs (bubblewrap)")
    else:
        active["filesystem"] = f"not isolated ({settings.get('why_weak') or 'no namespaces'})"
    if settings.get("require") and not str(active["filesystem"]).startswith("course hidden"):
        raise SandboxRefused(f"the sandbox is incomplete (filesystem {active['filesystem']})")
    active["cgroup"] = _cgroup(settings)  # the workers' too: a fork server's children stay in its cgroup
    if mode != "none":  # the wrapper's network namespace, which the workers share (only lo in it)
        import socket
        active["network"] = "isolated" if [n for _, n in socket.if_nameindex()] == ["lo"] else "shared"
    else:
        active["network"] = "shared"
    return active


def own_sandbox(libc, settings: dict, active: dict, workdir: str, new_namespaces: bool,
                seccomp_filter: Filter | None = None) -> dict:
    """What each worker takes for itself: a mount namespace (when forked) for its scratch, its
    uid, limits, and last the seccomp filter. Raises SandboxRefused when a required protection
    is missing. (The network namespace is the fork server's, made by the wrapper: it has only
    ``lo``, and one worker at a time lives in it, the previous one's processes all killed.)"""
    active = dict(active)
    if settings.get("namespaces"):
        if new_namespaces and libc.unshare(CLONE_NEWNS) != 0:
            raise OSError(ctypes.get_errno(), "unshare")
        if new_namespaces:
            _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
        scratch_directory(libc, workdir, settings["scratch_mib"])
    elif settings.get("mode") == "bubblewrap":  # bwrap's private /tmp holds each worker's directory
        os.makedirs(workdir, mode=0o700, exist_ok=True)
        os.chdir(workdir)
    os.environ.update(HOME=workdir, TMPDIR=workdir)
    active["privileges"] = drop_privileges(libc)
    if settings.get("mode", "none") == "none" and active["privileges"] != "uid nobody":
        active["privileges"] = "the grader's own user"
    if active["privileges"] == "uid nobody":
        sys.meta_path.append(_UnavailableModule)
    _require(settings, active)
    if weaknesses(active):
        active["weak"] = weaknesses(active)  # allowed (--allow-weak-sandbox), and said everywhere
    active["rlimits"] = apply_limits(settings)
    try:
        active["seccomp"] = install_worker_filter(seccomp_filter)
    except SeccompUnavailable as exc:
        active["seccomp"] = f"none ({exc})"
    return active


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _error(exc: BaseException, grade_id: str | None = None) -> dict:
    """The student's exception, with only the frames of the student's own cells."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    where = [f"{f.filename[1:-1]}, line {f.lineno}, in {f.name}" for f in frames][-5:]
    message = str(exc)[:MAX_MESSAGE]
    if isinstance(exc, PermissionError):
        message += " (the grader's sandbox does not allow this: it has no network, no access to the course, " \
                   "and no ptrace, mount, namespaces, kernel keys, BPF, perf, modules or clock changes)"
    return {"type": type(exc).__name__, "message": message, "where": where, "grade_id": grade_id}


MAX_WARNINGS = 5  # distinct warnings reported per call


def _warnings(caught: list) -> list[str]:
    """The distinct warnings a call raised ("RuntimeWarning: divide by zero encountered in divide"),
    in order, at most MAX_WARNINGS."""
    seen: dict[str, None] = {}
    for w in caught:
        seen.setdefault(f"{w.category.__name__}: {str(w.message)[:200]}", None)
    return list(seen)[:MAX_WARNINGS]


def _refused(message: str) -> dict:
    return {"ok": False, "error": {"type": "ResultRefused", "message": message, "where": [], "grade_id": None}}


def _snapshot(value):
    """A copy of a plain value to compare with later (arrays by their bytes): cheap, exact."""
    kind = type(value)
    if kind is np.ndarray:
        return (kind, value.dtype.str, value.shape, value.tobytes())
    if kind in (list, tuple):
        return (kind, tuple(_snapshot(v) for v in value))
    if kind is dict:
        return (kind, tuple((k, _snapshot(v)) for k, v in value.items()))
    if kind is float:
        return (kind, repr(value))  # nan equals nan here
    return (kind, value) if kind in (int, str, bool, type(None)) else (kind, id(value))


def _changed(args: list, kwargs: dict, before_args: list, before_kwargs: dict) -> dict:
    """The arguments that differ from what they were before the call, as they are now."""
    def differs(value, before) -> bool:
        try:
            return bool(_snapshot(value) != before)
        except Exception:  # a student's object that cannot even be compared
            return True

    def sendable(value):
        try:
            encode(value)
            return value
        except (CodecError, RecursionError, MemoryError, OverflowError):
            return "(a value that cannot be sent back)"
    args_now = {str(i): sendable(a) for i, a in enumerate(args) if differs(a, before_args[i])}
    kwargs_now = {k: sendable(v) for k, v in kwargs.items() if differs(v, before_kwargs.get(k))}
    return {"args": args_now, "kwargs": kwargs_now} if args_now or kwargs_now else {}


class CappedOutput(io.TextIOBase):
    """The student's ``sys.stdout`` and ``sys.stderr``: writes go to ``fd`` (output.txt) until the
    file holds ``cap`` bytes; past that they are dropped, never an OSError (RLIMIT_FSIZE stays as
    the hard cap for everything else). ``printed`` counts every byte asked for."""

    def __init__(self, fd: int, cap: int):
        self.fd, self.cap, self.printed = fd, cap, 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        data = text.encode("utf-8", "replace")
        self.printed += len(data)
        try:
            room = self.cap - os.fstat(self.fd).st_size
            if room > 0:
                _write_all(self.fd, data[:room])
        except OSError:
            pass  # the file is at the cap (another process wrote to it too)
        return len(text)


class AskedFunctionError(Exception):
    """The grader could not answer a call of a graded function (the arguments were wrong)."""


def serve(proto_in: int, proto_out: int, hello: dict, max_output: int) -> None:
    """Answer the grader's requests (see coursekit.sandbox.client for the protocol); every reply
    says in ``printed`` how many bytes the student's code has printed so far."""
    namespace: dict = {"__name__": "__student__", "__builtins__": builtins}
    output = CappedOutput(1, max_output)
    for name in ("stdout", "stderr", "__stdout__", "__stderr__"):
        setattr(sys, name, output)

    def send(message: dict) -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass  # over the output cap, or closed by the student
        try:
            frame = encode({**message, "printed": output.printed})
        except CodecError as exc:
            frame = encode(_refused(str(exc)))
        except (RecursionError, MemoryError, OverflowError) as exc:
            frame = encode(_refused(f"could not be encoded ({type(exc).__name__})"))
        _write_all(proto_out, frame)

    buffer = bytearray()  # what was read from the grader and not yet taken

    def take(n: int) -> bytes:
        while len(buffer) < n:
            chunk = os.read(proto_in, read_size(n - len(buffer)))
            if not chunk:
                raise EOFError
            buffer.extend(chunk)
        taken = bytes(buffer[:n])
        del buffer[:n]
        return taken

    def receive():
        (length,) = struct.unpack(">Q", take(8))
        return decode(take(length))

    def asker(name: str):
        """Stands in for the graded function ``name``: the grader answers with the reference."""
        def asked(*args, **kwargs):
            send({"ask": name, "args": list(args), "kwargs": kwargs})
            answer = receive()
            if not answer.get("ok"):
                error = answer.get("error") or {}
                raise AskedFunctionError(f"{name}{tuple(args)!r:.200}: {error.get('type')}: {error.get('message')}")
            return answer.get("value")
        asked.__name__ = name
        return asked

    def call(request: dict):
        function = namespace.get(request["name"])
        if not callable(function):
            return {"ok": False, "error": {"type": "MissingFunction", "message": request["name"],
                                           "where": [], "grade_id": None}}
        args, kwargs = request["args"], request["kwargs"]
        before_args, before_kwargs = [_snapshot(a) for a in args], {k: _snapshot(v) for k, v in kwargs.items()}
        asked = [str(n) for n in request.get("ask") or [] if n != request["name"]]
        saved = {n: namespace[n] for n in asked if n in namespace}
        namespace.update({n: asker(n) for n in asked})
        try:
            with warnings.catch_warnings(record=True) as caught:  # NumPy's "divide by zero", "overflow", ...
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        finally:
            for n in asked:
                namespace.pop(n, None)
            namespace.update(saved)
        return {"ok": True, "value": value, "changed": _changed(args, kwargs, before_args, before_kwargs),
                "warnings": _warnings(caught), "aliases": aliases(value, args, kwargs)}

    send({"ok": True, "protections": hello})
    while True:
        try:
            request = receive()
        except EOFError:
            return
        op = request.get("op")
        try:
            if op == "exec":
                exec(compile(request["source"], f"<cell {request['grade_id']}>", "exec"), namespace)
                send({"ok": True})
            elif op == "call":
                send(call(request))
            else:
                send(_refused(f"unknown op {op!r}"))
        except BaseException as exc:  # the student's SystemExit and KeyboardInterrupt too
            send({"ok": False, "error": _error(exc, request.get("grade_id"))})


def _forked_worker(libc, settings: dict, active: dict, workdir: str, fds: list[int],
                   seccomp_filter: Filter | None) -> None:
    """In a child of the fork server: become one student's worker, serve, and never return."""
    code = 70
    try:
        os.setsid()
        set_parent_death_signal()  # die with the fork server
        if settings.get("mode", "none") == "none":
            os.chdir(workdir)
        request_fd, reply_fd, output_fd = fds
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(output_fd)
        try:
            hello = own_sandbox(libc, settings, active, workdir, new_namespaces=True, seccomp_filter=seccomp_filter)
        except SandboxRefused as exc:
            os.write(2, f"coursekit: {exc}: no student code was run\n".encode())
            code = REFUSED
            raise
        serve(request_fd, reply_fd, hello, settings["max_output_kib"] * 1024)
        code = 0
    finally:
        os._exit(code)


def _empty(directories: list[str]) -> None:
    """Remove everything inside ``directories`` (what one student's worker left for the next)."""
    for directory in directories:
        try:
            entries = os.listdir(directory)
        except OSError:
            continue
        for entry in entries:
            path = os.path.join(directory, entry)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass


def _kill_strays(keep: set[int]) -> None:
    """As PID 1 of the namespace, kill every process a student left behind (not ``keep``)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid() and int(entry) not in keep:
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


def fork_server(settings: dict) -> None:
    """The fork server (see coursekit.sandbox.forkserver): one request per SEQPACKET message on fd 0."""
    import socket
    control = socket.socket(fileno=0)
    preload()
    libc = _libc()
    try:
        active = common_sandbox(libc, settings)
    except SandboxRefused as exc:
        control.send(json.dumps({"error": str(exc)}).encode())
        return
    try:
        seccomp_filter: Filter | None = worker_filter()  # built once, loaded by each worker
    except SeccompUnavailable:
        seccomp_filter = None  # each worker says why
    gc.collect()
    gc.freeze()  # the garbage collector then leaves these objects alone: fewer pages copied per fork
    control.send(json.dumps({"protections": active}).encode())
    workdirs: dict[int, str] = {}
    while True:
        message, fds, _, _ = socket.recv_fds(control, 65536, 3)
        if not message:
            return
        request = json.loads(message)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                control.close()
                _forked_worker(libc, settings, active, request["workdir"], fds, seccomp_filter)
            for fd in fds:
                os.close(fd)
            workdirs[pid] = request["workdir"]
            control.send(json.dumps({"pid": pid}).encode())
        elif request["op"] == "kill":
            try:
                os.killpg(request["pid"], signal.SIGKILL)
            except OSError:
                pass
            cpu = None
            try:
                _, status, usage = os.wait4(request["pid"], 0)
                cpu = usage.ru_utime + usage.ru_stime  # the worker's own CPU (not its children's)
            except ChildProcessError:
                status = None
            if os.getpid() == 1:
                _kill_strays(keep=set())
            while True:  # reap whatever else ended
                try:
                    if os.waitpid(-1, os.WNOHANG)[0] == 0:
                        break
                except ChildProcessError:
                    break
            workdirs.pop(request["pid"], None)
            if settings.get("mode") == "bubblewrap" and os.getpid() == 1:  # inside bwrap (--as-pid-1): the
                # workers share its private /tmp and /dev/shm; empty them for the next student
                _empty([settings.get("scratch", "/tmp"), "/dev/shm"])
            control.send(json.dumps({"status": status, "cpu": cpu}).encode())


def main() -> None:
    if sys.argv[1] == "--fork-server":
        fork_server(json.loads(sys.argv[2]))
        return
    settings = json.loads(sys.argv[1])
    proto_in, proto_out = os.dup(0), os.dup(1)
    os.set_inheritable(proto_in, False)
    os.set_inheritable(proto_out, False)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # stderr is output.txt, opened by the grader (so that "/" here has no writer)
    preload()
    libc = _libc()
    workdir = os.environ["HOME"] if settings.get("mode") == "bubblewrap" else os.getcwd()  # bwrap starts in /
    try:
        active = common_sandbox(libc, settings)
        hello = own_sandbox(libc, settings, active, workdir, new_namespaces=False)
    except SandboxRefused as exc:
        os.write(2, f"coursekit: {exc}: no student code was run\n".encode())
        os._exit(REFUSED)
    serve(proto_in, proto_out, hello, settings["max_output_kib"] * 1024)


if __name__ == "__main__":
    main()
