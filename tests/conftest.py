"""Shared fixtures: the repository's course (read only) and a throwaway copy of it."""
import shutil
from pathlib import Path

import nbformat
import pytest

from coursekit.course.config import load_course

ROOT = Path(__file__).resolve().parent.parent
PILOT = "05_knowledge_distillation"


@pytest.fixture(scope="session")
def course():
    return load_course(ROOT)


@pytest.fixture
def course_copy(tmp_path):
    """A copy of the course in tmp_path, for tests that change files."""
    for name in ("course.yml", "source", "release", "solutions", "autograder", "tests/mutants"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return load_course(tmp_path)


def write_notebook(path: Path, nb) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path
