"""Checks for hidden tests: compare a student's result with the reference and fail with a
message a student can act on. They run in the grader process, on decoded plain values (what
``student.f(...)`` returns: NumPy arrays, numbers, strings, lists, tuples and dicts of those).

Each check raises ``Mismatch`` (an AssertionError): the test fails, and its message, and only
its message, is what the student reads in the feedback. ``what`` names the call the way a
student would write it (``"softmax(x, T=2) with x of shape (4, 5)"``); every message starts
with it. Four checks:

``expect_array(got, want, what, *, rtol=1e-7, atol=1e-10, mistakes=())``
    numbers and arrays, within a tolerance (as ``np.allclose(got, want, rtol, atol)``; nan never
    equals nan). The message says what is wrong: ``None`` returned, not numeric, wrong shape
    (transposed, an axis missing, wrong arrangement), nan or inf where the answer is finite, the
    largest difference and its index, and a constant factor (``every value is 4x the expected
    one``). Returns ``got`` as an array, for further checks.
``expect_equal(got, want, what, *, mistakes=())``
    exact equality: integers, strings, booleans, lists and tuples of them, integer arrays
    (the first differing index is named).
``expect_words(got, want, what, mistakes=())``
    a list of strings (tokens) equal to ``want``.
``expect_true(condition, message)``
    anything else: fail with ``message`` unless ``condition``.

Beside them, checks of a promise about the result's type rather than its values:
``expect_dtype`` (the array's dtype; ``expect_float64_if_float``: float results only),
``expect_python_int`` / ``expect_python_float`` (a Python number, not a NumPy one),
``expect_float64_accuracy`` (computed in float64, not only converted),
and of the call itself: ``expect_unchanged``, ``expect_no_warnings``, ``expect_new``.

``mistakes`` names known wrong answers: ``[(value, message), ...]`` where ``value`` is what a
known mistake returns on the same input (computed in the test, usually from ``reference``) and
``message`` says what to fix. When ``got`` matches a mistake's value (with the same tolerance;
for expect_array, nan matches nan and inf matches inf, so a mistake that overflows can be named)
and that value is not also the right answer, the failure says ``<what>: <message>`` (followed by
"(contains nan or inf where the expected values are finite: ...)" when it does). Mistakes are
tried before anything else, so a mistake that changes the shape is named too.

    expect_array(student.soft_target_loss(s, t, 2.0), reference.soft_target_loss(s, t, 2.0),
                 "soft_target_loss(s, t, T=2)", rtol=1e-8, atol=1e-12,
                 mistakes=[(reference.soft_target_loss(s, t, 2.0) / 4,
                            "the loss is 1/T^2 of the expected value: multiply by T^2")])
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

UNSTABLE = ("contains nan or inf where the expected values are finite: "
            "is a step numerically unstable (exp of a large number, log of 0)?")


class Mismatch(AssertionError):
    """The student's result is wrong; the message says how."""


