"""What the tests of encoder_params and encoder_flops share: calling the student's count and
naming a known mistake whose count it equals."""
import numpy as np

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch


def student_count(call, what: str):
    """The student's count, a NumPy scalar or 0-d array taken as its Python value; a failure of the
    student's code on an all-identity or empty architecture gets a hint."""
    try:
        got = call()
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise Mismatch(f"{what}: your code failed ({exc}); an architecture may be all identity or empty (L = 0): "
                       "then there is no sub-layer and no transformation") from None
    if isinstance(got, (np.integer, np.floating)) or (isinstance(got, np.ndarray) and got.ndim == 0):
        got = got.item()
    if not isinstance(got, (int, float)):
        raise Mismatch(f"{what} returned a {type(got).__name__}; return a Python int")
    return got


def expect_named_count(got, want, what: str, hints: list[tuple[int, str]]) -> None:
    """Fail naming the known mistake (``hints``: [(its count, what to fix)]) whose count ``got`` equals,
    and a second one when two give the same count here; return when none does."""
    named = [message for value, message in hints if got == value and value != want]
    if named:
        others = [m for m in named[1:] if m != named[0]]
        also = f" (or, which gives the same count here: {others[0]})" if others else ""
        raise Mismatch(f"{what}: {named[0]}{also} (got {got:,}, expected {want:,})")
