"""Hidden tests of clip_grad_norm (mirrors torch.nn.utils.clip_grad_norm_: one coefficient
min(max_norm / (total_norm + 1e-6), 1) for every parameter; returns the norm before clipping).

Graded on its own: all tests but one answer the student's calls of global_grad_norm with the reference, so a wrong
global_grad_norm costs its own points; test_with_your_global_grad_norm checks the two together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-11, 1e-15


def _grads(seed, shapes=((4, 5), (5,), (2, 3, 2)), scale=1.0):
    rng = np.random.default_rng(seed)
    return [rng.normal(scale=scale, size=s) for s in shapes]


def _unpack(out, what):
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise Mismatch(f"{what} must return a tuple (list of clipped arrays, total_norm), "
                       f"got a {type(out).__name__}")
    clipped, total = out
    if not isinstance(clipped, (list, tuple)):
        raise Mismatch(f"{what}: the first element must be a list of arrays, got a {type(clipped).__name__}")
    return list(clipped), total


def _mistakes(grads, max_norm, p, reference):
    """Per-array values that known mistakes produce, and the total norms they return."""
    total = reference.global_grad_norm(grads, p)
    per = [np.linalg.norm(g.ravel(), ord=p) for g in grads]
    arrays = [
        ([g * (max_norm / total) for g in grads] if total > 0 else None,
         "the coefficient must be max_norm / (total_norm + 1e-6), with torch's 1e-6 in the denominator"),
        ([g * (max_norm / (total + 1e-6)) for g in grads],
         "small gradients must never be scaled UP: clamp the coefficient at 1 (min(coef, 1))"),
        ([g * min(max_norm / (n + 1e-6), 1.0) for g, n in zip(grads, per)],
         "each array was clipped with its own norm: use ONE coefficient, from the global norm of all "
         "arrays, for every array (that is what keeps the direction)"),
    ]
    if p != 2.0:
        t2 = reference.global_grad_norm(grads, 2.0)
        arrays.append(([g * min(max_norm / (t2 + 1e-6), 1.0) for g in grads],
                       f"the coefficient uses the 2-norm: compute the total norm with norm_type={p}"))
    clipped_total = reference.global_grad_norm([g * min(max_norm / (total + 1e-6), 1.0) for g in grads], p)
    if 0 < max_norm / (total + 1e-6) < 1 <= max_norm / total:
        arrays.insert(0, ([np.asarray(g, dtype=float) for g in grads],
                          "total_norm equals max_norm and nothing was scaled: torch clips whenever max_norm / "
                          "(total_norm + 1e-6) < 1, i.e. also at total_norm == max_norm (no `if total > max_norm`)"))
    totals = [(clipped_total, "return the total norm of the gradients BEFORE clipping, not after")]
    return [(a, m) for a, m in arrays if a is not None], totals


def check(student, reference, grads, max_norm, p, what, own=False):
    student = student if own else student.with_reference("global_grad_norm")
    out = student.clip_grad_norm(grads, max_norm, p)
    clipped, total = _unpack(out, what)
    want, want_total = reference.clip_grad_norm(grads, max_norm, p)
    array_mistakes, total_mistakes = _mistakes(grads, max_norm, p, reference)
    if len(clipped) != len(want):
        raise Mismatch(f"{what} returned {len(clipped)} arrays for {len(want)} gradients")
    for i in range(len(want)):
        expect_array(clipped[i], want[i], f"{what}, clipped array {i} (shape {want[i].shape})",
                     rtol=RTOL, atol=ATOL,
                     mistakes=[(vals[i], message) for vals, message in array_mistakes])
    expect_array(total, want_total, f"{what}, the returned total_norm", rtol=RTOL, atol=ATOL,
                 mistakes=total_mistakes)


@pytest.mark.points(0.5)
def test_clips_a_long_gradient(student, reference):
    grads = _grads(30, scale=3.0)           # global norm about 20
    check(student, reference, grads, 1.0, 2.0, "clip_grad_norm(grads, max_norm=1.0) with global norm ~20")
    grads = _grads(31, ((6, 2), (3,)), scale=5.0)
    check(student, reference, grads, 2.5, 2.0, "clip_grad_norm(grads, max_norm=2.5)")


@pytest.mark.points(0.5)
def test_short_gradient_unchanged(student, reference):
    grads = _grads(32, ((3, 3), (4,)), scale=0.1)   # global norm about 0.4
    check(student, reference, grads, 1.0, 2.0, "clip_grad_norm(grads, max_norm=1.0) with global norm ~0.4")
    grads = _grads(33, ((5,), (2, 2)), scale=4.0)   # and a long one in the same test
    check(student, reference, grads, 1.0, 2.0, "clip_grad_norm(grads, max_norm=1.0) with global norm ~10")


@pytest.mark.points(0.5)
def test_inf_and_one_norms(student, reference):
    grads = _grads(34, ((4, 4), (3,)), scale=2.0)
    grads[0][1, 2] = -7.0   # each array's largest absolute value is negative
    grads[1][0] = -9.0
    check(student, reference, grads, 1.5, np.inf, "clip_grad_norm(grads, 1.5, norm_type=np.inf)")
    check(student, reference, grads, 3.0, 1.0, "clip_grad_norm(grads, 3.0, norm_type=1.0)")


@pytest.mark.points(0.5)
def test_zero_gradients_and_odd_shapes(student, reference):
    zeros = [np.zeros((2, 3)), np.zeros(5)]
    check(student, reference, zeros, 1.0, 2.0, "clip_grad_norm(all-zero gradients, 1.0)")
    grads = [np.array(7.0), np.random.default_rng(35).normal(size=(2, 1, 3))]   # a 0-d array too
    check(student, reference, grads, 0.5, 2.0, "clip_grad_norm([0-d array, (2, 1, 3) array], 0.5)")


@pytest.mark.points(0.5)
def test_empty_list_norm_at_the_threshold_defaults_and_dtype(student, reference):
    code = student.with_reference("global_grad_norm")
    what = "clip_grad_norm([], 1.0) (no parameters: ([], 0.0))"
    try:
        clipped, total = _unpack(code.clip_grad_norm([], 1.0), what)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc}); the docstring allows an empty list") from None
    expect_true(clipped == [] and total == 0.0, f"{what} returned ({clipped}, {total})")
    grads = _grads(36, ((3, 2), (4,)))
    at = reference.global_grad_norm(grads, 2.0)
    check(student, reference, grads, at, 2.0, f"clip_grad_norm(grads, max_norm = their own norm {at:.6g}) (torch "
                                                "still scales by max_norm / (total_norm + 1e-6))")
    want, want_total = reference.clip_grad_norm(grads, 0.5)
    clipped, total = _unpack(code.clip_grad_norm(grads, 0.5), "clip_grad_norm(grads, 0.5)")
    for i in range(len(want)):
        expect_array(clipped[i], want[i], f"clip_grad_norm(grads, 0.5) with the default norm_type=2, array {i}",
                     rtol=RTOL, atol=ATOL)
    clipped, total = _unpack(code.clip_grad_norm([g.astype(np.float32) for g in grads], 0.5), "clip_grad_norm")
    for i, c in enumerate(clipped):
        expect_dtype(c, np.float64, f"clip_grad_norm(float32 gradients, 0.5), clipped array {i}",
                     "np.asarray(g, dtype=np.float64) * coef")
    expect_true(type(total) is float,
                "clip_grad_norm of float32 gradients must return a Python float total_norm, as the docstring says "
                "(float(total))")
    clipped, total = _unpack(code.clip_grad_norm([g.astype(np.float32) for g in grads], 1000.0), "clip_grad_norm")
    for i, c in enumerate(clipped):
        expect_dtype(c, np.float64, f"clip_grad_norm(float32 gradients, max_norm=1000), clipped array {i}",
                     "nothing needs clipping here, but the result must still be new float64 arrays, "
                     "np.asarray(g, dtype=np.float64) * coef, not the arrays given")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    student.with_reference("global_grad_norm").clip_grad_norm(_grads(37, scale=3.0), 1.0, 2.0)
    expect_unchanged(student.last_call, "return new arrays, g * coef; torch's clip_grad_norm_ works in place, this "
                                        "function must not (never g *= coef)")


@pytest.mark.points(0.5)
def test_random_gradient_lists(student, reference):
    rng = np.random.default_rng(38)
    for _ in range(3):
        shapes = [tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 4)))) for _ in range(int(rng.integers(1, 5)))]
        grads = _grads(int(rng.integers(1 << 30)), shapes, scale=float(rng.choice([1e-3, 1.0, 30.0])))
        p, max_norm = float(rng.choice([1.0, 2.0, np.inf])), float(rng.choice([0.1, 1.0, 5.0]))
        check(student, reference, grads, max_norm, p,
              f"clip_grad_norm(grads with shapes {shapes}, {max_norm}, {p}) (random draw)")


@pytest.mark.points(0.5)
def test_with_your_global_grad_norm(student, reference):
    grads = _grads(39, scale=3.0)
    check(student, reference, grads, 1.0, 2.0, "clip_grad_norm(grads, 1.0) with your own global_grad_norm (if its own "
                                               "tests fail, fix it first)", own=True)
