"""A seccomp filter for the worker, through libseccomp (``libseccomp.so.2``) with ctypes.

libseccomp is on every systemd distribution (systemd links it), so no Python package is
needed: its C API is five functions. The worker installs ``WORKER_DENY`` as its last step
before student code runs; each denied system call then fails with EPERM (a student's code
sees ``PermissionError``), ``clone``/``unshare`` with a namespace flag fail with EPERM, and
``clone3`` (whose flags the filter cannot read) fails with ENOSYS, so that the C library
falls back to ``clone``, as Docker's and Flatpak's filters do. Other architectures' system
calls (e.g. 32-bit ``int 0x80`` on x86-64) kill the process (libseccomp's bad-arch action).

``python -m coursekit.sandbox.seccomp --no-userns -- COMMAND...`` runs COMMAND where user
namespaces cannot be created (the tests use it to stand for a distribution that forbids
them); run as root, it leaves no_new_privs unset, so that a setuid bubblewrap still works.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import sys

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_MASKED_EQ = 7
SCMP_FLTATR_CTL_NNP = 3
SCMP_FLTATR_CTL_TSYNC = 4

CLONE_NEWTIME, CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS = 0x80, 0x20000, 0x02000000, 0x04000000
CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x08000000, 0x10000000, 0x20000000, 0x40000000
NAMESPACE_FLAGS = (CLONE_NEWTIME, CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER,
                   CLONE_NEWPID, CLONE_NEWNET)

# What a worker may not do, by kind (the names libseccomp knows; absent ones are skipped per arch).
WORKER_DENY = {
    "tracing": ("ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp"),
    "mounts": ("mount", "umount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick",
               "move_mount", "open_tree", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
               "swapon", "swapoff"),
    "namespaces": ("unshare", "setns"),
    "kernel keys": ("keyctl", "add_key", "request_key"),
    "bpf and perf": ("bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
                     "io_uring_register"),
    "kernel and modules": ("kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
                           "create_module", "reboot", "syslog", "acct", "quotactl", "quotactl_fd",
                           "lookup_dcookie", "iopl", "ioperm", "vhangup", "uselib", "nfsservctl",
                           "sethostname", "setdomainname"),
    "clock changes": ("clock_settime", "clock_adjtime", "settimeofday", "adjtimex", "stime"),
}


class ArgCmp(ctypes.Structure):
    """libseccomp's ``struct scmp_arg_cmp``."""

    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


def act_errno(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


class SeccompUnavailable(OSError):
    """libseccomp is missing, or the kernel refused the filter."""


def _library():
    # dlopen by its soname first: find_library runs ldconfig in a subprocess, once per worker here
    try:
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError:
        name = ctypes.util.find_library("seccomp")
        try:
            lib = ctypes.CDLL(name or "libseccomp.so.2", use_errno=True)
        except OSError:
            raise SeccompUnavailable(f"libseccomp not found ({name}): install libseccomp2 "
                                     "(Debian/Ubuntu) or libseccomp (Fedora, Arch)") from None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(ArgCmp)]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    return lib


class Filter:
    """A default-allow filter being built: ``deny`` system calls, then ``load`` it."""

    def __init__(self, no_new_privs: bool = True):
        self.lib = _library()
        self.ctx = self.lib.seccomp_init(SCMP_ACT_ALLOW)
        if not self.ctx:
            raise SeccompUnavailable("seccomp_init failed")
        self.lib.seccomp_attr_set(self.ctx, SCMP_FLTATR_CTL_NNP, int(no_new_privs))
        self.lib.seccomp_attr_set(self.ctx, SCMP_FLTATR_CTL_TSYNC, 1)
        self.denied: list[str] = []

    def number(self, name: str) -> int | None:
        nr = self.lib.seccomp_syscall_resolve_name(name.encode())
        return None if nr < 0 else nr

    def deny(self, name: str, code: int = errno.EPERM, masks: tuple[int, ...] = ()) -> None:
        """``name`` fails with ``code``; with ``masks``, only when its first argument has one
        of those bits set (a rule per bit)."""
        nr = self.number(name)
        if nr is None:
            return  # not a system call on this architecture
        rules: list[tuple[ArgCmp, ...]] = [(ArgCmp(0, SCMP_CMP_MASKED_EQ, m, m),) for m in masks] or [()]
        for rule in rules:
            array = (ArgCmp * len(rule))(*rule) if rule else None
            result = self.lib.seccomp_rule_add_array(self.ctx, act_errno(code), nr, len(rule), array)
            if result != 0:
                raise SeccompUnavailable(f"seccomp_rule_add {name}: {os.strerror(-result)}")
        self.denied.append(name)

    def load(self) -> None:
        try:
            result = self.lib.seccomp_load(self.ctx)
            if result != 0:
                raise SeccompUnavailable(f"the kernel refused the seccomp filter: {os.strerror(-result)}")
        finally:
            self.lib.seccomp_release(self.ctx)
            self.ctx = None


def worker_filter() -> Filter:
    """WORKER_DENY as a filter ready to load (a fork server builds it once for all its workers)."""
    flt = Filter()
    for names in WORKER_DENY.values():
        for name in names:
            flt.deny(name)
    flt.deny("clone", masks=NAMESPACE_FLAGS)
    flt.deny("clone3", errno.ENOSYS)
    return flt


def install_worker_filter(prepared: Filter | None = None) -> str:
    """Install WORKER_DENY (``prepared``, or built now) in this process and its future children;
    what it denies, in words."""
    (prepared or worker_filter()).load()
    return "EPERM for " + ", ".join(WORKER_DENY) + "; no new namespaces"


def install_no_userns_filter() -> None:
    """No new user namespace in this process tree (unshare and clone with CLONE_NEWUSER fail
    with EPERM; clone3 with ENOSYS). Root keeps no_new_privs unset (setuid programs work)."""
    flt = Filter(no_new_privs=os.geteuid() != 0)
    flt.deny("unshare", masks=(CLONE_NEWUSER,))
    flt.deny("clone", masks=(CLONE_NEWUSER,))
    flt.deny("clone3", errno.ENOSYS)
    flt.load()


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[0] != "--no-userns" or argv[1] != "--":
        sys.exit("usage: python -m coursekit.sandbox.seccomp --no-userns -- COMMAND [ARG...]")
    install_no_userns_filter()
    os.execvp(argv[2], argv[2:])


if __name__ == "__main__":
    main(sys.argv[1:])
