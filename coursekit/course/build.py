"""Build: source/ -> release/ and solutions/ (the only module here that writes files)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..errors import BuildError
from ..outputs.atomic import write_atomic
from .config import Course
from .notebook import make_reference_notebook, make_release, make_solution_module


@dataclass(frozen=True)
class BuiltFile:
    path: Path
    text: str


def notebook_text(nb) -> str:
    """The canonical bytes of a notebook: nbformat's own writer, which sorts keys."""
    return nbformat.writes(nb) + "\n"


def read_source(course: Course, assignment_id: str):
    path = course.source_notebook(assignment_id)
    if not path.is_file():
        raise BuildError(f"{path}: the source notebook of {assignment_id} is missing "
                         f"(`coursekit new {assignment_id} ...` creates one)")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # not JSON, or not a notebook: nbformat raises several kinds
        raise BuildError(f"{path}: not a readable notebook ({type(exc).__name__}: {str(exc)[:300]})") from exc


def build_outputs(course: Course, assignment_id: str) -> list[BuiltFile]:
    """What the build writes for one assignment, computed in memory."""
    source_nb = read_source(course, assignment_id)
    path = course.source_notebook(assignment_id)
    try:
        release = notebook_text(make_release(source_nb))
        module = make_solution_module(source_nb, assignment_id)
    except ValueError as exc:  # MarkerError, NotebookError (each line names a cell and the fix)
        raise BuildError("\n".join(f"{path}: {line}" for line in str(exc).splitlines())) from exc
    except Exception as exc:  # what nbgrader raises beyond our own checks (course/metadata.py)
        if not type(exc).__module__.startswith(("nbgrader", "jsonschema")):
            raise
        raise BuildError(f"{path}: nbgrader rejects the notebook ({type(exc).__name__}: {str(exc)[:300]}); "
                         "compare each cell's metadata.nbgrader with coursekit/course/metadata.py") from exc
    return [BuiltFile(course.release_notebook(assignment_id), release),
            BuiltFile(course.solution_module(assignment_id), module)]


def index_outputs(course: Course) -> list[BuiltFile]:
    """The ungraded index (notebook and Markdown files): released with outputs cleared."""
    folder = course.path("source") / course.config.index
    if not folder.is_dir():
        return []
    built = []
    for path in sorted(folder.iterdir()):
        target = course.path("release") / course.config.index / path.name
        if path.suffix == ".ipynb":
            built.append(BuiltFile(target, notebook_text(make_release(nbformat.read(path, as_version=4)))))
        elif path.suffix == ".md":
            built.append(BuiltFile(target, path.read_text(encoding="utf-8")))
    return built


def is_fresh(built: BuiltFile) -> bool:
    """The file on disk is what the build makes today."""
    return built.path.is_file() and built.path.read_text(encoding="utf-8") == built.text


def _write_if_changed(built: BuiltFile) -> bool:
    if is_fresh(built):
        return False
    write_atomic(built.path, built.text)
    return True


def build(course: Course, ids: list[str] | None = None) -> list[Path]:
    """Write release/ and solutions/ for the given assignments (all by default) and the index
    (release/<index>/: it reads course.yml, so any new assignment concerns it); return what changed."""
    ids = [i for i in ids or [a.id for a in course.config.assignments] if i != course.config.index]
    for assignment_id in ids:
        course.assignment(assignment_id)  # an unknown id: nothing is written
    changed = [f.path for f in index_outputs(course) if _write_if_changed(f)]
    for assignment_id in ids:
        changed += [f.path for f in build_outputs(course, assignment_id) if _write_if_changed(f)]
    return changed


def reference_and_template(course: Course, assignment_id: str):
    """The two notebooks every assignment is checked with: (reference, template)."""
    source_nb = read_source(course, assignment_id)
    return make_reference_notebook(source_nb), make_release(source_nb)