def _as_array(got, what: str) -> np.ndarray:
    if got is None:
        raise Mismatch(f"{what} returned None: did you forget `return`?")
    if isinstance(got, (bool, int, float)) or isinstance(got, np.ndarray):
        array = np.asarray(got)
    elif isinstance(got, (list, tuple)):
        try:
            array = np.asarray(got, dtype=float)
        except (ValueError, TypeError):
            raise Mismatch(f"{what} returned a {type(got).__name__} that is not a numeric array") from None
    else:
        raise Mismatch(f"{what} returned a {type(got).__name__}; expected a NumPy array or a number")
    if array.dtype.kind not in "biuf":
        raise Mismatch(f"{what} returned values of dtype {array.dtype}; expected real numbers")
    return array


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float, equal_nan: bool = False) -> bool:
    """``np.allclose(a, b, rtol, atol, equal_nan)`` for float arrays of one shape. When both are
    finite, allclose's own formula (``|a - b| <= atol + rtol * |b|``) in a few ufunc calls; with
    a nan or inf anywhere, allclose itself (its rules for them)."""
    if a.shape != b.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        tolerance = atol + rtol * np.abs(b)
        within = bool((np.abs(a - b) <= tolerance).all())
        if bool(np.isfinite(tolerance).all()) and bool(np.isfinite(a).all()):
            return within
    return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def expect_array(got, want, what: str, *, rtol: float = 1e-7, atol: float = 1e-10,
                 mistakes: Sequence[tuple[object, str]] = ()) -> np.ndarray:
    """Fail unless ``got`` equals ``want`` within ``rtol``/``atol`` (as np.allclose; a nan in
    ``got`` is always wrong). Returns ``got`` as an array.

    ``mistakes``: (value, message) pairs, the results known mistakes produce on this input;
    when ``got`` matches one (nan matching nan, inf matching inf) that is not the right answer,
    the failure is ``"<what>: <message>"``; when two different mistakes give the same values on
    this input, the message names both (the first, then the second in parentheses)."""
    want = np.asarray(want, dtype=float) if not isinstance(want, np.ndarray) else want
    array = _as_array(got, what)
    named = []  # first: a known mistake may also change the shape
    for value, message in mistakes:
        value = np.asarray(value, dtype=float)
        if value.shape == array.shape and _close(array.astype(float), value, rtol, atol, equal_nan=True) \
                and not (value.shape == want.shape and _close(value, want.astype(float), rtol, atol, equal_nan=True)):
            named.append(message)
    if named:
        unstable = "" if np.all(np.isfinite(array)) or not np.all(np.isfinite(want)) else f" ({UNSTABLE})"
        raise Mismatch(f"{what}: {_both(named)}{unstable}")
    if array.shape != want.shape:
        hint = ""
        if array.shape == want.shape[::-1] and array.ndim == 2:
            hint = ": it looks transposed"
        elif array.size == want.size:
            hint = ": same number of values, wrong arrangement (check your reshape or axis)"
        elif array.ndim == want.ndim - 1:
            hint = ": one axis is missing (a sum or mean over the wrong axis, or keepdims?)"
        raise Mismatch(f"{what} has shape {array.shape}, expected {want.shape}{hint}")
    if _close(array.astype(float), want.astype(float), rtol, atol):
        return array
    if not np.all(np.isfinite(array)) and np.all(np.isfinite(want)):
        raise Mismatch(f"{what} {UNSTABLE}")
    with np.errstate(invalid="ignore"):
        diff = np.abs(array.astype(float) - want.astype(float))
    diff = np.where(array == want, 0.0, np.where(np.isnan(diff), np.inf, diff))  # inf == inf; inf vs -inf, nan: worst
    index = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    got_v, want_v = array[index], want[index]
    ratio = ""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = array.astype(float) / want.astype(float)
    # a factor is a hint for real-valued results only (not for indices or counts, nor when got is 0)
    finite = ratios[np.isfinite(ratios) & (np.abs(want) > 1e-12) & (ratios != 0)] if want.dtype.kind == "f" \
        else np.zeros(0)
    if finite.size == 1 and abs(finite.flat[0] - 1) > 1e-2:
        ratio = f"; that is {finite.flat[0]:.4g}x the expected value"
    elif finite.size and np.allclose(finite, finite.flat[0], rtol=1e-6) and abs(finite.flat[0] - 1) > 1e-2:
        ratio = f"; every value is {finite.flat[0]:.4g}x the expected one: a missing or extra factor?"
    at = f" at index {tuple(int(i) for i in index)}" if index else ""
    got_s, want_s = _distinct(float(got_v), float(want_v))
    off = abs(float(got_v) - float(want_v))
    raise Mismatch(f"{what} is wrong{at}: got {got_s}, expected {want_s}, off by {off:.3g} "
                   f"(tolerance rtol={rtol:g}, atol={atol:g}){ratio}")


def _both(messages: list[str]) -> str:
    """The first known mistake's message, and a second, different one that gives the same result."""
    others = [m for m in messages[1:] if m != messages[0]]
    return messages[0] + (f" (or, which gives the same values on this input: {others[0]})" if others else "")


def _distinct(got: float, want: float) -> tuple[str, str]:
    """The two numbers with the fewest significant digits (at least 6) that tell them apart."""
    for digits in range(6, 18):
        got_s, want_s = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if got_s != want_s:
            return got_s, want_s
    return repr(got), repr(want)


def expect_float64_accuracy(got, want, what: str, fix: str, *, rtol: float = 1e-7, atol: float = 1e-10,
                            float32_rtol: float = 1e-5, float32_atol: float = 1e-6) -> None:
    """Fail when ``got`` misses ``want`` at ``rtol``/``atol`` but agrees with it at
    ``float32_rtol``/``float32_atol`` (float32 rounding): it was computed in float32 and converted
    afterwards; ``fix`` says where to convert to float64. Anything else (None, another shape, not
    a float array, off by more than float32 rounding) is left to expect_array, called after it."""
    try:
        array = np.asarray(got)
    except (ValueError, TypeError):
        return
    want = np.asarray(want, dtype=float)
    if got is None or array.shape != want.shape or array.dtype.kind != "f":
        return
    array = array.astype(float)
    if _close(array, want, rtol, atol) or not _close(array, want, float32_rtol, float32_atol):
        return
    off = float(np.max(np.abs(array - want), initial=0.0))
    raise Mismatch(f"{what} agrees with the expected values only to float32 precision (off by float32 rounding, up "
                   f"to {off:.2g}): it is only float32-accurate, computed in float32 and only then converted: {fix}")


