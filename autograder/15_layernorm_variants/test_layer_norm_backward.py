"""Hidden tests of layer_norm_backward (mirrors the gradients torch.autograd computes for
torch.nn.functional.layer_norm: x.grad, weight.grad, bias.grad)."""
import numpy as np
import pytest

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_float64_accuracy,
    expect_unchanged,
)

RTOL, ATOL = 1e-9, 1e-11


def _stats(x, eps):
    mu = x.mean(axis=-1, keepdims=True)
    inv_std = 1 / np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + eps)
    return (x - mu) * inv_std, inv_std


def _dx_mistakes(dy, x, gamma, eps):
    x_hat, inv_std = _stats(x, eps)
    g = dy * gamma
    no_gamma = inv_std * (dy - dy.mean(-1, keepdims=True) - x_hat * (dy * x_hat).mean(-1, keepdims=True))
    x_hat0, inv_std0 = _stats(x, 0.0)
    no_eps = inv_std0 * (g - g.mean(-1, keepdims=True) - x_hat0 * (g * x_hat0).mean(-1, keepdims=True))
    return [
        (g * inv_std, "dx = dy * gamma / std treats the mean and variance as constants: the mean and variance "
                      "depend on x, subtract mean(g_hat) and x_hat * mean(g_hat * x_hat)"),
        (inv_std * (g - g.mean(-1, keepdims=True)),
         "dx misses the variance term: the mean and variance depend on x, also subtract x_hat * mean(g_hat * x_hat)"),
        (inv_std * (g - x_hat * (g * x_hat).mean(-1, keepdims=True)),
         "dx misses the mean term: the mean and variance depend on x, also subtract mean(g_hat)"),
        (no_gamma, "dx ignores gamma: the gradient reaching x_hat is g_hat = dy * gamma"),
        (no_eps, "eps is left out of the backward pass: std = sqrt(var + eps)"),
    ] + ([] if eps == 1e-5 else [(_default_eps_dx(g, x), f"the eps argument (here {eps:g}) is ignored (the default "
                                                         "1e-5 is used): std = sqrt(var + eps) with the eps you are given")])


def _default_eps_dx(g, x):
    x_hat, inv_std = _stats(x, 1e-5)
    return inv_std * (g - g.mean(-1, keepdims=True) - x_hat * (g * x_hat).mean(-1, keepdims=True))


def _param_mistakes(dy, x, eps, which):
    x_hat, _ = _stats(x, eps)
    lead = tuple(range(x.ndim - 1))
    if which == "dgamma":
        return [((dy * x).sum(axis=lead), "dgamma is the sum of dy * x_hat over the tokens (the normalised x, "
                                          "not the raw x)"),
                (dy.sum(axis=lead), "dgamma is the sum of dy * x_hat over the tokens, not the sum of dy")]
    return [((dy * x_hat).sum(axis=lead), "dbeta is the sum of dy over the tokens (that is dgamma)")]


def _check(got, dy, x, gamma, eps, what, reference, extra=()):
    if not isinstance(got, dict) or not {"dx", "dgamma", "dbeta"} <= set(got):
        raise Mismatch(f"{what} must return a dict with the keys 'dx', 'dgamma' and 'dbeta'")
    want = reference.layer_norm_backward(dy, x, gamma, eps)
    # dx is a difference of terms of size s * |dy * gamma| (s = 1 / sqrt(var + eps), up to 1e6 for a constant row
    # with eps = 1e-12), so a right formula (e.g. PyTorch's own, a * dy * gamma + b * x + c) rounds in proportion
    _, inv_std = _stats(np.asarray(x, dtype=np.float64), eps)
    terms = inv_std * np.abs(np.asarray(dy, dtype=np.float64) * gamma)
    dx_atol = ATOL * max(1.0, float(terms.max()) if terms.size else 1.0)
    if np.asarray(x).dtype != np.float64:
        expect_float64_accuracy(got["dx"], want["dx"], f"{what}: dx", "convert dy, x and gamma to float64 first "
                                "(np.asarray(..., dtype=np.float64))", rtol=RTOL, atol=dx_atol,
                                float32_atol=1e-6 * max(1.0, float(terms.max()) if terms.size else 1.0))
    expect_array(got["dx"], want["dx"], f"{what}: dx", rtol=RTOL, atol=dx_atol,
                 mistakes=[(value["dx"], message) for value, message in extra] + _dx_mistakes(dy, x, gamma, eps))
    for key in ("dgamma", "dbeta"):
        shape = np.shape(got[key])
        if shape != want[key].shape and shape[-1:] == want[key].shape:
            raise Mismatch(f"{what}: {key} has shape {shape}, expected {want[key].shape}: sum over every token "
                           "(all leading axes), as the parameter has shape (d,)")
        expect_array(got[key], want[key], f"{what}: {key}", rtol=RTOL, atol=ATOL,
                     mistakes=_param_mistakes(dy, x, eps, key))
    return got


