"""Hidden tests of clip_grad_value (mirrors torch.nn.utils.clip_grad_value_: clamp into [-v, v])."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_new,
    expect_true,
    expect_unchanged,
    type_name,
)

RTOL, ATOL = 0.0, 1e-15


def check(student, grads, v, what):
    got = student.clip_grad_value(grads, v)
    if not isinstance(got, (list, tuple)) or len(got) != len(grads):
        raise Mismatch(f"{what} must return a list of {len(grads)} arrays, got {type(got).__name__}")
    for i, g in enumerate(grads):
        want = np.clip(g, -v, v)
        n = np.linalg.norm(np.concatenate([x.ravel() for x in grads]))
        mistakes = [(np.minimum(g, v), "negative values must be clamped too: clip into [-clip_value, clip_value]"),
                    (np.clip(np.abs(g), 0, v), "the sign is lost: clamp g itself, not |g|"),
                    (g * min(v / (n + 1e-6), 1.0),
                     "the arrays were rescaled by a norm: clip_grad_value clamps each element separately")]
        expect_array(got[i], want, f"{what}, array {i} (shape {g.shape})", rtol=RTOL, atol=ATOL,
                     mistakes=mistakes)


@pytest.mark.points(0.5)
def test_clamps_both_sides(student, reference):
    rng = np.random.default_rng(40)
    grads = [rng.normal(scale=2.0, size=(5, 4)), rng.normal(scale=2.0, size=(6,))]
    check(student, grads, 1.0, "clip_grad_value(grads, 1.0)")
    check(student, grads, 0.25, "clip_grad_value(grads, 0.25)")


@pytest.mark.points(0.5)
def test_inside_values_unchanged_and_shapes(student, reference):
    rng = np.random.default_rng(41)
    grads = [rng.uniform(-0.5, 0.5, size=(3, 2, 2)), np.array(-4.0), rng.normal(scale=5, size=(1, 7))]
    check(student, grads, 0.75, "clip_grad_value([(3, 2, 2), 0-d, (1, 7) arrays], 0.75)")


@pytest.mark.points(0.25)
def test_empty_list_boundary_values_and_dtype(student, reference):
    try:
        got = student.clip_grad_value([], 1.0)
    except StudentCodeError as exc:
        raise Mismatch(f"clip_grad_value([], 1.0) failed ({exc}): no parameters give an empty list") from None
    expect_true(isinstance(got, list) and got == [], f"clip_grad_value([], 1.0) returned {got!r}: expected []")
    grads = [np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]), np.array(1.0)]
    check(student, grads, 1.0, "clip_grad_value(values exactly at -1 and 1, 1.0)")
    g32 = [np.random.default_rng(42).normal(size=(3, 3)).astype(np.float32)]
    got = student.clip_grad_value(g32, 0.5)
    expect_true(isinstance(got, list), f"clip_grad_value of a float32 gradient returned {type_name(got)}: it must "
                                       "return a list of float64 arrays, as the docstring says")
    for i, c in enumerate(got):
        expect_dtype(c, np.float64, f"clip_grad_value(float32 gradient, 0.5), array {i}",
                     "np.clip(np.asarray(g, dtype=np.float64), ...)")
    got = student.clip_grad_value(g32, 10.0)
    expect_true(isinstance(got, list), f"clip_grad_value(float32 gradient, 10.0) returned {got!r}: it must return a "
                                       "list of new float64 arrays, as the docstring says")
    for i, c in enumerate(got):
        expect_dtype(c, np.float64, f"clip_grad_value(float32 gradient, 10.0), array {i}",
                     "no value needs clamping here, but the result must still be new float64 arrays, "
                     "np.clip(np.asarray(g, dtype=np.float64), ...), not the arrays given")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    student.clip_grad_value([np.random.default_rng(43).normal(scale=3.0, size=(4, 3))], 1.0)
    expect_unchanged(student.last_call, "return new arrays (np.clip(g, -v, v)); torch's clip_grad_value_ clamps in "
                                        "place, this function must not (no out=g)")
    student.clip_grad_value([np.array([0.5, -0.25]), np.zeros((2, 2))], 1.0)
    expect_new(student.last_call, "return new arrays also when no value needs clamping (np.clip always makes one), "
                                  "as the docstring says")
    student.clip_grad_value([], 1.0)
    expect_new(student.last_call, "[] gives a new empty list ([] or a list comprehension), not the list you were given")


@pytest.mark.points(0.25)
def test_random_gradient_lists(student, reference):
    rng = np.random.default_rng(44)
    for _ in range(2):
        grads = [rng.normal(scale=float(rng.choice([0.1, 2.0, 100.0])), size=tuple(int(n) for n in
                 rng.integers(1, 5, size=int(rng.integers(0, 4))))) for _ in range(int(rng.integers(1, 4)))]
        v = float(rng.choice([0.01, 0.5, 3.0]))
        check(student, grads, v, f"clip_grad_value({len(grads)} arrays, {v}) (random draw)")
