"""Hidden tests of residual_block_backward (mirrors torch.autograd's gradients of residual_block for
x, W1, b1, W2, b2, gamma, beta, in Post-LN and Pre-LN mode).

Graded on its own: all tests but one answer the student's calls of layer_norm, layer_norm_backward and
residual_block with the reference, so a wrong helper costs that helper's points; test_with_your_helpers checks
them together."""
import numpy as np
import pytest

from coursekit.expect import Mismatch, expect_array, expect_dtype, expect_unchanged

HELPERS = ("layer_norm", "layer_norm_backward", "residual_block")

RTOL, ATOL = 1e-9, 1e-11
KEYS = ("dx", "dW1", "db1", "dW2", "db2", "dgamma", "dbeta")


def _variant(reference, dout, x, p, mode, eps, *, skip=True, relu_grad=True):
    """The backward pass with a known mistake switched on."""
    d = x.shape[-1]
    x2, g_out = x.reshape(-1, d), dout.reshape(-1, d)
    h = x2 if mode == "post" else reference.layer_norm(x2, p["gamma"], p["beta"], eps)
    a = h @ p["W1"] + p["b1"]
    r = np.maximum(a, 0)
    if mode == "post":
        ln = reference.layer_norm_backward(g_out, x2 + r @ p["W2"] + p["b2"], p["gamma"], eps)
        g_f = ln["dx"]
    else:
        g_f = g_out
    g_a = (g_f @ p["W2"].T) * ((a > 0) if relu_grad else 1.0)
    g_h = g_a @ p["W1"].T
    if mode == "pre":
        ln = reference.layer_norm_backward(g_h, x2, p["gamma"], eps)
        g_h = ln["dx"]
    dx = (g_f if mode == "post" else g_out) * skip + g_h
    return {"dx": dx.reshape(x.shape), "dW1": h.T @ g_a, "db1": g_a.sum(0), "dW2": r.T @ g_f,
            "db2": g_f.sum(0), "dgamma": ln["dgamma"], "dbeta": ln["dbeta"]}


def _mistakes(reference, dout, x, p, mode, eps):
    other = "pre" if mode == "post" else "post"
    default_eps = [] if eps == 1e-5 else [
        (reference.residual_block_backward(dout, x, **p, mode=mode, eps=1e-5),
         f"the eps argument (here {eps:g}) is ignored (the default 1e-5 is used): pass eps on to layer_norm and "
         "layer_norm_backward")]
    return default_eps + [
        (_variant(reference, dout, x, p, mode, eps, skip=False),
         "the gradient of the residual connection is missing: dx also receives the upstream gradient "
         "directly through the identity path x + ..."),
        (_variant(reference, dout, x, p, mode, eps, relu_grad=False),
         "the ReLU's derivative is missing: multiply by (A > 0), where A = h @ W1 + b1 is the pre-activation"),
        (reference.residual_block_backward(dout, x, **p, mode=other, eps=eps),
         f"these are the gradients of the mode='{other}' block: check which mode you differentiate"),
    ]


def _check(student, reference, dout, x, p, mode, eps, what, own=False):
    student = student if own else student.with_reference(*HELPERS)
    got = student.residual_block_backward(dout, x, p["W1"], p["b1"], p["W2"], p["b2"], p["gamma"], p["beta"],
                                          mode, eps)
    if not isinstance(got, dict) or set(KEYS) - set(got):
        raise Mismatch(f"{what} must return a dict with the keys {', '.join(KEYS)}")
    want = reference.residual_block_backward(dout, x, **p, mode=mode, eps=eps)
    wrong = _mistakes(reference, dout, x, p, mode, eps)
    for key in KEYS:
        shape, right = np.shape(got[key]), want[key].shape
        if key != "dx" and shape != right and len(shape) > len(right) and shape[-len(right):] == right:
            raise Mismatch(f"{what}: {key} has shape {shape}, expected {right}: a parameter gradient is summed over "
                           "every token (all leading axes of x, not only axis 0), as the parameter has shape "
                           f"{right}")
        expect_array(got[key], want[key], f"{what}: {key}", rtol=RTOL, atol=ATOL,
                     mistakes=[(w[key], msg) for w, msg in wrong])
    return got


def _params(rng, d, d_ff):
    return dict(W1=rng.normal(scale=d ** -0.5, size=(d, d_ff)), b1=rng.normal(scale=0.3, size=d_ff),
                W2=rng.normal(scale=d_ff ** -0.5, size=(d_ff, d)), b2=rng.normal(scale=0.3, size=d),
                gamma=1 + 0.3 * rng.normal(size=d), beta=0.3 * rng.normal(size=d))


@pytest.mark.points(0.5)
def test_keys_and_shapes(student, reference):
    rng = np.random.default_rng(240)
    x, dout = rng.normal(size=(2, 4, 5))
    p = _params(rng, 5, 7)
    got = student.with_reference(*HELPERS).residual_block_backward(dout, x, p["W1"], p["b1"], p["W2"], p["b2"],
                                                                   p["gamma"], p["beta"], "post", 1e-5)
    if not isinstance(got, dict) or set(KEYS) - set(got):
        raise Mismatch(f"residual_block_backward must return a dict with the keys {', '.join(KEYS)}")
    shapes = {"dx": x.shape, "dW1": (5, 7), "db1": (7,), "dW2": (7, 5), "db2": (5,), "dgamma": (5,), "dbeta": (5,)}
    for key, shape in shapes.items():
        if np.shape(got[key]) != shape:
            hint = ": it looks transposed (dW1 = h.T @ g_A)" if np.shape(got[key]) == shape[::-1] else ""
            raise Mismatch(f"residual_block_backward(...)[{key!r}] has shape {np.shape(got[key])}, expected {shape}{hint}")
    _check(student, reference, dout, x, p, "post", 1e-5, "residual_block_backward(dout, x of shape (4, 5), mode='post')")


