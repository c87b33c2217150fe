"""The reference solution as the hidden tests see it: ``solutions/<id>.py``, loaded in the grader.

``Reference`` answers ``reference.f(*args)`` from a cache when the same function was called with
the same arguments before (the hidden tests compute the same expected values for every student);
reference functions are pure functions of plain data (DESIGN.md), so a cached answer is the
answer. Arguments are keyed exactly (arrays by dtype, shape and bytes); calls with anything but
plain values (a ``numpy.random.Generator``, say) are never cached. Every answer is a deep copy, so a test that
modifies an expected value changes nothing for the next student.
"""
from __future__ import annotations

import copy
import functools
import importlib.util
import sys
from collections import OrderedDict
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from ..errors import HiddenTestError

CACHE_SIZE = 4096  # answers kept per assignment


def load_reference(path: Path, assignment_id: str) -> ModuleType:
    """Import solutions/<id>.py in this (the grader's) process."""
    sys.dont_write_bytecode = True  # grading writes nothing beside the sources (no __pycache__)
    spec = importlib.util.spec_from_file_location(f"coursekit_reference_{assignment_id}", path)
    if spec is None or spec.loader is None:
        raise HiddenTestError(f"{path}: cannot load the reference solution; run `coursekit build {assignment_id}`")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _NotPlain(Exception):
    pass


_MISSING = object()  # not remembered yet


_EXACT = (int, str, bool, type(None))  # keyed by value (with their type: True and 1 stay apart)


def _key(value) -> object:
    """A hashable, exact image of a plain value; _NotPlain for anything else."""
    kind = type(value)
    if kind is np.ndarray:
        return (kind, value.dtype.str, value.shape, value.tobytes())
    if kind is float:
        return (kind, repr(value))  # nan keys like nan, -0.0 apart from 0.0
    if kind is tuple or kind is list:
        return (kind, tuple([_key(v) for v in value]))
    if kind is dict:
        return (kind, tuple([(k, _key(v)) for k, v in value.items()]))
    if kind in _EXACT:
        return (kind, value)
    if isinstance(value, np.generic):
        return (kind, repr(value))
    raise _NotPlain


class Reference:
    """A reference module whose functions remember their answers (see the module doc)."""

    def __init__(self, module: ModuleType):
        self._module = module
        self._answers: OrderedDict[tuple[str, object], Any] = OrderedDict()
        self._functions: dict[str, Any] = {}

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if not callable(value) or isinstance(value, type) or name.startswith("_"):
            return value
        if name not in self._functions:
            self._functions[name] = self._remembering(name, value)
        return self._functions[name]

    def _remembering(self, name: str, function):
        @functools.wraps(function)
        def remembered(*args, **kwargs):
            try:
                key = (name, _key((args, kwargs)))
            except (_NotPlain, RecursionError):
                return function(*args, **kwargs)
            answer = self._answers.get(key, _MISSING)
            if answer is _MISSING:
                answer = self._answers[key] = function(*args, **kwargs)
                if len(self._answers) > CACHE_SIZE:
                    self._answers.popitem(last=False)
            else:
                self._answers.move_to_end(key)
            return _copy(answer)
        return remembered


def _copy(value):
    """A copy of a remembered answer: plain values without copy.deepcopy's bookkeeping."""
    kind = type(value)
    if kind is np.ndarray:
        return value.copy()
    if kind is tuple or kind is list:
        return kind(_copy(v) for v in value)
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is float or kind in _EXACT:  # immutable
        return value
    return copy.deepcopy(value)


AnyReference = ModuleType | Reference  # what the `reference` fixture may be
