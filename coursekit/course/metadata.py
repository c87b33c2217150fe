"""nbgrader's cell metadata, checked before nbgrader sees it, with messages that say the fix.

nbgrader (schema version 3, nbgrader/nbgraderformat/v3.json and v3.py) rejects a notebook with
``SchemaTooOldError: Outdated schema version: 0`` or ``ValidationError: ... the nbgrader metadata
may be corrupted`` and names no cell. ``metadata_problems`` applies the same rules and says, for
each broken cell, its index, its grade_id, the field and what to write. What each kind of cell of
this course carries (``EXPECTED``):

    setup     {"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false}
              and the cell tag "setup"
    solution  {"grade": false, "grade_id": "<function>", "locked": false, "schema_version": 3, "solution": true}
    test      {"grade": true, "grade_id": "test_<function>", "locked": true, "points": <the function's
               hidden points>, "schema_version": 3, "solution": false}
"""
from __future__ import annotations

import json
import re
from typing import Any

SCHEMA_VERSION = 3
FIELDS = ("schema_version", "grade", "locked", "solution", "task", "grade_id", "points", "checksum", "cell_type")
REQUIRED = ("schema_version", "grade", "locked", "solution")
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]*$")

EXPECTED: dict[str, dict[str, Any]] = {
    "setup": {"grade": False, "grade_id": "setup", "locked": True, "schema_version": 3, "solution": False},
    "solution": {"grade": False, "grade_id": "<function>", "locked": False, "schema_version": 3, "solution": True},
    "test": {"grade": True, "grade_id": "test_<function>", "locked": True, "points": 1, "schema_version": 3,
             "solution": False},
    "locked": {"grade": False, "grade_id": "<a unique id>", "locked": True, "schema_version": 3, "solution": False},
}


def _kind(cell, meta: dict) -> str:
    """Which kind of cell the author meant, from what the metadata already says."""
    if meta.get("solution") is True:
        return "solution"
    if meta.get("grade") is True:
        return "test"
    if "setup" in cell.get("metadata", {}).get("tags", []) or meta.get("grade_id") == "setup":
        return "setup"
    return "locked"


def _where(index: int, meta: dict) -> str:
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    return f"cell {index}" + (f" (grade_id {gid!r})" if gid else " (no grade_id)")


def _suggest(kind: str, key: str, cell) -> str:
    value = EXPECTED[kind].get(key)
    if key == "grade_id" and kind == "solution":
        match = re.search(r"^def (\w+)\(", cell.get("source", ""), re.M)
        value = match.group(1) if match else value
    return json.dumps(value)


def cell_metadata_problems(index: int, cell) -> list[str]:
    """What is wrong with one cell's ``metadata.nbgrader`` (empty when nothing, or no such key)."""
    metadata = cell.get("metadata", {})
    if "nbgrader" not in metadata:
        return []
    meta = metadata["nbgrader"]
    if not isinstance(meta, dict):
        return [f"cell {index}: metadata.nbgrader must be a mapping like {json.dumps(EXPECTED['solution'])}"]
    where, kind = _where(index, meta), _kind(cell, meta)
    gid = meta.get("grade_id") if isinstance(meta.get("grade_id"), str) and meta.get("grade_id") else None
    full = json.dumps(dict(EXPECTED[kind], grade_id=gid or json.loads(_suggest(kind, "grade_id", cell))))
    problems = []
    version = meta.get("schema_version")
    if version is None:
        problems.append(f"{where}: nbgrader.schema_version is missing: add \"schema_version\": 3")
    elif version != SCHEMA_VERSION:
        problems.append(f"{where}: nbgrader.schema_version is {version!r}; nbgrader reads version 3: "
                        "set \"schema_version\": 3")
    for key in REQUIRED[1:]:
        if key not in meta:
            problems.append(f"{where}: nbgrader.{key} is missing: add \"{key}\": {_suggest(kind, key, cell)}")
        elif not isinstance(meta[key], bool):
            problems.append(f"{where}: nbgrader.{key} is {json.dumps(meta[key])}, not true or false: "
                            f"write \"{key}\": {_suggest(kind, key, cell)}")
    for key in sorted(set(meta) - set(FIELDS)):
        problems.append(f"{where}: nbgrader.{key} is not an nbgrader field (nbgrader's are {', '.join(FIELDS)}): "
                        "remove it")
    if any(meta.get(k) is True for k in ("grade", "solution", "locked")):
        gid = meta.get("grade_id")
        if not gid:
            problems.append(f"{where}: nbgrader.grade_id is missing or empty: add \"grade_id\": "
                            f"{_suggest(kind, 'grade_id', cell)}")
        elif not isinstance(gid, str) or not GRADE_ID.match(gid):
            problems.append(f"{where}: nbgrader.grade_id {json.dumps(gid)} may contain only letters, digits, "
                            "'_' and '-'")
    if meta.get("grade") is True:
        points = meta.get("points")
        if points is None:
            problems.append(f"{where}: nbgrader.points is missing (a grade cell needs it): add \"points\": "
                            "<the sum of the function's hidden tests' points>")
        elif isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
            problems.append(f"{where}: nbgrader.points is {json.dumps(points)}: write a number >= 0, "
                            "without quotes")
    if cell.get("cell_type") == "markdown" and not meta.get("task"):
        if meta.get("grade") is True and meta.get("solution") is not True:
            problems.append(f"{where}: a markdown grade cell must also be a solution cell: set \"solution\": true")
        if meta.get("solution") is True and meta.get("grade") is not True:
            problems.append(f"{where}: a markdown solution cell must also be a grade cell: set \"grade\": true "
                            "and \"points\"")
    if meta.get("task") is True and cell.get("cell_type") != "markdown":
        problems.append(f"{where}: nbgrader.task cells must be markdown: remove \"task\"")
    if problems:  # the whole metadata once, on the cell's first line
        problems[0] += f" (a {kind} cell's whole metadata.nbgrader: {full})"
    return problems


def metadata_problems(nb) -> list[str]:
    """Every nbgrader metadata problem of a notebook, one line each, in cell order."""
    return [p for index, cell in enumerate(nb.get("cells", [])) for p in cell_metadata_problems(index, cell)]
