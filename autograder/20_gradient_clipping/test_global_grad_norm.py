"""Hidden tests of global_grad_norm (mirrors the total_norm of torch.nn.utils.clip_grad_norm_)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_python_float, expect_true, expect_unchanged

RTOL, ATOL = 1e-12, 1e-14


def _grads(seed, shapes=((4, 5), (5,), (2, 3, 2)), scale=1.0):
    rng = np.random.default_rng(seed)
    return [rng.normal(scale=scale, size=s) for s in shapes]


def _mistakes(grads, p):
    per = np.array([np.linalg.norm(g.ravel(), ord=2) for g in grads])
    flat = np.concatenate([g.ravel() for g in grads])
    out = [(per.sum(), "this is the sum of the per-parameter norms: the global norm is the norm of ALL "
                       "values together, sqrt(sum of every squared value), not the sum of the norms"),
           (float(flat @ flat), "this is the squared norm: take the square root of the sum of squares"),
           (per.mean(), "this is the mean of the per-parameter norms: the global norm is the norm of ALL "
                        "values together")]
    if p != 2.0:
        out.append((np.linalg.norm(flat), f"this is the 2-norm: use norm_type={p} as the order of the norm"))
    if p not in (2.0, np.inf):
        with np.errstate(invalid="ignore"):
            signed = np.sum(flat ** p) ** (1.0 / p)                   # negative entries raised to p, no |.|
        out.append((signed, f"the entries were raised to the power {p} without the absolute value: the p-norm is "
                            "(sum of |g| ** p) ** (1/p); negative entries count by their size"))
    if p == np.inf:
        out.append((flat.max(), "the inf-norm is the largest ABSOLUTE value: take np.abs before the max"))
        out.append((1.0, "with norm_type=inf, (sum |g| ** p) ** (1/p) gives inf ** 0 = 1: treat p = inf on its own, "
                         "as the largest absolute value over all arrays"))
    if any(g.ndim == 2 for g in grads) and p in (1.0, 2.0, np.inf):
        matrix = [np.linalg.norm(g, ord=p) if g.ndim == 2 else np.linalg.norm(g.ravel(), ord=p) for g in grads]
        out.append((np.linalg.norm(matrix, ord=p), "np.linalg.norm(g, ord=p) of a 2-D array is a matrix norm (for "
                    "ord=2 its largest singular value), not the vector p-norm: flatten each array first "
                    "(np.linalg.norm(g.ravel(), ord=p))"))
    return out


@pytest.mark.points(0.5)
def test_l2_matches_reference(student, reference):
    for seed, shapes in [(0, ((4, 5), (5,), (2, 3, 2))), (1, ((7,),)), (2, ((3, 3), (), (1, 6)))]:
        grads = _grads(seed, shapes)
        want = reference.global_grad_norm(grads, 2.0)
        got = student.global_grad_norm(grads, 2.0)
        expect_true(np.ndim(got) == 0, f"global_grad_norm returns one number, got shape {np.shape(got)}")
        expect_array(got, want, f"global_grad_norm(grads, 2.0) with shapes {list(shapes)}",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(grads, 2.0))
    grads = _grads(3)
    expect_array(student.global_grad_norm(grads), reference.global_grad_norm(grads),
                 "global_grad_norm(grads) with the default norm_type", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(grads, 2.0))


@pytest.mark.points(0.5)
def test_inf_norm(student, reference):
    grads = _grads(10, ((3, 4), (6,)))
    grads[1][2] = -25.0   # the largest absolute value is negative
    want = reference.global_grad_norm(grads, np.inf)
    expect_array(student.global_grad_norm(grads, np.inf), want,
                 "global_grad_norm(grads, np.inf) with a largest absolute value of -25",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(grads, np.inf))
    grads = _grads(11, ((2, 2), (5,), (1,)), scale=3.0)
    expect_array(student.global_grad_norm(grads, float("inf")), reference.global_grad_norm(grads, np.inf),
                 "global_grad_norm(grads, float('inf'))", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(grads, np.inf))


@pytest.mark.points(0.5)
def test_other_orders_and_zeros(student, reference):
    grads = _grads(20, ((5, 3), (4,)))
    for p in (1.0, 3.0):
        expect_array(student.global_grad_norm(grads, p), reference.global_grad_norm(grads, p),
                     f"global_grad_norm(grads, {p})", rtol=RTOL, atol=ATOL, mistakes=_mistakes(grads, p))
    tiny = _grads(21, ((10, 10), (10,)), scale=1e-8)
    expect_array(student.global_grad_norm(tiny, 2.0), reference.global_grad_norm(tiny, 2.0),
                 "global_grad_norm(grads) with values near 1e-8", rtol=RTOL, atol=0,
                 mistakes=_mistakes(tiny, 2.0))
    zeros = [np.zeros((3, 2)), np.zeros(4)]
    expect_array(student.global_grad_norm(zeros, 2.0), 0.0, "global_grad_norm of all-zero gradients",
                 rtol=0, atol=1e-300)


@pytest.mark.points(0.5)
def test_empty_list_integer_arrays_and_empty_arrays(student, reference):
    for p in (2.0, np.inf, 1.0):
        what = f"global_grad_norm([], {p}) (no parameters: the norm is 0.0)"
        try:
            got = student.global_grad_norm([], p)
        except StudentCodeError as exc:
            raise Mismatch(f"{what}: your code failed ({exc}); the docstring allows an empty list") from None
        expect_array(got, 0.0, what, rtol=0, atol=0)
    ints = [np.array([[3, -4], [0, 12]]), np.array([5])]
    expect_array(student.global_grad_norm(ints, 2), reference.global_grad_norm(ints, 2),
                 "global_grad_norm of integer arrays with norm_type=2 (an int)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(ints, 2.0))
    small = [np.array([100, -120, 90], dtype=np.int8), np.array([[-128, 60]], dtype=np.int8)]
    with np.errstate(invalid="ignore"):
        wrapped = float(np.sqrt(sum(int(np.sum(g * g)) for g in small)))     # squares wrapped around in int8
    expect_array(student.global_grad_norm(small, 2.0), reference.global_grad_norm(small, 2.0),
                 "global_grad_norm of int8 arrays, norm_type=2.0", rtol=RTOL, atol=ATOL,
                 mistakes=[(wrapped, "the int8 values were squared in int8 and overflowed: convert every array to "
                                     "float64 first (np.asarray(g, dtype=np.float64))")] + _mistakes(small, 2.0))
    grads = [np.zeros(0), np.array([1.0, -2.0]), np.zeros((0, 3))]
    for p, want in [(2.0, np.sqrt(5.0)), (np.inf, 2.0), (1.0, 3.0)]:
        what = f"global_grad_norm with empty arrays among the gradients, norm_type={p} (they add nothing)"
        try:
            got = student.global_grad_norm(grads, p)
        except StudentCodeError as exc:
            raise Mismatch(f"{what}: your code failed ({exc}); an empty array has no maximum of its own: skip "
                           "empty arrays, or take the max of the per-array norms of the non-empty ones") from None
        expect_array(got, want, what, rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.25)
def test_returns_a_python_float(student, reference):
    for p in (2.0, np.inf):
        got = student.global_grad_norm(_grads(12), p)
        expect_python_float(got, f"global_grad_norm(grads, {p})", "np.linalg.norm and NumPy sums return NumPy floats")
    got = student.global_grad_norm([], 2.0)
    expect_python_float(got, "global_grad_norm([])", "return 0.0 for [], not the int 0")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    for p in (2.0, np.inf):
        student.global_grad_norm(_grads(13, scale=2.0), p)
        expect_unchanged(student.last_call, "read the gradients without writing into them (np.abs(g), not "
                                            "np.abs(g, out=g); g ** 2, not g **= 2)")


@pytest.mark.points(0.5)
def test_random_gradient_lists(student, reference):
    rng = np.random.default_rng(14)
    for _ in range(4):
        shapes = [tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 4)))) for _ in range(int(rng.integers(1, 5)))]
        grads = _grads(int(rng.integers(1 << 30)), shapes, scale=float(rng.choice([1e-6, 1.0, 1e4])))
        p = float(rng.choice([1.0, 2.0, 3.5, np.inf]))
        expect_array(student.global_grad_norm(grads, p), reference.global_grad_norm(grads, p),
                     f"global_grad_norm(grads with shapes {shapes}, {p}) (random draw)", rtol=1e-11, atol=0,
                     mistakes=_mistakes(grads, p))