@pytest.mark.points(0.5)
def test_post_ln_matches_autograd(student, reference):
    rng = np.random.default_rng(241)
    x, dout = rng.normal(size=(2, 6, 8))
    _check(student, reference, dout, x, _params(rng, 8, 12), "post", 1e-5,
           "residual_block_backward(dout, x of shape (6, 8), d_ff=12, mode='post', eps=1e-5)")


@pytest.mark.points(0.5)
def test_pre_ln_matches_autograd(student, reference):
    rng = np.random.default_rng(242)
    x, dout = rng.normal(size=(2, 6, 8))
    _check(student, reference, dout, 2.0 * x, _params(rng, 8, 12), "pre", 1e-5,
           "residual_block_backward(dout, x of shape (6, 8), d_ff=12, mode='pre', eps=1e-5)")


@pytest.mark.points(0.5)
def test_3d_input_and_bert_eps(student, reference):
    rng = np.random.default_rng(243)
    x, dout = rng.normal(size=(2, 2, 3, 6))
    p = _params(rng, 6, 9)
    for mode in ("post", "pre"):
        _check(student, reference, dout, x, p, mode, 1e-12,
               f"residual_block_backward(dout, x of shape (2, 3, 6), mode='{mode}', eps=1e-12) (parameter "
               "gradients summed over batch and sequence)")


def _args(p):
    return p["W1"], p["b1"], p["W2"], p["b2"], p["gamma"], p["beta"]


@pytest.mark.points(0.5)
def test_defaults_single_token_and_relu_at_zero(student, reference):
    code = student.with_reference(*HELPERS)
    rng = np.random.default_rng(244)
    x, dout = rng.normal(size=(2, 3, 4))
    p = _params(rng, 4, 5)
    got = code.residual_block_backward(dout, x, *_args(p))
    want = reference.residual_block_backward(dout, x, **p)
    defaults = [(reference.residual_block_backward(dout, x, **p, mode=mode, eps=eps),
                 f"a default is not the docstring's (these are the gradients for mode='{mode}', eps={eps:g}): the "
                 "defaults are mode='post', eps=1e-5")
                for mode in ("post", "pre") for eps in (1e-5, 1e-12, 1e-6) if (mode, eps) != ("post", 1e-5)]
    for key in KEYS:
        expect_array(got[key], want[key], f"residual_block_backward(dout, x, ...) with the defaults mode='post', "
                                          f"eps=1e-5: {key}", rtol=RTOL, atol=ATOL,
                     mistakes=[(w[key], msg) for w, msg in defaults])
    for mode in ("post", "pre"):
        _check(student, reference, dout[0], x[0], p, mode, 1e-5,
               f"residual_block_backward on a single token, x of shape (4,), mode='{mode}'")
    p["W1"][:, :2] = 0.0
    p["b1"][:2] = 0.0                                    # two hidden units with pre-activation exactly 0
    for mode in ("post", "pre"):
        _check(student, reference, dout, x, p, mode, 1e-5,
               f"residual_block_backward with pre-activations exactly 0 in two hidden units, mode='{mode}' (the "
               "ReLU's derivative at 0 is 0, as in PyTorch: use (A > 0), not (A >= 0))")
    got = code.residual_block_backward(dout.astype(np.float32), x.astype(np.float32), *_args(p), "pre", 1e-5)
    for key in KEYS:
        value = got.get(key) if isinstance(got, dict) else None
        expect_dtype(value, np.float64, f"residual_block_backward with float32 dout and x: {key}")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(245)
    x, dout = rng.normal(size=(2, 3, 4))
    p = _params(rng, 4, 6)
    for mode in ("post", "pre"):
        student.with_reference(*HELPERS).residual_block_backward(dout, x, *_args(p), mode, 1e-5)
        expect_unchanged(student.last_call, "compute every gradient into new arrays (never dout *= ..., "
                                            "g += ... on an argument)")


@pytest.mark.points(0.5)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(246)
    for _ in range(3):
        lead = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(1, 3))))
        d, d_ff = int(rng.integers(2, 7)), int(rng.integers(1, 9))
        x, dout = rng.normal(size=(2,) + lead + (d,))
        p = _params(rng, d, d_ff)
        mode, eps = str(rng.choice(["post", "pre"])), float(rng.choice([1e-12, 1e-5, 1e-2]))
        _check(student, reference, dout, x, p, mode, eps,
               f"residual_block_backward(dout, x of shape {lead + (d,)}, d_ff={d_ff}, mode={mode!r}, eps={eps:g}) "
               "(random draw)")


@pytest.mark.points(0.25)
def test_with_your_helpers(student, reference):
    rng = np.random.default_rng(247)
    x, dout = rng.normal(size=(2, 5, 6))
    p = _params(rng, 6, 8)
    for mode in ("post", "pre"):
        _check(student, reference, dout, x, p, mode, 1e-5,
               f"residual_block_backward(dout, x of shape (5, 6), mode={mode!r}) with your own layer_norm and "
               "layer_norm_backward (if their own tests fail, fix them first)", own=True)
