"""Hidden tests of align_loss (Wang & Isola 2020: (x - y).norm(p=2, dim=1).pow(alpha).mean() on normalised rows)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_true, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _unit(x, clamp=1e-12):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), clamp)


def _mistakes(x, y, alpha):
    fx, fy = _unit(x), _unit(y)
    dist = np.linalg.norm(fx - fy, axis=1)
    return [
        (np.mean(np.sum(np.abs(fx - fy) ** alpha, axis=1)) if alpha != 2 else np.nan,
         f"each coordinate's difference is raised to alpha and summed: take the Euclidean norm |f(x_i) - f(y_i)|_2 "
         f"first, then raise it to alpha (= {alpha:g})"),
        (np.mean(np.linalg.norm(_unit(x, 1e-8) - _unit(y, 1e-8), axis=1) ** alpha),
         "the norms are clamped at 1e-8: the docstring clamps at 1e-12 (max(norm, 1e-12)), so a row of norm "
         "1e-10 is still normalised to length 1"),
        (np.mean(np.linalg.norm(x - y, axis=1) ** alpha),
         "the embeddings are not normalised: divide each row by its L2 norm before taking distances"),
        (np.mean(dist), f"the distance is not raised to the power alpha (= {alpha:g})"),
        (np.mean(dist ** 2) if alpha != 2 else np.nan, f"the distance is always squared: raise it to the power alpha (= {alpha:g})"),
        (np.sum(dist ** alpha), "the distances are summed: take the mean over the N pairs"),
        (np.linalg.norm(fx - fy) ** alpha,
         "this is one norm of the whole (N, d) difference (np.linalg.norm without axis): take the norm of each row, "
         "np.linalg.norm(fx - fy, axis=1), raise each to alpha, then average over the N pairs"),
        (np.mean(np.sqrt(np.maximum(2 - 2 * (fx * fy).sum(1), 0)) ** alpha),
         "the squared distance is computed as 2 - 2 f(x_i).f(y_i), which holds for unit vectors only: a zero row stays 0 after normalisation (distance 1 to a unit vector, not sqrt(2)); compute |f(x_i) - f(y_i)|^2 directly from the differences"),
        (np.mean((fx - fy) ** 2) if alpha == 2 else np.nan,
         "the squared differences are averaged over every element: sum over the embedding dimension, "
         "average over the pairs"),
    ]


@pytest.mark.points(0.75)
def test_matches_wang_isola(student, reference):
    rng = np.random.default_rng(140)
    x = rng.normal(scale=2.0, size=(10, 6))
    y = x + rng.normal(size=(10, 6))
    want = reference.align_loss(x, y, 2.0)
    expect_array(student.align_loss(x, y, 2.0), want, "align_loss(x, y, alpha=2) with x, y of shape (10, 6)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, y, 2.0))


@pytest.mark.points(0.5)
def test_other_alpha_and_scales(student, reference):
    rng = np.random.default_rng(141)
    x = rng.normal(size=(7, 4)) * rng.uniform(0.01, 50.0, size=(7, 1))
    y = rng.normal(size=(7, 4)) * 3.0
    for alpha in (1.0, 3.0, 0.5):
        want = reference.align_loss(x, y, alpha)
        expect_array(student.align_loss(x, y, alpha), want,
                     f"align_loss(x, y, alpha={alpha:g}) with rows of very different norms", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(x, y, alpha))
    expect_array(student.align_loss(x, 4 * x, 2.0), 0.0, "align_loss(x, 4 x, alpha=2)", rtol=0, atol=1e-12)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(142)
    x, y = rng.normal(size=(2, 6, 3))
    got = student.align_loss(x, y, 2.0)
    expect_unchanged(student.last_call, "`x /= norm` normalises the caller's arrays: write fx = x / norm")
    expect_array(got, reference.align_loss(x, y, 2.0), "align_loss(x, y, 2) with (6, 3) inputs", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(x, y, 2.0))


@pytest.mark.points(0.25)
def test_zero_rows_and_default_alpha(student, reference):
    rng = np.random.default_rng(143)
    x, y = rng.normal(size=(2, 5, 4))
    x[1] = 0.0
    y[3] = 0.0
    got = student.align_loss(x, y)
    what = "align_loss(x, y) with a zero row in x and in y, default alpha=2"
    expect_true(got is not None and bool(np.all(np.isfinite(np.asarray(got, dtype=float)))),
                f"{what} is not finite: normalise with max(norm, 1e-12), so that a zero row stays 0 instead of 0 / 0")
    expect_array(got, reference.align_loss(x, y), what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, y, 2.0))
    expect_python_float(got, what, "np.mean returns a NumPy float: wrap the result in float(...)")
    x[2] *= 1e-10           # a norm between 1e-12 and 1e-8: still normalised to length 1
    expect_array(student.align_loss(x, y), reference.align_loss(x, y),
                 "align_loss(x, y) with a row of x of norm ~1e-10", rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, y, 2.0))


@pytest.mark.points(0.25)
def test_random_pairs(student, reference):
    rng = np.random.default_rng(144)
    for case in range(4):
        n, dim = int(rng.integers(1, 20)), int(rng.integers(1, 16))
        x = rng.normal(size=(n, dim)) * 10 ** rng.uniform(-3, 3, size=(n, 1))
        y = rng.normal(size=(n, dim))
        alpha = float(rng.uniform(0.2, 4.0))
        expect_array(student.align_loss(x, y, alpha), reference.align_loss(x, y, alpha),
                     f"align_loss(random x, y of shape ({n}, {dim}), alpha={alpha:.3g}) (case {case})",
                     rtol=1e-9, atol=1e-12, mistakes=_mistakes(x, y, alpha))
