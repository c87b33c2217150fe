"""What of a call's result is not new: a part that is one of the call's arguments (the same list,
dict or array), an array that shares memory with an argument (a view of it), or a read-only
array (``np.broadcast_to``'s view). Results cross the grading boundary as copies, so the grader
cannot see this itself: the worker reports it with each call (``aliases``), the grader names the
arguments (``describe``), and a hidden test checks it where a docstring promises a new value
(``coursekit.expect.expect_new``).

A report is a list of at most MAX_REPORTED ``[where in the result, how, argument, where in the
argument]``: ``["['params']", "is", "0", ""]``, ``["", "shares memory with", "w", ""]``,
``["", "read-only", "", ""]``; the argument is a position ("0") or a keyword's name. Only
plain containers are walked (exact list, tuple and dict, and ndarray), at most MAX_NODES values
on each side, so no student code runs here and a huge result costs little.
NumPy only: the otter export loads this file as it is.
"""
from __future__ import annotations

import numpy as np

MAX_NODES = 2000
MAX_REPORTED = 5
MAX_WORK = 10_000  # np.shares_memory's bound on an exact answer; beyond it, "may share" counts as sharing
HOW = ("is", "shares memory with", "read-only")


def _parts(value, named: bool = True) -> list[tuple[str, object]]:
    """``(path, object)`` for ``value`` and the lists, dicts and arrays inside it, outermost first,
    at most MAX_NODES (paths like ``['params'][0]``; all "" when not ``named``: the quick pass)."""
    found: list[tuple[str, object]] = []
    stack: list[tuple[str, object]] = [("", value)]
    seen = 0
    while stack and seen < MAX_NODES:
        where, item = stack.pop()
        seen += 1
        if type(item) is np.ndarray:
            found.append((where, item))
        elif type(item) is list or type(item) is tuple:
            if type(item) is list:
                found.append((where, item))
            inner = list(enumerate(item[:MAX_NODES]))
            stack.extend((f"{where}[{i}]" if named else "", v) for i, v in reversed(inner))
        elif type(item) is dict:
            found.append((where, item))
            pairs = list(item.items())[:MAX_NODES]
            stack.extend((f"{where}[{k!r:.40}]" if named else "", v) for k, v in reversed(pairs))
    return found


def _root(array: np.ndarray):
    """The array (or other buffer) at the end of ``array``'s chain of ``.base`` arrays."""
    while type(array) is np.ndarray and array.base is not None:
        array = array.base
    return array


def _shares(a: np.ndarray, b: np.ndarray) -> bool:
    if a.size == 0 or b.size == 0 or not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=MAX_WORK))  # type: ignore[arg-type]  # (stubs: -1 or 0 only)
    except np.exceptions.TooHardError:  # numpy >= 1.25, as pyproject.toml requires
        return True


def aliases(value, args: list, kwargs: dict) -> list[list[str]]:
    """What of ``value`` (a call's result) is an argument, a view of one, or read-only; [] when the
    report cannot be made (a student's dict key whose ``__repr__`` fails): the report is left out,
    never the call."""
    try:
        return _aliases(value, args, kwargs)
    except Exception:
        return []


def _aliases(value, args: list, kwargs: dict) -> list[list[str]]:
    kind = type(value)
    if kind is not np.ndarray and kind is not list and kind is not tuple and kind is not dict:
        return []  # numbers, strings, None: nothing to share
    given = [(str(i), a) for i, a in enumerate(args)] + [(str(k), v) for k, v in kwargs.items()]
    owned, roots = set(), set()   # ids of the arguments' parts, and of their arrays' roots
    for _, argument in given:
        for _, part in _parts(argument, named=False):
            owned.add(id(part))
            if type(part) is np.ndarray:
                roots.add(id(_root(part)))   # a view of an argument ends its chain of bases at one of these

    def suspect(part) -> bool:
        if id(part) in owned:
            return True
        if type(part) is not np.ndarray:
            return False
        if part.base is None:   # a new array owns its memory
            return not part.flags.writeable
        # a view: its chain of bases ends at an argument's root, or at a buffer that is not an
        # array (e.g. as_strided's), where only np.may_share_memory can tell
        root = _root(part)
        return id(root) in roots or type(root) is not np.ndarray or not part.flags.writeable
    if not any(suspect(part) for _, part in _parts(value, named=False)):
        return []   # the common case, without a single path made
    owners: dict[int, tuple[str, str]] = {}   # id of an argument's part -> (argument, where in it)
    arrays: list[tuple[str, str, np.ndarray]] = []
    for name, argument in given:
        for where, part in _parts(argument):
            owners.setdefault(id(part), (name, where))
            if type(part) is np.ndarray:
                arrays.append((name, where, part))
    report: list[list[str]] = []
    inside: list[str] = []   # parts already reported: what is inside them is not reported again
    for where, part in _parts(value):
        if len(report) >= MAX_REPORTED:
            break
        if any(where.startswith(outer + "[") for outer in inside):
            continue
        if id(part) in owners:
            report.append([where, "is", *owners[id(part)]])
            inside.append(where)
            continue
        if type(part) is np.ndarray and suspect(part):
            shared = next(((n, w) for n, w, a in arrays if _shares(part, a)), None)
            if shared is not None:
                report.append([where, "shares memory with", *shared])
            if not part.flags.writeable:
                report.append([where, "read-only", "", ""])
    return report[:MAX_REPORTED]


Report = tuple[tuple[str, str, str, str], ...]


def checked(report) -> Report:
    """A worker's report as it may be trusted: well-formed entries only, at most MAX_REPORTED,
    each string at most 120 characters (anything else the worker sent is left out)."""
    if type(report) is not list:
        return ()
    return tuple(tuple(s[:120] for s in entry) for entry in report[:MAX_REPORTED]
                 if type(entry) is list and len(entry) == 4 and all(type(s) is str for s in entry)
                 and entry[1] in HOW)


def describe(report: Report, parameter_names: list[str]) -> tuple[str, ...]:
    """A checked report as sentences, the arguments named after the function's parameters
    (``parameter_names``, by position)."""
    sentences = []
    for where, how, argument, inner in report:
        result = f"the result{where}"
        if how == "read-only":
            sentences.append(f"{result} is a read-only array (a view such as np.broadcast_to's: writing into it "
                             "fails)")
            continue
        name = argument
        if argument.isdigit():
            index = int(argument)
            name = parameter_names[index] if index < len(parameter_names) else f"argument {index + 1}"
        if how == "is":
            sentences.append(f"{result} is the `{name}{inner}` you passed in, not a new object")
        else:
            sentences.append(f"{result} shares memory with the `{name}{inner}` you passed in (a view of it, "
                             "not a copy)")
    return tuple(sentences)
