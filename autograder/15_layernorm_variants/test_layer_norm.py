"""Hidden tests of layer_norm (mirrors torch.nn.functional.layer_norm(x, (d,), gamma, beta, eps):
biased variance, eps inside the square root, normalised over the last axis)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_float64_accuracy,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-9, 1e-10


def _ln(x, gamma, beta, eps, *, ddof=0, eps_outside=False, axis=-1, affine=True):
    mu = x.mean(axis=axis, keepdims=True)
    var = ((x - mu) ** 2).sum(axis=axis, keepdims=True) / (x.shape[axis] - ddof)
    x_hat = (x - mu) / (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))
    return x_hat * gamma + beta if affine else x_hat


def _mistakes(x, gamma, beta, eps):
    out = [(_ln(x, gamma, beta, eps, ddof=1), "the variance is the unbiased one (divided by d - 1): "
                                                "LayerNorm uses the biased variance, divided by d (np.var's default ddof=0)"),
           (_ln(x, gamma, beta, eps, eps_outside=True), "eps is added after the square root: "
                                                          "eps is added to the variance inside the square root, sqrt(var + eps)"),
           (_ln(x, gamma, beta, eps, affine=False), "gamma and beta are not applied: y = gamma * x_hat + beta"),
           (_ln(x, gamma, beta, 0.0), "eps is left out: divide by sqrt(var + eps)"),
           (_ln(x, gamma, beta, 1e-5), f"the eps argument (here {eps:g}) is ignored: use the eps you are given")]
    if x.ndim == 2 and x.shape[0] == x.shape[1]:
        out.append((_ln(x, gamma, beta, eps, axis=0), "the statistics are taken over axis 0: "
                                                       "normalise each row over the last axis (the d features)"))
    return out


def _params(rng, d):
    return 1 + 0.5 * rng.normal(size=d), 0.5 * rng.normal(size=d)


@pytest.mark.points(0.25)
def test_matches_torch_layer_norm(student, reference):
    rng = np.random.default_rng(200)
    for shape in [(6, 6), (2, 3, 16), (7,)]:
        x = rng.normal(loc=2.0, scale=3.0, size=shape)
        gamma, beta = _params(rng, shape[-1])
        what = f"layer_norm(x of shape {shape}, gamma, beta, eps=1e-5)"
        expect_array(student.layer_norm(x, gamma, beta, 1e-5), reference.layer_norm(x, gamma, beta, 1e-5), what,
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, gamma, beta, 1e-5))


@pytest.mark.points(0.25)
def test_eps_bert_vs_torch_default(student, reference):
    rng = np.random.default_rng(201)
    x = rng.normal(size=(4, 8))
    x[1] *= 1e-4          # variance 1e-8: eps decides how much this row is scaled
    x[2] = 0.5            # a constant row: output is beta
    gamma, beta = _params(rng, 8)
    for eps in (1e-12, 1e-5, 1e-2):
        what = f"layer_norm(x, gamma, beta, eps={eps:g}) on rows of variance 1, 1e-8 and 0"
        expect_array(student.layer_norm(x, gamma, beta, eps), reference.layer_norm(x, gamma, beta, eps), what,
                     rtol=1e-8, atol=1e-10, mistakes=_mistakes(x, gamma, beta, eps))


@pytest.mark.points(0.25)
def test_stable_for_large_offsets(student, reference):
    rng = np.random.default_rng(202)
    x = 1e8 + rng.normal(size=(5, 12))
    gamma, beta = _params(rng, 12)
    expect_array(student.layer_norm(x, gamma, beta, 1e-5), reference.layer_norm(x, gamma, beta, 1e-5),
                 "layer_norm on rows of mean 1e8 and std 1 (where var = mean(x**2) - mean(x)**2 cancels "
                 "catastrophically: use the mean of (x - mean)**2)", rtol=1e-6, atol=1e-6)


@pytest.mark.points(0.25)
def test_invariant_to_shift_and_scale(student, reference):
    rng = np.random.default_rng(203)
    x = rng.normal(size=(3, 10))
    gamma, beta = _params(rng, 10)
    want = reference.layer_norm(x, gamma, beta, 1e-12)
    expect_array(student.layer_norm(x, gamma, beta, 1e-12), want, "layer_norm(x, gamma, beta, eps=1e-12)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, gamma, beta, 1e-12))
    expect_array(student.layer_norm(7.0 * x - 3.0, gamma, beta, 1e-12), want,
                 "layer_norm(7 * x - 3, ...) (LayerNorm is invariant to shifting and scaling a row)",
                 rtol=1e-8, atol=1e-9)


@pytest.mark.points(0.25)
def test_default_eps_one_feature_and_empty_batch(student, reference):
    rng = np.random.default_rng(204)
    x = rng.normal(size=(4, 5))
    gamma, beta = _params(rng, 5)
    defaults = [(reference.layer_norm(x, gamma, beta, eps), f"the default eps is not 1e-5 (this is eps={eps:g}): "
                 "torch's layer_norm defaults to eps=1e-5 (BERT passes 1e-12 explicitly)") for eps in (1e-12, 1e-6, 1e-8)]
    expect_array(student.layer_norm(x, gamma, beta), reference.layer_norm(x, gamma, beta),
                 "layer_norm(x, gamma, beta) with the default eps=1e-5", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(x, gamma, beta, 1e-5) + defaults)
    x1 = rng.normal(size=(3, 1))
    g1, b1 = _params(rng, 1)
    expect_array(student.layer_norm(x1, g1, b1, 1e-5), reference.layer_norm(x1, g1, b1, 1e-5),
                 "layer_norm with d=1 feature (each row minus its mean is 0: the output is beta)", rtol=RTOL, atol=ATOL)
    expect_array(student.layer_norm(np.zeros((3, 5)), gamma, beta, 1e-5), np.tile(beta, (3, 1)),
                 "layer_norm of all-zero rows (variance 0: the output is beta, never nan)", rtol=RTOL, atol=ATOL)
    what = "layer_norm of an empty batch, x of shape (0, 5) (the result is an empty (0, 5) array)"
    try:
        got = student.layer_norm(np.zeros((0, 5)), gamma, beta, 1e-5)
    except StudentCodeError as exc:
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    expect_array(got, np.zeros((0, 5)), what, rtol=RTOL, atol=ATOL)
    got = student.layer_norm(np.zeros((0, 5), dtype=np.float32), gamma, beta, 1e-5)
    expect_true(isinstance(got, np.ndarray) and got.shape == (0, 5) and got.dtype == np.float64,
                f"layer_norm of an empty float32 batch, x of shape (0, 5), returned "
                f"{getattr(got, 'dtype', type(got).__name__)} of shape {np.shape(got)}: the docstring promises a "
                "float64 array of shape (0, 5), also for an empty batch (np.asarray(x, dtype=np.float64) before any "
                "special case)")


@pytest.mark.points(0.25)
def test_float64_result(student, reference):
    rng = np.random.default_rng(205)
    x = rng.normal(loc=3.0, size=(4, 6)).astype(np.float32)
    gamma, beta = _params(rng, 6)
    got = student.layer_norm(x, gamma.astype(np.float32), beta.astype(np.float32), 1e-5)
    expect_dtype(got, np.float64, "layer_norm of a float32 x", "np.asarray(x, dtype=np.float64) first")
    want = reference.layer_norm(x, gamma.astype(np.float32), beta.astype(np.float32), 1e-5)
    expect_float64_accuracy(got, want, "layer_norm of a float32 x",
                            "convert x to float64 first (np.asarray(x, dtype=np.float64))", rtol=RTOL, atol=ATOL)
    expect_array(got, want, "layer_norm of a float32 x", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(206)
    x = rng.normal(size=(3, 4))
    gamma, beta = _params(rng, 4)
    student.layer_norm(x, gamma, beta, 1e-5)
    expect_unchanged(student.last_call, "centre and scale into new arrays (x - mu, not x -= mu)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(207)
    for loc in (0.0, 5.0, 1e7):                          # the last: rows far from 0 (no cancellation allowed)
        shape = tuple(int(n) for n in rng.integers(2, 6, size=int(rng.integers(1, 4))))
        x = loc + rng.normal(scale=float(rng.choice([0.5, 1.0, 50.0])), size=shape)
        gamma, beta = _params(rng, shape[-1])
        eps = float(rng.choice([1e-12, 1e-5, 1e-2]))
        tol = 1e-8 if loc < 1e3 else 1e-6
        expect_array(student.layer_norm(x, gamma, beta, eps), reference.layer_norm(x, gamma, beta, eps),
                     f"layer_norm(x of shape {shape} with values around {loc:g}, gamma, beta, eps={eps:g}) (random draw)",
                     rtol=tol, atol=tol, mistakes=_mistakes(x, gamma, beta, eps))
