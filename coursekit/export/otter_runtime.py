"""coursekit's hidden tests inside otter's grading kernel (written by ``coursekit export otter``).

The export copies this file's text, followed by ``SOURCES`` and ``SETTINGS``, to
``coursekit_otter_<ID>.py`` beside the master notebook; otter assign puts it into the autograder
zip (``autograder_files``), otter copies it beside the submission, and each hidden test becomes
an otter hidden test case that calls ``run_hidden_test(env, FILE, TEST)`` with the notebook's
globals ``env``. It imports nothing of coursekit (otter's image has none): the hidden tests, their
helper modules, the reference solution, coursekit.expect and coursekit.sandbox.codec travel in
SOURCES, and the hidden tests' imports of ``pytest`` and ``coursekit.*`` are answered from there.

What it keeps of coursekit's grading: the ``student`` and ``reference`` fixtures; arguments and
results cross coursekit's codec (the student's function gets copies, the test gets the same plain
values: NumPy scalars as 0-d arrays, anything else refused); ``student.last_call`` with the
arguments changed in place; ``student.with_reference(...)``; the per-call time limit (SIGALRM, in
the main thread); the failure messages. What it cannot keep: there is no grading boundary (the
student's code runs in the process that holds the tests, the reference and the scores, so it can
read or patch them), no sandbox or rlimits, no fresh worker after a timeout, and otter runs the
whole notebook where coursekit runs only the setup and solution cells.
"""
from __future__ import annotations