def _data(seed, shape, scale=2.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(loc=1.0, scale=scale, size=shape)
    dy = rng.normal(size=shape)
    gamma = 1 + 0.5 * rng.normal(size=shape[-1])
    return dy, x, gamma


@pytest.mark.points(0.5)
def test_matches_autograd_2d(student, reference):
    dy, x, gamma = _data(210, (6, 10))
    _check(student.layer_norm_backward(dy, x, gamma, 1e-5), dy, x, gamma, 1e-5,
           "layer_norm_backward(dy, x, gamma, eps=1e-5) with x of shape (6, 10)", reference)


@pytest.mark.points(0.5)
def test_matches_autograd_3d_bert_eps(student, reference):
    dy, x, gamma = _data(211, (2, 3, 8))
    _check(student.layer_norm_backward(dy, x, gamma, 1e-12), dy, x, gamma, 1e-12,
           "layer_norm_backward(dy, x, gamma, eps=1e-12) with x of shape (2, 3, 8)", reference)


@pytest.mark.points(0.5)
def test_small_variance_rows_and_single_row(student, reference):
    dy, x, gamma = _data(212, (4, 6), scale=0.05)
    _check(student.layer_norm_backward(dy, x, gamma, 1e-2), dy, x, gamma, 1e-2,
           "layer_norm_backward with rows of std 0.05 and eps=1e-2 (eps matters here)", reference)
    dy, x, gamma = _data(213, (9,))
    _check(student.layer_norm_backward(dy, x, gamma, 1e-5), dy, x, gamma, 1e-5,
           "layer_norm_backward with a single row x of shape (9,)", reference)


@pytest.mark.points(0.5)
def test_default_eps_constant_rows_and_4d(student, reference):
    dy, x, gamma = _data(214, (5, 7))
    defaults = [(reference.layer_norm_backward(dy, x, gamma, eps), f"the default eps is not 1e-5 (this is eps={eps:g}): "
                 "torch's layer_norm defaults to eps=1e-5 (BERT passes 1e-12 explicitly)") for eps in (1e-12, 1e-6, 1e-8)]
    _check(student.layer_norm_backward(dy, x, gamma), dy, x, gamma, 1e-5,
           "layer_norm_backward(dy, x, gamma) with the default eps=1e-5", reference, extra=defaults)
    x[2] = 3.0
    x[4] = 0.0
    _check(student.layer_norm_backward(dy, x, gamma, 1e-5), dy, x, gamma, 1e-5,
           "layer_norm_backward with a constant row and an all-zero row (variance 0: finite gradients)", reference)
    dy, x, gamma = _data(215, (2, 2, 3, 4))
    _check(student.layer_norm_backward(dy, x, gamma, 1e-5), dy, x, gamma, 1e-5,
           "layer_norm_backward with x of shape (2, 2, 3, 4): dgamma and dbeta sum over all three leading axes",
           reference)


@pytest.mark.points(0.25)
def test_float64_results(student, reference):
    dy, x, gamma = _data(216, (4, 6))
    got = student.layer_norm_backward(dy.astype(np.float32), x.astype(np.float32), gamma.astype(np.float32), 1e-5)
    for key in ("dx", "dgamma", "dbeta"):
        value = got.get(key) if isinstance(got, dict) else None
        expect_dtype(value, np.float64, f"layer_norm_backward with float32 inputs: {key}",
                     "convert dy and x with np.asarray(..., dtype=np.float64) first")
    _check(got, dy.astype(np.float32), x.astype(np.float32), gamma.astype(np.float32), 1e-5,
           "layer_norm_backward with float32 inputs", reference)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    dy, x, gamma = _data(217, (3, 5))
    student.layer_norm_backward(dy, x, gamma, 1e-5)
    expect_unchanged(student.last_call, "build dx in a new array (never dy *= gamma or x -= mean)")


@pytest.mark.points(0.5)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(218)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
        eps = float(rng.choice([1e-12, 1e-5, 1e-2]))
        dy, x, gamma = _data(int(rng.integers(1 << 30)), shape, scale=float(rng.choice([0.05, 1.0, 20.0])))
        _check(student.layer_norm_backward(dy, x, gamma, eps), dy, x, gamma, eps,
               f"layer_norm_backward(dy, x of shape {shape}, gamma, eps={eps:g}) (random draw)", reference)
