"""How workers are isolated: the namespace wrapper, the paths to hide, and what each worker
is told (its settings) and given (its environment). Light on imports: the worker reads it."""
from __future__ import annotations

import functools
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SandboxError

if TYPE_CHECKING:
    from ..course.config import Limits

PASSED_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # coursekit/, which workers import
SCRATCH_MIB = 64
FORK_SERVER_MIB = 256  # the fork server's own memory (NumPy imported) in the cgroup limit


@functools.cache
def libc():
    """The C library of this process (its global symbols: no search, no subprocess); loaded once
    (a fork server's children inherit it, instead of loading it again for every worker)."""
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def set_parent_death_signal() -> None:
    """Die with the parent (Linux PR_SET_PDEATHSIG), so that no worker outlives a kill -9."""
    libc().prctl(1, signal.SIGKILL)


def parent_death_hook():
    """``preexec_fn`` for a child that must die with this process (None off Linux)."""
    return set_parent_death_signal if sys.platform.startswith("linux") else None


MODES = {  # how workers are isolated, strongest first; "none" is the weak sandbox
    "namespaces": "new mount, network and PID namespaces (unshare, as root)",
    "user-namespaces": "new user, mount, network and PID namespaces (unshare --user)",
    "bubblewrap": "bubblewrap (bwrap): new mount, network and PID namespaces",
    "none": "no isolation of the filesystem and network (rlimits and process groups only)",
}


def namespace_wrapper() -> list[str]:
    """The ``unshare`` command that puts the worker in new mount, network and PID namespaces,
    or [] where that is not possible here (not Linux, no unshare, namespaces forbidden)."""
    command, _ = _probe_unshare()
    return command