def expect_equal(got, want, what: str, *, mistakes: Sequence[tuple[object, str]] = ()) -> None:
    """Fail unless ``got == want`` exactly: integers, strings, booleans, lists and tuples of them
    (a list equals a tuple with the same items), or integer arrays (the message names the first
    differing index). ``mistakes``: (value a known mistake produces, what to fix), as in
    expect_array but compared exactly (two different mistakes that give ``got`` are both named).

        expect_equal(student.layer_to_group(12, 4), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3],
                     "layer_to_group(L=12, G=4)", mistakes=[(wrong, "use int(i / (L / G))")])"""
    named = [message for value, message in mistakes if _same(got, value) and not _same(value, want)]
    if named:
        raise Mismatch(f"{what}: {_both(named)}")
    if isinstance(want, np.ndarray):
        array = _as_array(got, what)
        if array.shape != want.shape:
            raise Mismatch(f"{what} has shape {array.shape}, expected {want.shape}")
        wrong = np.argwhere(array != want)
        if wrong.size:
            index = tuple(int(i) for i in wrong[0])
            raise Mismatch(f"{what} differs at {len(wrong)} position(s), first at index {index}: "
                           f"got {array[index]}, expected {want[index]}")
        return
    if got != want:
        raise Mismatch(f"{what}: got {got!r}, expected {want!r}")


def expect_words(got, want: list[str], what: str, mistakes: Sequence[tuple[list[str], str]] = ()) -> None:
    """Fail unless ``got`` is exactly the list of strings ``want`` (a list, not a tuple, of str).
    ``mistakes``: (the list a known mistake produces, what to fix); one is named only when no
    other listed mistake gives the same list (then it would be a guess, and the plain
    "got [...], expected [...]" is shown instead).

        expect_words(student.swap_words(words, 1, 3), ["the", "sat", "cat", "mat"], "swap_words(...)",
                     mistakes=[(words, "the words were not swapped: return a new list with i and j exchanged")])"""
    if not isinstance(got, list) or not all(isinstance(w, str) for w in got):
        raise Mismatch(f"{what} must return a list of str, got {type(got).__name__}")
    for value, message in mistakes:
        ambiguous = sum(other == value for other, _ in mistakes) > 1
        if got == value and value != want and not ambiguous:
            raise Mismatch(f"{what}: {message}")
    if got != want:
        raise Mismatch(f"{what}: got {got}, expected {want}")


def _same(a, b) -> bool:
    """Exact equality for plain values and arrays, never raising."""
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            a, b = np.asarray(a), np.asarray(b)
            return a.shape == b.shape and bool(np.all(a == b))
        return type(a) is type(b) and a == b or (isinstance(a, (list, tuple)) and list(a) == list(b))
    except (TypeError, ValueError):
        return False


def expect_true(condition: bool, message: str) -> None:
    """Fail with ``message`` unless ``condition``: for properties no other check states, e.g.

        expect_true(isinstance(got, dict) and set(got) == {"loss", "loss_ce"},
                    f"distilbert_loss must return a dict with keys loss, loss_ce; got {got!r:.80}")

    The message is all the student reads: say what was expected and what to fix."""
    if not condition:
        raise Mismatch(message)


def type_name(value) -> str:
    """What a student returned, named as they would write it: "a float", "a list", and for a NumPy
    scalar "a NumPy scalar (numpy.int64)" (a NumPy scalar the student returns crosses the grading
    boundary as a 0-d array, so it is named from that too)."""
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return f"a NumPy scalar (numpy.{value.dtype})"
    name = type(value).__name__
    vowel = name[:1] in ("a", "e", "i", "o", "u") or name == "ndarray"   # "an int", "an ndarray"
    return f"{'an' if vowel else 'a'} {name}"


def _expect_python(value, kind: type, what: str, why: str) -> None:
    if type(value) is not kind:
        raise Mismatch(f"{what} must be a Python {kind.__name__}, got {type_name(value)} ({value!r}): the docstring "
                       f"promises a Python {kind.__name__}: use {kind.__name__}(...) ({why})")


def expect_python_int(value, what: str, why: str) -> None:
    """Fail unless ``value`` is a Python int (not a NumPy integer), for results the docstring promises
    as Python ints; ``why`` says where the NumPy integer came from, e.g. "np.sum returns NumPy integers"."""
    _expect_python(value, int, what, why)


