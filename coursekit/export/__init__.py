"""Exports to the tools instructors already use, one module per target, behind base.Exporter.

gradescope.py          a Gradescope autograder zip (gradescope_runtime.py runs inside it and
                       applies course.yml's late policy to Gradescope's submission metadata)
lms.py                 Canvas and Moodle grade CSVs
otter.py               an otter-assign master notebook whose hidden test cases run coursekit's hidden
                       tests (otter_runtime.py goes into otter's autograder zip; otter_verify.py
                       compares otter's scores with coursekit's: ``coursekit export otter ID --verify``)

A new target: subclass ``Exporter`` (``add_arguments`` and ``run``) in a module of its own and
add an instance to ``EXPORTERS``; ``coursekit export NAME`` then exists, with its own --help.
"""
from __future__ import annotations

from .base import Exporter
from .gradescope import GradescopeExporter
from .lms import LmsExporter
from .otter import OtterExporter

EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    GradescopeExporter(),
    LmsExporter("canvas", "a Canvas gradebook import CSV"),
    LmsExporter("moodle", "a Moodle grade import CSV"),
    OtterExporter(),
)}

__all__ = ["EXPORTERS", "Exporter"]