def _probe(command: list[str]) -> str | None:
    """None when ``command`` ran and exited 0, else why not (its stderr)."""
    try:
        probe = subprocess.run(command, capture_output=True, timeout=20, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if probe.returncode == 0:
        return None
    return (probe.stderr.decode(errors="replace").strip() or f"exit code {probe.returncode}")[-400:]


def _probe_unshare() -> tuple[list[str], str]:
    """(the unshare command, "") or ([], why it cannot be used here)."""
    unshare = shutil.which("unshare")
    if not sys.platform.startswith("linux"):
        return [], f"namespaces are a Linux feature (this is {sys.platform})"
    if unshare is None:
        return [], "`unshare` (util-linux) is not installed"
    command = [unshare, "--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"]
    if os.geteuid() != 0:
        command[1:1] = ["--user", "--map-root-user"]
    why = _probe(command + ["true"])
    return (command, "") if why is None else ([], f"`{' '.join(command[:3])} ...` failed: {why}")


def bubblewrap() -> str | None:
    """The bubblewrap executable (COURSEKIT_BWRAP, else ``bwrap`` on PATH), or None."""
    path = os.environ.get("COURSEKIT_BWRAP") or shutil.which("bwrap")
    return path if path and os.access(path, os.X_OK) else None


def bubblewrap_wrapper(bwrap: str, hide: tuple[str, ...], keep: tuple[str, ...]) -> list[str]:
    """bwrap's command line: everything read-only, ``hide`` under empty read-only tmpfs (``keep``
    re-exposed inside them), a private /tmp (the workers' scratch), no network, its own PIDs."""
    setuid = bool(os.stat(bwrap).st_mode & stat.S_ISUID)
    scratch = str(Path(tempfile.gettempdir()).resolve())
    size = [] if setuid else ["--size", str(SCRATCH_MIB * 1024 * 1024)]  # --size is refused when setuid
    command = [bwrap, "--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--as-pid-1", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
               *size, "--tmpfs", scratch]
    hidden: list[str] = []
    for path in hide:
        if path == scratch or not os.path.isdir(path) or any(path.startswith(h.rstrip("/") + "/") for h in hidden):
            continue  # a path inside one hidden already is hidden with it
        hidden.append(path)
        command += ["--tmpfs", path]
        command += [arg for k in keep if k.startswith(path.rstrip("/") + "/") for arg in ("--ro-bind", k, k)]
        command += ["--remount-ro", path]
    return command + ["--chdir", "/"]


def _probe_bubblewrap(hide: tuple[str, ...], keep: tuple[str, ...]) -> tuple[list[str], str]:
    bwrap = bubblewrap()
    if bwrap is None:
        return [], "bubblewrap (`bwrap`) is not installed"
    command = bubblewrap_wrapper(bwrap, hide, keep)
    why = _probe(command + ["true"])
    return (command, "") if why is None else ([], f"`{bwrap} ...` failed: {why}")


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def how_to_fix() -> str:
    """The one thing an instructor can do on this machine so that the sandbox can isolate."""
    if _read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1":
        return ("Ubuntu 24.04 restricts user namespaces through AppArmor; allow bubblewrap with: sudo apt install "
                "bubblewrap apparmor-profiles && sudo install -m 644 /usr/share/apparmor/extra-profiles/"
                "bwrap-userns-restrict /etc/apparmor.d/ && sudo apparmor_parser -r "
                "/etc/apparmor.d/bwrap-userns-restrict (Ubuntu 25.04 and later: sudo apt install bubblewrap)")
    if _read("/proc/sys/kernel/unprivileged_userns_clone") == "0":
        return "user namespaces are switched off: sudo sysctl -w kernel.unprivileged_userns_clone=1"
    if _read("/proc/sys/user/max_user_namespaces") == "0":
        return "user namespaces are switched off: sudo sysctl -w user.max_user_namespaces=15000"
    if shutil.which("unshare") is None:
        return "install util-linux (it has `unshare`)"
    if bubblewrap():
        return ("user namespaces are not allowed for this user, and bubblewrap needs them too unless it is setuid: "
                "ask the administrator to allow unprivileged user namespaces, or grade as root")
    return ("install bubblewrap (Debian/Ubuntu: sudo apt install bubblewrap; Fedora: sudo dnf install bubblewrap; "
            "Arch: sudo pacman -S bubblewrap), or grade as root")


def cgroup_scope(limits: Limits | None) -> tuple[tuple[str, ...], str]:
    """The ``systemd-run --scope`` prefix that puts a fork server in a cgroup v2 with a memory
    and a pids limit, when systemd delegates one here; else ((), why not)."""
    systemd_run = shutil.which("systemd-run")
    if limits is None:
        return (), "no limits given"
    if systemd_run is None or not os.path.isdir("/run/systemd/system"):
        return (), "systemd is not running here (no delegated cgroup)"
    user = [] if os.geteuid() == 0 else ["--user"]
    command = [systemd_run, *user, "--scope", "--quiet", "--collect",
               "-p", f"MemoryMax={limits.memory_mib + FORK_SERVER_MIB}M",
               "-p", f"TasksMax={limits.max_processes + 16}", "--"]
    why = _probe(command + ["true"])
    return (tuple(command), "") if why is None else ((), f"`systemd-run{' --user' if user else ''} --scope` "
                                                         f"failed: {why}")


@dataclass(frozen=True)
class SandboxPlan:
    """How workers are started: the isolating wrapper (maybe empty) and its ``mode`` (MODES),
    the paths to hide, the paths to keep visible inside hidden ones (the Python environment,
    coursekit), whether a weak sandbox was allowed and why it is weak, and the cgroup scope."""

    wrapper: tuple[str, ...]
    hide: tuple[str, ...]
    keep: tuple[str, ...]
    mode: str = "none"
    allow_weak: bool = False
    why_weak: str = ""
    scope: tuple[str, ...] = ()
    why_no_scope: str = ""

    @classmethod
    def for_paths(cls, hide: list[Path], use_namespaces: bool = True, allow_weak: bool = False,
                  limits: Limits | None = None) -> SandboxPlan:
        """The strongest isolation this machine allows: unshare (as root, or with a user
        namespace), else bubblewrap. Where neither works, raise SandboxError (saying why and
        how to fix it) unless ``allow_weak``; ``use_namespaces=False`` asks for the weak one."""
        keep = (str(Path(sys.prefix).resolve()), str(PACKAGE_DIR))
        hidden = tuple(sorted({str(Path(p).resolve()) for p in hide}))
        scope, why_no_scope = cgroup_scope(limits) if use_namespaces else ((), "not asked for")
        if not use_namespaces:
            return cls((), hidden, keep, "none", True, "namespaces not asked for", scope, why_no_scope)
        wrapper, why_not_unshare = _probe_unshare()
        if wrapper:
            mode = "namespaces" if os.geteuid() == 0 else "user-namespaces"
            return cls(tuple(wrapper), hidden, keep, mode, allow_weak, "", scope, why_no_scope)
        wrapper, why_not_bwrap = _probe_bubblewrap(hidden, keep)
        if wrapper:
            return cls(tuple(wrapper), hidden, keep, "bubblewrap", allow_weak, "", scope, why_no_scope)
        why = f"{why_not_unshare}; {why_not_bwrap}"
        if not allow_weak:
            raise SandboxError(
                "grading refused: the sandbox cannot isolate the filesystem and the network here, so a student's "
                f"notebook could read the hidden tests and forge its score ({why}). To fix it: {how_to_fix()}. "
                "Or grade anyway with --allow-weak-sandbox (rlimits and process groups only; every feedback "
                "page and the gradebook will say so).")
        return cls((), hidden, keep, "none", True, why, scope, why_no_scope)

    def command(self) -> tuple[str, ...]:
        """What goes before the worker's Python: the cgroup scope, then the isolating wrapper."""
        return (*self.scope, *self.wrapper)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SandboxPlan:
        fields: dict = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fields)


