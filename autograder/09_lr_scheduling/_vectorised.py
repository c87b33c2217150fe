"""Shared checks of the schedule tests: the notebook asks that every schedule be computed on the whole array of
steps ("no Python loops over the steps"); this finds loops in the student's function by its syntax tree. It also
asks that the branch np.where does not choose produce no warnings (expect_quiet)."""
import ast

import numpy as np

from coursekit.expect import expect_array, expect_dtype, expect_no_warnings, expect_true, expect_unchanged

LOOPS = {ast.For: "a for loop", ast.AsyncFor: "a for loop", ast.While: "a while loop",
         ast.ListComp: "a list comprehension", ast.GeneratorExp: "a generator expression",
         ast.SetComp: "a set comprehension", ast.DictComp: "a dict comprehension"}


QUIET = ("np.where computes both branches for every step, so the branch a step does not use must not produce "
         "warnings or nan either (section 3): guard it, e.g. t / max(1, w), clip the base of a fractional power "
         "at 0, and keep the argument of a square root >= 0")


ZERO_D = ("a 0-d steps must give a 0-d result (the shape of steps, here ()): np.atleast_1d, reshape(-1) or "
          "np.array([steps]) add an axis")


def zero_d_mistakes(want):
    """The known mistake of a 0-d steps: a result of shape (1,)."""
    return [(np.reshape(want, 1), ZERO_D)] if np.ndim(want) == 0 else []


def expect_quiet(student):
    """The student's last call raised no warnings (NumPy's divide by zero, invalid value, ...)."""
    expect_no_warnings(student.last_call, QUIET)


def loops_in(source: str) -> list[str]:
    """The loops (and np.vectorize / map / np.frompyfunc calls) in the code, by kind."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = []
    for node in ast.walk(tree):
        if type(node) in LOOPS:
            found.append(LOOPS[type(node)])
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("vectorize", "frompyfunc", "map"):
                found.append(f"{name}(...)")
    return found


def expect_vectorised_and_pure(student, reference, function, args, what, rtol=1e-12, atol=1e-15, mistakes=()):
    """No loop over the steps in the student's function, its arguments left alone, and the right values."""
    found = loops_in(student.code_of(function))
    expect_true(not found, f"{function} uses {found[0] if found else ''}: every schedule takes an ARRAY of steps "
                           "and must be computed on the whole array at once (np.where, np.maximum, np.clip), without "
                           "a Python loop over the steps (the notebook's rule)")
    got = getattr(student, function)(*args)
    expect_unchanged(student.last_call, "`steps[steps > T] = T` or np.clip(..., out=steps) write into the caller's "
                                        "array: compute on a copy (t = np.asarray(steps, dtype=np.float64) makes one "
                                        "for int steps) or with np.clip / np.where, which return new arrays")
    expect_array(got, getattr(reference, function)(*args), what, rtol=rtol, atol=atol, mistakes=mistakes)


def expect_float64(got, what):
    expect_true(not isinstance(got, (float, int)), f"{what} returned the Python {type(got).__name__} {got!r}: the "
                                                   "docstring promises a float64 array of the shape of steps, a 0-d "
                                                   "array for 0-d steps (do not convert it with float(...))")
    expect_dtype(np.asarray(got) if got is not None else got, np.float64, what,   # a list of floats passes, as before
                 "int steps in, float64 multipliers out: np.ones_like(steps) would be ints")
