"""The code is clean by the project's own rules (pyproject.toml): ruff over the tree, mypy over
the coursekit package. Zero findings; the output says what to fix."""
import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_mypy_finds_nothing_in_the_package():
    result = _run("mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