def worker_settings(limits: Limits, plan: SandboxPlan) -> dict:
    """What a worker is told at start (JSON on its command line)."""
    return {"memory_mib": limits.memory_mib, "max_output_kib": limits.max_output_kib,
            "max_processes": limits.max_processes, "scratch_mib": SCRATCH_MIB,
            "cpu_seconds": max(1, int(limits.load_timeout_s + 20 * limits.call_timeout_s)),
            "namespaces": plan.mode in ("namespaces", "user-namespaces"), "mode": plan.mode,
            "require": not plan.allow_weak, "why_weak": plan.why_weak, "why_no_scope": plan.why_no_scope,
            "scratch": str(Path(tempfile.gettempdir()).resolve()),
            "hide": list(plan.hide), "keep": list(plan.keep)}


def weaknesses(protections: dict) -> list[str]:
    """What a worker's reported protections lack, in short (empty for a full sandbox)."""
    missing = []
    if not str(protections.get("filesystem", "")).startswith("course hidden"):
        missing.append("filesystem not isolated")
    if protections.get("network") != "isolated":
        missing.append(f"network {protections.get('network', 'shared')}")
    if protections.get("privileges") not in ("uid nobody", "no capabilities"):
        missing.append(f"privileges: {protections.get('privileges', 'kept')}")
    return missing


def worker_env(home: Path) -> dict:
    """The worker's whole environment: nothing of the grader's but the locale and PATH."""
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=str(home), TMPDIR=str(home), PYTHONDONTWRITEBYTECODE="1",
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
    return env


def worker_command(plan: SandboxPlan, *args: str) -> list[str]:
    """The command line of a worker or fork server process (``-B``: no bytecode written, which
    ``-I`` alone would allow, since it ignores PYTHONDONTWRITEBYTECODE)."""
    return [*plan.command(), sys.executable, "-I", "-B", "-m", "coursekit.sandbox.worker", *args]
