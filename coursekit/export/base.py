"""The one interface of every export target."""
from __future__ import annotations

import argparse
from abc import ABC, abstractmethod

from ..course.config import Course


class Exporter(ABC):
    """An export target: ``coursekit export NAME ...``. ``add_arguments`` declares its command-line
    arguments; ``run`` writes the export and returns the lines to print (``warning: ...`` lines
    go to stderr). Raise ExportError (or another CoursekitError) for what the user must fix."""

    name: str = ""
    help: str = ""

    @abstractmethod
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    @abstractmethod
    def run(self, course: Course, args: argparse.Namespace) -> list[str]: ...
