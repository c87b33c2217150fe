"""Hidden tests of clip_grad_norm_per_parameter (clip_grad_norm_ called on each parameter on its own)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-11, 1e-15


def check(student, reference, grads, max_norm, p, what):
    out = student.clip_grad_norm_per_parameter(grads, max_norm, p)
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise Mismatch(f"{what} must return a tuple (list of clipped arrays, norms)")
    clipped, norms = out
    want, want_norms = reference.clip_grad_norm_per_parameter(grads, max_norm, p)
    if not isinstance(clipped, (list, tuple)) or len(clipped) != len(want):
        raise Mismatch(f"{what}: the first element must be a list of {len(want)} arrays")
    total = reference.global_grad_norm(grads, p)
    for i in range(len(want)):
        mistakes = [(grads[i] * min(max_norm / (total + 1e-6), 1.0),
                     "all arrays were clipped with the global norm: here each array is clipped with ITS OWN "
                     "norm, min(max_norm / (norm_i + 1e-6), 1)"),
                    (grads[i] * (max_norm / (want_norms[i] + 1e-6)),
                     "small arrays must not be scaled up: clamp each coefficient at 1")]
        if want_norms[i] == max_norm:
            mistakes.append((np.asarray(grads[i], dtype=np.float64),
                             "an array whose norm equals max_norm must still be scaled by max_norm / (norm_i + 1e-6) "
                             "(slightly below 1), as torch does: no `if norm > max_norm`, use min(coef, 1)"))
        if want_norms[i] > 0:
            mistakes.append((grads[i] * min(max_norm / want_norms[i], 1.0),
                             "the coefficient must be min(max_norm / (norm_i + 1e-6), 1), with torch's 1e-6 in the "
                             "denominator"))
        two = float(np.linalg.norm(np.ravel(grads[i])))
        if p != 2:
            mistakes.append((grads[i] * min(max_norm / (two + 1e-6), 1.0),
                             f"each array is clipped with its 2-norm: use norm_type (here {p:g}) for the norms"))
        expect_array(clipped[i], want[i], f"{what}, clipped array {i} (shape {want[i].shape})",
                     rtol=RTOL, atol=ATOL, mistakes=mistakes)
    clipped_norms = np.array([np.linalg.norm(np.ravel(w), ord=p) for w in want])
    two_norms = np.array([np.linalg.norm(np.ravel(g)) for g in grads])
    expect_array(norms, want_norms, f"{what}, the returned norms", rtol=RTOL, atol=ATOL,
                 mistakes=[(clipped_norms, "return each array's norm BEFORE clipping")]
                 + ([(two_norms, f"the norms are 2-norms: use norm_type (here {p:g})")] if p != 2 else []))


@pytest.mark.points(0.5)
def test_each_array_its_own_norm(student, reference):
    rng = np.random.default_rng(50)
    grads = [rng.normal(scale=10.0, size=(4, 4)), rng.normal(scale=0.05, size=(3,)), rng.normal(size=(2, 5))]
    check(student, reference, grads, 1.0, 2.0, "clip_grad_norm_per_parameter(grads, 1.0)")


@pytest.mark.points(0.5)
def test_other_norms_and_thresholds(student, reference):
    rng = np.random.default_rng(51)
    grads = [rng.normal(scale=3.0, size=(6,)), rng.normal(scale=0.2, size=(2, 3)), np.zeros(3)]
    check(student, reference, grads, 0.5, np.inf, "clip_grad_norm_per_parameter(grads, 0.5, np.inf)")
    check(student, reference, grads, 2.0, 2.0, "clip_grad_norm_per_parameter(grads, 2.0)")
    at = float(np.linalg.norm(grads[1].ravel()))
    check(student, reference, grads, at, 2.0,
          f"clip_grad_norm_per_parameter(grads, max_norm = the norm {at:.6g} of array 1)")


@pytest.mark.points(0.25)
def test_empty_list_defaults_and_dtypes(student, reference):
    try:
        out = student.clip_grad_norm_per_parameter([], 1.0)
    except StudentCodeError as exc:
        raise Mismatch(f"clip_grad_norm_per_parameter([], 1.0) failed ({exc}): no parameters give ([], an empty "
                       "float64 array of norms)") from None
    expect_true(isinstance(out, (tuple, list)) and len(out) == 2 and list(out[0]) == []
                and isinstance(out[1], np.ndarray) and out[1].shape == (0,) and out[1].dtype == np.float64,
                f"clip_grad_norm_per_parameter([], 1.0) returned {out!r}: expected ([], an empty float64 array)")
    rng = np.random.default_rng(52)
    grads = [rng.normal(scale=4.0, size=(3, 2)), rng.normal(scale=0.1, size=5)]
    want, want_norms = reference.clip_grad_norm_per_parameter(grads, 1.0)
    clipped, norms = student.clip_grad_norm_per_parameter(grads, 1.0)
    expect_array(norms, want_norms, "clip_grad_norm_per_parameter(grads, 1.0) with the default norm_type=2: the norms",
                 rtol=RTOL, atol=ATOL)
    expect_dtype(norms, np.float64, "clip_grad_norm_per_parameter(grads, 1.0), the second result (the norms)",
                 "return the norms as a float64 array of shape (P,)")
    check(student, reference, [np.array(3.0)], 1.0, 2.0, "clip_grad_norm_per_parameter([a 0-d array], 1.0)")
    small = [np.array([0.1, -0.2], dtype=np.float32), np.full((2, 2), 0.05, dtype=np.float32)]
    clipped, _ = student.clip_grad_norm_per_parameter(small, 100.0)
    for i, c in enumerate(clipped):
        expect_dtype(c, np.float64, f"clip_grad_norm_per_parameter(float32 gradients, max_norm=100), clipped array {i}",
                     "no array needs clipping here, but each must still be a float64 array, "
                     "np.asarray(g, dtype=np.float64) * coef, not the array given")
    what = "clip_grad_norm_per_parameter([an empty array, [1, -2]], 1.0, norm_type=np.inf)"
    grads = [np.zeros(0), np.array([1.0, -2.0])]
    try:
        clipped, norms = student.clip_grad_norm_per_parameter(grads, 1.0, np.inf)
    except StudentCodeError as exc:
        raise Mismatch(f"{what} failed ({exc}): an array of any shape may be empty; its norm is 0 (np.abs(g).max() "
                       "has no maximum for an empty array: use np.max(np.abs(g), initial=0.0))") from None
    want, want_norms = reference.clip_grad_norm_per_parameter(grads, 1.0, np.inf)
    expect_array(norms, want_norms, f"{what}, the returned norms (an empty array has norm 0)", rtol=RTOL, atol=ATOL)
    for i in range(2):
        expect_array(clipped[i], want[i], f"{what}, clipped array {i}", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(53)
    student.clip_grad_norm_per_parameter([rng.normal(scale=5.0, size=(3, 3)), rng.normal(size=2)], 1.0, 2.0)
    expect_unchanged(student.last_call, "return new arrays, g * coef (never g *= coef)")


@pytest.mark.points(0.25)
def test_random_gradient_lists(student, reference):
    rng = np.random.default_rng(54)
    for _ in range(2):
        grads = [rng.normal(scale=float(rng.choice([0.01, 1.0, 50.0])), size=tuple(int(n) for n in
                 rng.integers(1, 5, size=int(rng.integers(0, 4))))) for _ in range(int(rng.integers(1, 5)))]
        p, max_norm = float(rng.choice([1.0, 2.0, np.inf])), float(rng.choice([0.1, 1.0, 5.0]))
        check(student, reference, grads, max_norm, p,
              f"clip_grad_norm_per_parameter({len(grads)} arrays, {max_norm}, {p}) (random draw)")