import builtins
import inspect
import signal
import sys
import threading
import traceback
import types
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Set by the export (below this code in the written file): module sources by key ("reference",
# "coursekit/expect.py", "coursekit/sandbox/codec.py", "tests/<file>.py") and the course's limits.
SOURCES: dict[str, str] = {}
SETTINGS: dict[str, Any] = {"assignment": "assignment", "call_timeout_s": 10.0, "max_result_mib": 64}

MAX_MESSAGE = 2000


class StudentCodeError(Exception):
    """The student's code failed; the message is written for the student (as coursekit's)."""

    KINDS = ("error", "not_implemented", "missing", "timeout", "died", "refused")

    def __init__(self, message: str, kind: str = "error"):
        self.kind = kind
        super().__init__(message)


class HiddenTestFailed(AssertionError):
    """A hidden test failed; the message is the feedback coursekit gives for it."""


class AskedFunctionError(Exception):
    """The reference could not answer a call the student's code made (the arguments were wrong)."""


class _CallTimeout(BaseException):
    """Raised by SIGALRM inside the student's function (not an Exception: ``except Exception``
    in student code does not swallow it)."""


class _Refused(BaseException):
    """A value the codec refuses crossed during a call."""


# --------------------------------------------------------------------------- modules

_LOADED: dict[str, types.ModuleType] = {}


def _module_name(key: str) -> str:
    stem = key.removesuffix(".py").replace("/", "_").replace(".", "_")
    return f"_coursekit_otter_{SETTINGS['assignment']}_{stem}"


def _load(key: str) -> types.ModuleType:
    """The module whose source is SOURCES[key], executed once, its imports answered by _import."""
    if key not in _LOADED:
        if key not in SOURCES:
            raise ImportError(f"{key} is not part of this otter export")
        module = types.ModuleType(_module_name(key))
        module.__file__ = f"<coursekit export: {key}>"
        module.__dict__["__builtins__"] = _BUILTINS
        _LOADED[key] = sys.modules[module.__name__] = module  # registered first, as import does
        try:
            exec(compile(SOURCES[key], module.__file__, "exec"), module.__dict__)
        except BaseException:
            del _LOADED[key], sys.modules[module.__name__]
            raise
    return _LOADED[key]


def _package(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def _provided(name: str) -> types.ModuleType | None:
    """The module this export provides for ``import name``, or None (a real import)."""
    if name == "pytest":
        return _PYTEST
    if name == "coursekit.expect":
        expect = _load("coursekit/expect.py")
        _COURSEKIT.__dict__["expect"] = expect
        return expect
    if name in ("coursekit.sandbox", "coursekit.errors"):
        return _SANDBOX
    if name == "coursekit.sandbox.codec":
        codec = _codec()
        _SANDBOX.__dict__["codec"] = codec
        return codec
    if name == "coursekit":
        return _COURSEKIT
    if name.startswith("coursekit."):
        raise ImportError(f"{name} is not available where otter grades: hidden tests may import "
                          "coursekit.expect and coursekit.sandbox.StudentCodeError")
    if "." not in name and f"tests/{name}.py" in SOURCES:  # a helper module beside the hidden tests
        return _load(f"tests/{name}.py")
    return None


def _import(name: str, globals_: Any = None, locals_: Any = None, fromlist: Any = (), level: int = 0) -> Any:
    if level == 0:
        found = _provided(name)
        if found is not None:
            return found if fromlist or "." not in name else _provided(name.partition(".")[0])
    return builtins.__import__(name, globals_, locals_, fromlist, level)


def _mark(*args: Any, **kwargs: Any) -> Any:
    """``@pytest.mark.NAME`` and ``@pytest.mark.NAME(...)``: the function, unchanged (the
    points are in otter's test config)."""
    if len(args) == 1 and not kwargs and callable(args[0]):
        return args[0]
    return lambda function: function


class _Marks:
    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return _mark


def _pytest_getattr(name: str) -> Any:
    raise AttributeError(f"pytest.{name} is not available where otter grades (only pytest.mark)")


_BUILTINS = {**vars(builtins), "__import__": _import}
_PYTEST = _package("pytest", mark=_Marks(), __getattr__=_pytest_getattr)
_SANDBOX = _package("coursekit.sandbox", StudentCodeError=StudentCodeError)
_COURSEKIT = _package("coursekit", sandbox=_SANDBOX, errors=_SANDBOX)


def _codec() -> types.ModuleType:
    return _load("coursekit/sandbox/codec.py")


def _aliasing() -> types.ModuleType:
    return _load("coursekit/sandbox/aliasing.py")


def reference() -> types.ModuleType:
    """The reference solution (solutions/<id>.py), loaded in this process."""
    return _load("reference")


# --------------------------------------------------------------------------- the codec

def _crossed(value: Any) -> Any:
    """``value`` as the other side of coursekit's codec receives it (raises CodecError)."""
    codec = _codec()
    return codec.decode(codec.encode(value)[8:])


def _encoded(value: Any) -> bytes | None:
    """The codec's bytes of an argument (to see whether a call changed it), None if it has none."""
    codec = _codec()
    try:
        return codec.encode(value)
    except (codec.CodecError, RecursionError, MemoryError, OverflowError):
        return None


def _changed(args: list, kwargs: dict, before_args: list, before_kwargs: dict) -> dict:
    """The arguments that differ from what they were before the call, as they are now."""
    def now(value: Any) -> Any:
        return value if _encoded(value) is not None else "(a value that cannot be sent back)"
    args_now = {str(i): now(a) for i, a in enumerate(args) if _encoded(a) != before_args[i]}
    kwargs_now = {k: now(v) for k, v in kwargs.items() if _encoded(v) != before_kwargs.get(k)}
    return {"args": args_now, "kwargs": kwargs_now} if args_now or kwargs_now else {}


# --------------------------------------------------------------------------- one call

def _warnings(caught: list) -> list[str]:
    """The distinct warnings a call raised, as coursekit's worker reports them (at most 5)."""
    seen: dict[str, None] = {}
    for w in caught:
        seen.setdefault(f"{w.category.__name__}: {str(w.message)[:200]}", None)
    return list(seen)[:5]


@dataclass(frozen=True)
class CallResult:
    value: Any
    changed_args: dict[int, Any] = field(default_factory=dict)
    changed_kwargs: dict[str, Any] = field(default_factory=dict)
    asked: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    aliases: tuple = ()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _CallTimeout in the block after ``seconds`` (SIGALRM: the main thread only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _CallTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe(exc: BaseException) -> str:
    """``Type: message (at line N, in f)``, as coursekit describes an error in the student's code
    (the place is the last frame of the student's own code: not this file, not an installed module)."""
    skip = (globals().get("__file__") or "<none>", sys.prefix, sys.base_prefix, sys.exec_prefix)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(skip)]
    where = ""
    if frames:  # a cell compiled as "<cell NAME>" is named as coursekit names it; otter's kernel's are not
        cell = f"{frames[-1].filename[1:-1]}, " if frames[-1].filename.startswith("<cell ") else ""
        where = f" (at {cell}line {frames[-1].lineno}, in {frames[-1].name})"
    return f"{type(exc).__name__[:80]}: {str(exc)[:500]}{where}"


def _asker(name: str, reference_module: types.ModuleType, asked: list[str]) -> Callable[..., Any]:
    """Stands in for the graded function ``name``: the reference answers, through the codec."""
    def asked_function(*args: Any, **kwargs: Any) -> Any:
        asked.append(name)
        codec = _codec()
        try:
            request = _crossed({"ask": name, "args": list(args), "kwargs": kwargs})
        except codec.CodecError as exc:
            raise _Refused(str(exc)) from None
        try:
            value = getattr(reference_module, name)(*request["args"], **request["kwargs"])
        except Exception as exc:  # the reference rejects these arguments: the student's call was wrong
            raise AskedFunctionError(f"{name}{tuple(args)!r:.200}: {type(exc).__name__}: {str(exc)[:500]}") from None
        try:
            return _crossed(value)
        except codec.CodecError as exc:
            raise _Refused(str(exc)) from None
    asked_function.__name__ = name
    return asked_function


_HUNG: dict[str, str] = {}  # function -> why it is not called again (one kernel grades one notebook)


def call_student(env: dict, name: str, args: tuple | list, kwargs: dict, ask: tuple[str, ...] = (),
                 reference_module: types.ModuleType | None = None) -> CallResult:
    """Call the student's ``name`` from the notebook's globals as coursekit's worker does (raise
    StudentCodeError with coursekit's message when it fails); the student's calls of the functions
    in ``ask`` are answered by the reference."""
    codec = _codec()
    limit = float(SETTINGS["call_timeout_s"])
    if name in _HUNG:
        raise StudentCodeError(f"`{name}` not called again: {_HUNG[name]}", "timeout")
    function = env.get(name)
    if not callable(function):
        raise StudentCodeError(f"`{name}` is not defined: define it in its solution cell (check its spelling)",
                               "missing")
    request = _crossed({"args": list(args), "kwargs": kwargs})  # the student's own copies
    args_in, kwargs_in = request["args"], request["kwargs"]
    before_args, before_kwargs = [_encoded(a) for a in args_in], {k: _encoded(v) for k, v in kwargs_in.items()}
    asked: list[str] = []
    replaced = [n for n in ask if n != name]
    saved = {n: env[n] for n in replaced if n in env}
    env.update({n: _asker(n, reference_module or reference(), asked) for n in replaced})
    try:
        with _time_limit(limit), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = function(*args_in, **kwargs_in)
    except _CallTimeout:
        why = f"timed out after {limit:g} s: look for an infinite loop or a very slow computation"
        _HUNG[name] = f"an earlier call {why}"
        raise StudentCodeError(f"`{name}` {why}", "timeout") from None
    except _Refused as exc:
        raise StudentCodeError(f"`{name}` {exc}", "refused") from None
    except BaseException as exc:  # the student's SystemExit too, as in coursekit's worker
        if type(exc).__name__ == "NotImplementedError":
            raise StudentCodeError(f"`{name}` is not implemented yet: replace `raise NotImplementedError()` "
                                   "with your code", "not_implemented") from None
        raise StudentCodeError(f"`{name}` raised {_describe(exc)}", "error") from None
    finally:
        for n in replaced:
            env.pop(n, None)
        env.update(saved)
    reply = {"ok": True, "value": value, "changed": _changed(args_in, kwargs_in, before_args, before_kwargs),
             "warnings": _warnings(caught), "aliases": _aliasing().aliases(value, args_in, kwargs_in)}
    try:
        frame = codec.encode(reply)
    except codec.CodecError as exc:
        raise StudentCodeError(f"`{name}` {exc}", "refused") from None
    except (RecursionError, MemoryError, OverflowError) as exc:
        raise StudentCodeError(f"`{name}` could not be encoded ({type(exc).__name__})", "refused") from None
    max_reply = int(SETTINGS["max_result_mib"]) * 1024 * 1024
    if len(frame) - 8 > max_reply:
        raise StudentCodeError(f"`{name}` returned {(len(frame) - 8) / 2**20:.0f} MiB, more than the "
                               f"{max_reply // 2**20} MiB a result may take", "refused")
    back = codec.decode(frame[8:])
    changed = back.get("changed") or {}
    return CallResult(back["value"], {int(k): v for k, v in (changed.get("args") or {}).items()},
                      dict(changed.get("kwargs") or {}), tuple(dict.fromkeys(asked)), tuple(back["warnings"]),
                      _aliasing().checked(back["aliases"]))


# --------------------------------------------------------------------------- the student fixture

@dataclass(frozen=True)
class Call:
    """One call of a student's function as the grader saw it (coursekit.grading.proxy.Call)."""

    function: str
    args: tuple
    kwargs: dict
    value: Any
    changed: dict[str, Any] = field(default_factory=dict)
    asked: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def _parameter_names(reference_function: Any, n_args: int) -> list[str]:
    try:
        names = [p.name for p in inspect.signature(reference_function).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return names[:n_args] + [f"argument {i + 1}" for i in range(len(names), n_args)]


class StudentProxy:
    """``student.f(*args)`` calls the notebook's ``f`` as coursekit's ``student`` fixture does."""

    def __init__(self, env: dict, reference_module: types.ModuleType, ask: tuple[str, ...] = (),
                 on_call: Callable[[Call], None] | None = None):
        self._env, self._reference, self._ask, self._on_call = env, reference_module, ask, on_call
        self.last_call: Call | None = None

    def with_reference(self, *functions: str) -> StudentProxy:
        """The same student, but their code's calls of ``functions`` are answered by the reference."""
        unknown = [f for f in functions if not callable(getattr(self._reference, f, None))]
        if unknown:
            raise ValueError(f"with_reference: the reference has no function {', '.join(unknown)}")
        return StudentProxy(self._env, self._reference, tuple(dict.fromkeys(self._ask + functions)), self._record)

    def code_of(self, function: str | None = None) -> str:
        """The student's code, as coursekit's ``student.code_of``: here, the source of the notebook's
        functions (all of them, or ``function``'s), read with inspect from the kernel's cells."""
        names = [function] if function is not None else sorted(
            n for n, v in self._env.items() if inspect.isfunction(v) and v.__module__ == "__main__")
        sources = []
        for name in names:
            value = self._env.get(name)
            try:
                sources.append(inspect.getsource(value) if inspect.isfunction(value) else "")
            except (OSError, TypeError):
                sources.append("")
        return "\n\n".join(sources)

    def _record(self, call: Call) -> None:
        self.last_call = call
        if self._on_call is not None:
            self._on_call(call)

    def _call(self, name: str, args: tuple, kwargs: dict) -> Any:
        result = call_student(self._env, name, args, kwargs, self._ask, self._reference)
        names = _parameter_names(getattr(self._reference, name, None), len(args))
        changed = {names[i]: v for i, v in sorted(result.changed_args.items()) if i < len(names)}
        changed.update(result.changed_kwargs)
        self._record(Call(name, tuple(args), dict(kwargs), result.value, changed, result.asked, result.warnings,
                          _aliasing().describe(result.aliases, names)))
        return result.value

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._call(name, args, kwargs)


# --------------------------------------------------------------------------- one hidden test

_STUDENTS: dict[int, StudentProxy] = {}  # one ``student`` per notebook, as coursekit's session fixture


def failure_message(exc: BaseException) -> str:
    """What a student reads for a failed test (coursekit.grading.runner.failure_message)."""
    if isinstance(exc, (StudentCodeError, AssertionError)):
        return str(exc)[:MAX_MESSAGE] or "the check failed"
    return (f"the test could not use your result ({type(exc).__name__}: {str(exc)[:300]}): "
            "check the type and shape your function returns")


def _test_function(module: types.ModuleType, name: str) -> Callable[..., Any]:
    function = getattr(module, name, None)
    if callable(function):
        return function
    for attribute, value in vars(module).items():
        if attribute.startswith("Test") and isinstance(value, type) and callable(getattr(value, name, None)):
            return getattr(value(), name)
    raise LookupError(f"no hidden test {name} in {module.__file__}")


def run_hidden_test(env: dict, filename: str, test: str) -> None:
    """Run the hidden test ``test`` of ``tests/<filename>`` against the notebook's globals ``env``;
    raise HiddenTestFailed with coursekit's feedback message when it fails."""
    reference_module = reference()
    if id(env) not in _STUDENTS:
        _STUDENTS[id(env)] = StudentProxy(env, reference_module)
    fixtures: dict[str, Any] = {"student": _STUDENTS[id(env)], "reference": reference_module}
    function = _test_function(_load(f"tests/{filename}"), test)
    names = list(inspect.signature(function).parameters)
    unknown = [n for n in names if n not in fixtures]
    if unknown:
        raise HiddenTestFailed(f"the hidden test {test} needs {', '.join(unknown)}, which the otter export "
                               "does not provide: tell your instructor")
    try:
        function(**{n: fixtures[n] for n in names})
    except Exception as exc:
        raise HiddenTestFailed(failure_message(exc)) from None
