"""What a hidden test holds as ``student``: the student's functions, called in the sandbox.

    got = student.adamw_step(params, grads, state, lr=1e-3)     # the value, as plain data
    expect_unchanged(student.last_call)                         # did it modify its arguments?
    expect_no_warnings(student.last_call, "...")                # did it raise NumPy warnings?
    expect_new(student.last_call, "...")                        # is its result new, not an argument?
    expect_not_used(student.code_of("fp16_round"), {".astype": "do not use astype"}, "fp16_round")
    got = student.with_reference("inner_adapt").maml_meta_gradient(...)
        # calls that the student's maml_meta_gradient makes to inner_adapt are answered by
        # the reference inner_adapt (run here, in the grader), so a wrong inner_adapt costs
        # inner_adapt's points only; the feedback says which functions were replaced.
"""
from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..sandbox.aliasing import describe
from ..sandbox.client import CallResult, StudentCode


@dataclass(frozen=True)
class Call:
    """One call of a student's function as the grader saw it."""

    function: str
    args: tuple
    kwargs: dict
    value: Any
    changed: dict[str, Any] = field(default_factory=dict)   # parameter name -> value after the call
    asked: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()   # distinct warnings the call raised, e.g. "RuntimeWarning: overflow ..."
    aliases: tuple[str, ...] = ()   # what of the value is not new, e.g. "the result is the `words` you passed in, ..."


def _parameter_names(reference_function, n_args: int) -> list[str]:
    try:
        names = [p.name for p in inspect.signature(reference_function).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return names[:n_args] + [f"argument {i + 1}" for i in range(len(names), n_args)]


class StudentProxy:
    """``student.f(*args)`` calls ``f`` in the student's worker and returns plain values."""

    def __init__(self, code: StudentCode, reference, ask: tuple[str, ...] = (),
                 on_call: Callable[[Call], None] | None = None):
        self._code, self._reference, self._ask = code, reference, ask
        self._on_call = on_call
        self.last_call: Call | None = None

    def with_reference(self, *functions: str) -> StudentProxy:
        """The same student, but the grader answers their code's calls of ``functions`` with the
        reference implementation."""
        unknown = [f for f in functions if not callable(getattr(self._reference, f, None))]
        if unknown:
            raise ValueError(f"with_reference: the reference has no function {', '.join(unknown)}")
        return StudentProxy(self._code, self._reference, tuple(dict.fromkeys(self._ask + functions)),
                            self._record)

    def code_of(self, function: str | None = None) -> str:
        """The student's code that is graded (not the release's setup cells): all of it, or the
        last ``def function`` in it ("" when there is none). For checks on the code's syntax."""
        code = "\n\n".join(c.source for c in self._code.cells if c.role != "setup")
        if function is None:
            return code
        found = ""
        for cell in (c for c in self._code.cells if c.role != "setup"):
            try:
                tree = ast.parse(cell.source)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
                    found = ast.get_source_segment(cell.source, node) or ""
        return found

    def _record(self, call: Call) -> None:
        self.last_call = call
        if self._on_call is not None:
            self._on_call(call)

    def _answer(self, function: str, args: list, kwargs: dict):
        return getattr(self._reference, function)(*args, **kwargs)

    def _call(self, name: str, args: tuple, kwargs: dict):
        result: CallResult = self._code.call_full(name, args, kwargs, ask=self._ask, answer=self._answer)
        changed = dict(result.changed_kwargs)
        names = _parameter_names(getattr(self._reference, name, None), len(args)) \
            if result.changed_args or result.aliases else []   # the arguments named after the reference's parameters
        if result.changed_args:
            changed = {**{names[i]: v for i, v in sorted(result.changed_args.items()) if i < len(names)}, **changed}
        self._record(Call(name, tuple(args), dict(kwargs), result.value, changed, result.asked, result.warnings,
                          describe(result.aliases, names)))
        return result.value

    def __getattr__(self, name: str) -> Callable:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, args, kwargs)
