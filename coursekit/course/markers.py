"""Parsing of nbgrader's solution and hidden-test markers: pure functions on cell source.

A marker is a line that contains ``BEGIN SOLUTION`` / ``END SOLUTION`` (or ``BEGIN HIDDEN
TESTS`` / ``END HIDDEN TESTS``), as nbgrader reads them, normally written as
``### BEGIN SOLUTION``. Regions may not nest and must be closed in the same cell.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import MarkerError

KINDS = {"SOLUTION": ("BEGIN SOLUTION", "END SOLUTION"),
         "HIDDEN TESTS": ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")}




@dataclass(frozen=True)
class Region:
    kind: str        # "SOLUTION" or "HIDDEN TESTS"
    begin: int       # 0-based line index of the BEGIN marker
    end: int         # 0-based line index of the END marker


def _marker(line: str) -> tuple[str, str] | None:
    """("begin"|"end", kind) if the line is a marker line, else None."""
    for kind, (begin, end) in KINDS.items():
        if begin in line:
            return "begin", kind
        if end in line:
            return "end", kind
    return None


def find_regions(source: str, cell_index: int = 0) -> list[Region]:
    """The marker regions of one cell's source, in order; raise MarkerError when malformed."""
    regions: list[Region] = []
    open_kind, open_line = None, -1
    for i, line in enumerate(source.split("\n")):
        found = _marker(line)
        if found is None:
            continue
        edge, kind = found
        if edge == "begin":
            if open_kind is not None:
                raise MarkerError(cell_index, i + 1,
                                  f"BEGIN {kind} inside the {open_kind} region opened on line {open_line + 1}: "
                                  "markers may not nest")
            open_kind, open_line = kind, i
        else:
            if open_kind != kind:
                raise MarkerError(cell_index, i + 1, f"END {kind} without a matching BEGIN {kind}")
            regions.append(Region(kind, open_line, i))
            open_kind = None
    if open_kind is not None:
        raise MarkerError(cell_index, open_line + 1, f"BEGIN {open_kind} is never closed by END {open_kind}")
    return regions


def strip_marker_lines(source: str, cell_index: int = 0) -> str:
    """The source with the marker lines removed and everything inside kept (the solution)."""
    marker_lines = {r.begin for r in find_regions(source, cell_index)} | \
                   {r.end for r in find_regions(source, cell_index)}
    return "\n".join(line for i, line in enumerate(source.split("\n")) if i not in marker_lines)


def has_region(source: str, kind: str, cell_index: int = 0) -> bool:
    return any(r.kind == kind for r in find_regions(source, cell_index))
