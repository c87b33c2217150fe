"""The typed schema of course.yml, and its loader.

Every error names the file, the line and the key, e.g.
``course.yml:12: grading.memroy_mib: unknown key``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ConfigError

ID_PATTERN = re.compile(r"^\d\d_[a-z0-9_]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paths(_Strict):
    """Where things are, relative to the course root."""

    source: str = "source"
    release: str = "release"
    solutions: str = "solutions"
    autograder: str = "autograder"
    mutants: str = "tests/mutants"
    alternatives: str = "tests/alternatives"
    output: str = "."  # gradebook.db, grades.csv, feedback/, report.html


class Limits(_Strict):
    """Limits on one student's code in the sandboxed worker."""

    call_timeout_s: float = Field(10.0, gt=0, le=600)
    load_timeout_s: float = Field(30.0, gt=0, le=3600)
    memory_mib: int = Field(2048, ge=256)
    max_output_kib: int = Field(256, ge=1)
    max_result_mib: int = Field(64, ge=1)
    max_processes: int = Field(64, ge=1)
    worker_restarts: int = Field(3, ge=0, le=20)


class Assignment(_Strict):
    id: str
    title: str
    points: float = Field(gt=0)
    due: dt.datetime | None = None
    late_penalty_per_day: float = Field(0.0, ge=0, le=1)
    grace_period_min: float = Field(0.0, ge=0)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("an assignment id is NN_slug: two digits, '_', lowercase words")
        return value


class CourseConfig(_Strict):
    course: str
    index: str = "00_index"   # the ungraded index: source/<index>/ -> release/<index>/
    paths: Paths = Paths()
    limits: Limits = Limits()
    roster: str | None = None  # CSV of the class (course/roster.py), relative to the course root
    assignments: list[Assignment]

    @field_validator("assignments")
    @classmethod
    def _unique_ids(cls, value: list[Assignment]) -> list[Assignment]:
        seen: set[str] = set()
        for a in value:
            if a.id in seen:
                raise ValueError(f"assignment id {a.id} is listed twice")
            seen.add(a.id)
        return value


@dataclass(frozen=True)
class Course:
    """A loaded course: its root directory and its validated configuration."""

    root: Path
    config: CourseConfig
    config_path: Path

    def path(self, name: str) -> Path:
        return (self.root / getattr(self.config.paths, name)).resolve()

    def assignment(self, assignment_id: str) -> Assignment:
        for a in self.config.assignments:
            if a.id == assignment_id:
                return a
        known = ", ".join(a.id for a in self.config.assignments)
        raise ConfigError(self.config_path, None, "assignments",
                          f"no assignment {assignment_id!r} (known: {known})")

    def source_notebook(self, assignment_id: str) -> Path:
        return self.path("source") / assignment_id / f"{assignment_id}.ipynb"

    def release_notebook(self, assignment_id: str) -> Path:
        return self.path("release") / assignment_id / f"{assignment_id}.ipynb"

    def solution_module(self, assignment_id: str) -> Path:
        return self.path("solutions") / f"{assignment_id}.py"

    def autograder_dir(self, assignment_id: str) -> Path:
        return self.path("autograder") / assignment_id

    def mutants_dir(self, assignment_id: str) -> Path:
        return self.path("mutants") / assignment_id

    def alternatives_dir(self, assignment_id: str) -> Path:
        return self.path("alternatives") / assignment_id


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at pydantic location ``loc``."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = [(k, v) for k, v in node.value if k.value == part]
            if not match:
                return line
            key_node, node = match[0]
            line = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def load_course(root: Path | str = ".", filename: str = "course.yml") -> Course:
    """Read and validate ``root/course.yml``; raise ConfigError naming file, line and key."""
    root = Path(root).resolve()
    path = root / filename
    if not path.is_file():
        raise ConfigError(path, None, "", "no such file: run coursekit in the course root, or pass --course")
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(path, mark.line + 1 if mark else None, "", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(path, 1, "", "the file must be a mapping with keys course, paths, limits, assignments")
    try:
        config = CourseConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc)
        message = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(path, _line_of(node, loc), key, message) from None
    return Course(root=root, config=config, config_path=path)
