"""Run a command as an unprivileged user, from root (for tests/test_redteam_user.py).

    python -B tests/as_user.py USER [--no-userns] [--reach PATH]... -- COMMAND [ARG...]

Must run as root inside a private mount namespace (``unshare --mount --propagation private``):
it makes the Python installation and each ``--reach`` PATH reachable for USER there (e.g.
pyenv's under /root, mode 0700: an empty tmpfs of mode 0755 over /root with the installation
bound back into it; the machine's /root is untouched), optionally forbids new user namespaces in the process tree
(coursekit.sandbox.seccomp's no-userns filter, installed as root so that setuid programs such
as a setuid bubblewrap still work), then becomes USER and runs COMMAND.
"""
import os
import pwd
import subprocess
import sys
from pathlib import Path


def make_reachable(path: Path) -> None:
    """Every directory above ``path`` that others cannot traverse gets a tmpfs of mode 0755 over
    it, with its one child on the way to ``path`` bound back in (in this mount namespace)."""
    path = path.resolve()
    for parent in reversed(path.parents):
        if parent == Path("/") or os.stat(parent).st_mode & 0o001:
            continue
        child = parent / path.relative_to(parent).parts[0]
        holder = Path(f"/tmp/.as_user-{os.getpid()}")
        holder.mkdir(exist_ok=True)
        subprocess.run(["mount", "--bind", str(child), str(holder)], check=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755,size=64k", "tmpfs", str(parent)], check=True)
        child.mkdir()
        subprocess.run(["mount", "--bind", str(holder), str(child)], check=True)
        subprocess.run(["umount", str(holder)], check=True)
        holder.rmdir()


def main(argv: list[str]) -> None:
    user, rest = argv[0], argv[1:]
    options, command = rest[:rest.index("--")], rest[rest.index("--") + 1:]
    no_userns = "--no-userns" in options
    reach = [Path(options[i + 1]) for i, o in enumerate(options) if o == "--reach"]
    for path in [Path(sys.base_prefix), *reach]:
        make_reachable(path)
    if no_userns:
        from coursekit.sandbox.seccomp import install_no_userns_filter
        install_no_userns_filter()
    entry = pwd.getpwnam(user)
    os.setgroups([])
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
