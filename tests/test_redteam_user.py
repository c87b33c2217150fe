"""The red-team class graded by an unprivileged user (issue 20), one class run per mode:

- ``user-namespaces``: an ordinary user on a machine that allows user namespaces; the
  sandbox is ``unshare --user``;
- ``bubblewrap``: the same user in a process tree where user namespaces cannot be created
  (coursekit.sandbox.seccomp's no-userns filter, as Ubuntu 24.04's AppArmor rule or
  ``kernel.unprivileged_userns_clone=0`` do to ``unshare``): ``coursekit grade`` must refuse
  and say how to fix it; then, with a bubblewrap that works there (a setuid copy, as
  distributions that allow bwrap through setuid or a profile), the class is graded through it.

Every attack must get the verdict it gets as root (tests/test_redteam.py). Run as root, the test
creates the user ``coursekit-redteam`` (as tests/test_browser.py's script installs chromium);
otherwise it skips, saying why. Bubblewrap comes from scripts/install-sandbox-tools.sh."""
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import PILOT, ROOT
from test_redteam import ATTACKS, SECRET, SLEEP_MARKER, Listener, _sleepers, _snapshot, verdict_problem, write_class

from coursekit.outputs.gradebook import Gradebook
from coursekit.sandbox.plan import PACKAGE_DIR

USER = "coursekit-redteam"
AS_USER = Path(__file__).resolve().parent / "as_user.py"
MODES = ["user-namespaces", "bubblewrap"]