def expect_python_float(value, what: str, why: str) -> None:
    """Fail unless ``value`` is a Python float (not a NumPy float, nor an int), for results the
    docstring promises as Python floats; ``why`` says where the other type came from."""
    _expect_python(value, float, what, why)


def expect_dtype(value, dtype, what: str, fix: str = "") -> None:
    """Fail unless ``value`` is an array (or NumPy scalar) of ``dtype``, for results whose dtype the
    docstring promises whatever the inputs' (float64 from float32 inputs, int64 from int32 ids):
    "<what> has dtype float32: the docstring promises float64 (<fix>)"; a value with no dtype is
    named by its type ("<what> is a list, not an array of float64")."""
    want = np.dtype(dtype)
    have = getattr(value, "dtype", None)
    promise = f"the docstring promises {want}" + (f" ({fix})" if fix else "")
    if not isinstance(have, np.dtype):
        raise Mismatch(f"{what} is {type_name(value)}, not an array of {want}: {promise}")
    if have != want:
        raise Mismatch(f"{what} has dtype {have}: {promise}")


def expect_float64_if_float(got, what: str, fix: str = "") -> None:
    """``expect_dtype(got, float64, ...)`` for a float result only (float32, float16 fail); a result
    that is not a float array (None, ints, bools, anything not numeric) is left to expect_array,
    whose message says more about it."""
    array = np.asarray(got)
    if array.dtype.kind == "f":
        expect_dtype(array, np.float64, what, fix)


def expect_unchanged(call, hint: str = "") -> None:
    """Fail when the student's function changed an argument it was given (in place), or returned
    nothing: ``call`` is ``student.last_call`` right after the call. ``hint`` says how to fix it
    for this function. (Every graded function returns its result: one that changes its inputs and
    returns None is the in-place mistake, not a pure function.)"""
    if call is None:
        raise Mismatch("expect_unchanged: no call of the student's code was made before it")
    if call.value is None:
        raise Mismatch(f"{call.function} returned None: did you forget `return`? It must return its result "
                       "and leave its arguments as they were")
    if call.changed:
        names = ", ".join(f"`{name}`" for name in call.changed)
        fix = hint or "work on copies (e.g. `x = x.copy()`, `dict(state)`) and return new values"
        raise Mismatch(f"{call.function} changed the {names} you passed in: {fix}")


def expect_no_warnings(call, hint: str = "") -> None:
    """Fail when the student's call raised warnings (NumPy's "divide by zero encountered",
    "invalid value encountered in sqrt", "overflow encountered in exp"): ``call`` is
    ``student.last_call`` right after the call; ``hint`` says where such warnings come from in this
    function and how to avoid them (e.g. the branch np.where does not choose is computed too)."""
    if call is None:
        raise Mismatch("expect_no_warnings: no call of the student's code was made before it")
    if call.warnings:
        fix = hint or "avoid computing values you then discard (np.where evaluates both branches)"
        raise Mismatch(f"{call.function} raised {'; '.join(call.warnings)}: {fix}")


def expect_new(call, hint: str = "") -> None:
    """Fail when the student's result is not new where the docstring promises a new value: it is
    (or holds) one of the arguments itself, a view of one (``np.asarray(x)``, slicing, reshape), or
    a read-only array (``np.broadcast_to``). ``call`` is ``student.last_call`` right after the call;
    ``hint`` says how to fix it for this function. (The worker sees this; the grader's copy of the
    result cannot show it.)"""
    if call is None:
        raise Mismatch("expect_new: no call of the student's code was made before it")
    if call.aliases:
        fix = hint or "return a new value (e.g. `list(words)`, `x.copy()`, `dict(d)`), as the docstring asks"
        raise Mismatch(f"{call.function}: {'; '.join(call.aliases)}: {fix}")


def _names_used(source: str) -> set[str]:
    """Every name, attribute and dotted chain (``np.float16``, ``.astype``) the code mentions."""
    import ast
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(f".{node.attr}")
            chain, inner = [node.attr], node.value
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name):
                used.add(".".join([inner.id, *reversed(chain)]))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            used.update(alias.name for alias in node.names)
            if isinstance(node, ast.ImportFrom) and node.module:
                used.add(node.module)
    return used


def expect_not_used(source: str, forbidden: dict[str, str], what: str) -> None:
    """Fail when the student's code (``student.code_of(function)``) uses a shortcut the notebook
    forbids. ``forbidden`` maps what may not appear to the message: a name (``"float16"``), an
    attribute (``".astype"``: any ``x.astype``) or a dotted chain (``"np.float16"``). Read from the
    code's syntax tree, never by running it."""
    used = _names_used(source)
    for pattern, message in forbidden.items():
        if pattern in used:
            raise Mismatch(f"{what}: {message}")
