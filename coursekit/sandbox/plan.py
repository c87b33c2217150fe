"""How workers are isolated: the namespace wrapper, the paths to hide, and what each worker
is told (its settings) and given (its environment). Light on imports: the worker reads it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..course.config import Limits

PASSED_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # coursekit/, which workers import
SCRATCH_MIB = 64


def libc():
    """The C library of this process (its global symbols: no search, no subprocess)."""
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def set_parent_death_signal() -> None:
    """Die with the parent (Linux PR_SET_PDEATHSIG), so that no worker outlives a kill -9."""
    libc().prctl(1, signal.SIGKILL)


def parent_death_hook():
    """``preexec_fn`` for a child that must die with this process (None off Linux)."""
    return set_parent_death_signal if sys.platform.startswith("linux") else None


def namespace_wrapper() -> list[str]:
    """The ``unshare`` command that puts the worker in new mount, network and PID namespaces,
    or [] where that is not possible here (not Linux, no unshare, namespaces forbidden)."""
    unshare = shutil.which("unshare")
    if not sys.platform.startswith("linux") or unshare is None:
        return []
    command = [unshare, "--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"]
    if os.geteuid() != 0:
        command[1:1] = ["--user", "--map-root-user"]
    probe = subprocess.run(command + ["true"], capture_output=True, timeout=20)
    return command if probe.returncode == 0 else []


@dataclass(frozen=True)
class SandboxPlan:
    """How workers are started: the namespace wrapper (maybe empty), the paths to hide, and
    the paths to keep visible inside hidden ones (the Python environment, coursekit)."""

    wrapper: tuple[str, ...]
    hide: tuple[str, ...]
    keep: tuple[str, ...]

    @classmethod
    def for_paths(cls, hide: list[Path], use_namespaces: bool = True) -> SandboxPlan:
        wrapper = tuple(namespace_wrapper()) if use_namespaces else ()
        keep = (str(Path(sys.prefix).resolve()), str(PACKAGE_DIR))
        return cls(wrapper, tuple(sorted({str(Path(p).resolve()) for p in hide})), keep)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SandboxPlan:
        return cls(**{k: tuple(v) for k, v in data.items()})


def worker_settings(limits: Limits, plan: SandboxPlan) -> dict:
    """What a worker is told at start (JSON on its command line)."""
    return {"memory_mib": limits.memory_mib, "max_output_kib": limits.max_output_kib,
            "max_processes": limits.max_processes, "scratch_mib": SCRATCH_MIB,
            "cpu_seconds": max(1, int(limits.load_timeout_s + 20 * limits.call_timeout_s)),
            "namespaces": bool(plan.wrapper), "hide": list(plan.hide), "keep": list(plan.keep)}


def worker_env(home: Path) -> dict:
    """The worker's whole environment: nothing of the grader's but the locale and PATH."""
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=str(home), TMPDIR=str(home), PYTHONDONTWRITEBYTECODE="1",
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
    return env


def worker_command(plan: SandboxPlan, *args: str) -> list[str]:
    """The command line of a worker or fork server process."""
    return [*plan.wrapper, sys.executable, "-I", "-m", "coursekit.sandbox.worker", *args]