def _user_ready() -> str | None:
    """Why the unprivileged runs cannot happen here, or None (creating the user if needed)."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "needs Linux with util-linux's unshare"
    if os.geteuid() != 0:
        return "run as root: the test creates the unprivileged user it grades as"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                              capture_output=True, text=True)
        if made.returncode != 0:
            return f"cannot create the user {USER}: {made.stderr.strip()}"
    return None


def as_user(command: list[str], no_userns: bool, env: dict[str, str], timeout: float = 600):
    """``command`` as USER, in a private mount namespace, optionally without user namespaces."""
    wrapper = [shutil.which("unshare"), "--mount", "--propagation", "private", "--", sys.executable, "-B",
               str(AS_USER), USER, *(["--no-userns"] if no_userns else []), "--reach", str(ROOT), "--"]
    environment = ["env", "-i", "PATH=/usr/bin:/bin", *[f"{k}={v}" for k, v in env.items()]]
    return subprocess.run([*wrapper, *environment, *command], capture_output=True, text=True, timeout=timeout,
                          cwd="/")


def _bytecode() -> dict:
    return {str(p): p.stat().st_mtime_ns for p in PACKAGE_DIR.rglob("*.pyc")}


def _grade_command(subs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "coursekit", "--course", str(ROOT), "grade", str(subs), "--output", str(out)]


@pytest.fixture(scope="module", params=MODES)
def user_run(request, course):
    why = _user_ready()
    if why:
        pytest.skip(why)
    mode = request.param
    entry = pwd.getpwnam(USER)
    home = Path(tempfile.mkdtemp(prefix="coursekit-redteam-user-"))
    setuid_dir = None
    listener = Listener()
    try:
        subs, out = home / "submissions", home / "out"
        out.mkdir()
        write_class(course, subs, out, listener.port)
        for path in [home, *home.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
        env = {"HOME": str(home), "COURSEKIT_REDTEAM_SECRET": SECRET}
        refusal = None
        if mode == "user-namespaces":
            probe = as_user(["unshare", "--user", "--map-root-user", "true"], False, env, timeout=60)
            if probe.returncode != 0:
                pytest.skip(f"user namespaces are not allowed for unprivileged users here: {probe.stderr.strip()}")
        else:
            refusal = as_user(_grade_command(subs, out), True, env)
            if shutil.which("bwrap") is None:
                pytest.skip("bubblewrap is not installed (scripts/install-sandbox-tools.sh installs it as root); "
                            f"the refusal without user namespaces was: {refusal.stderr.strip()[:300]}")
            setuid_dir = Path(tempfile.mkdtemp(prefix="coursekit-setuid-bwrap-"))
            os.chmod(setuid_dir, 0o755)
            bwrap = setuid_dir / "bwrap"
            shutil.copy(shutil.which("bwrap"), bwrap)
            os.chown(bwrap, 0, entry.pw_gid)
            os.chmod(bwrap, 0o4750)  # setuid root, runnable by the test user's group only
            env["COURSEKIT_BWRAP"] = str(bwrap)
        before, pyc_before = _snapshot(course.root), _bytecode()
        graded = as_user(_grade_command(subs, out), mode == "bubblewrap", env)
        # exit 1: graded, with unreadable files (the class has broken notebooks on purpose)
        unreadable = sum(a.verdict == "unreadable" for a in ATTACKS)
        assert graded.returncode == 1 and f"unreadable: {unreadable} " in graded.stdout, \
            f"grading as {USER} failed ({mode}):\n{graded.stdout}\n{graded.stderr}"
        with Gradebook(out / "gradebook.db") as gradebook:
            notebooks = {nb.student: nb for nb in gradebook.notebooks()}
        yield {"mode": mode, "out": out, "notebooks": notebooks, "stdout": graded.stdout, "refusal": refusal,
               "before": before, "after": _snapshot(course.root), "pyc": (pyc_before, _bytecode()),
               "received": list(listener.received), "sleepers": _sleepers(f"sleep {SLEEP_MARKER}")}
    finally:
        listener.close()
        shutil.rmtree(home, ignore_errors=True)
        if setuid_dir is not None:
            shutil.rmtree(setuid_dir, ignore_errors=True)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_gets_its_verdict_as_user(user_run, course, attack):
    nb = user_run["notebooks"][attack.name]
    html = (user_run["out"] / "feedback" / attack.name / f"{PILOT}.html").read_text()
    problem = verdict_problem(attack, nb, html, course.assignment(PILOT).points)
    assert problem is None, f"[{user_run['mode']}] {problem}"


def test_user_class_run_unharmed_with_full_protection(user_run, course):
    nbs = user_run["notebooks"]
    assert sorted(nbs) == sorted(["ada"] + [a.name for a in ATTACKS]), "every notebook graded exactly once"
    assert nbs["ada"].final_score == course.assignment(PILOT).points
    assert user_run["after"] == user_run["before"], "the course's files changed during grading"
    assert user_run["pyc"][1] == user_run["pyc"][0], "bytecode was written beside the toolkit's sources"
    assert user_run["received"] == [], "a student's code reached the network"
    assert user_run["sleepers"] == [], "a student's process outlived grading"
    protections = nbs["ada"].protections
    print(f"\n{user_run['mode']}: sandbox: {protections}")
    assert protections["sandbox"] == user_run["mode"]
    assert protections["filesystem"].startswith("course hidden") and protections["network"] == "isolated"
    assert protections["privileges"] == "no capabilities" and "weak" not in protections
    assert protections["seccomp"].startswith("EPERM for")
    assert f"sandbox: {user_run['mode']}" in user_run["stdout"], "coursekit grade prints the protections"
    contained = sum(verdict_problem(a, nbs[a.name], (user_run["out"] / "feedback" / a.name /
                                                      f"{PILOT}.html").read_text(),
                                    course.assignment(PILOT).points) is None for a in ATTACKS)
    print(f"containment ({user_run['mode']}): {contained} of {len(ATTACKS)} attacks contained")


def test_without_user_namespaces_grading_refuses_first(user_run):
    if user_run["mode"] != "bubblewrap":
        pytest.skip("the refusal is checked in the run without user namespaces")
    refusal = user_run["refusal"]
    assert refusal.returncode == 2, refusal.stdout + refusal.stderr
    assert "grading refused" in refusal.stderr and "To fix it:" in refusal.stderr
    assert "--allow-weak-sandbox" in refusal.stderr and "Operation not permitted" in refusal.stderr
