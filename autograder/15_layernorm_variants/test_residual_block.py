"""Hidden tests of residual_block: Post-LN layer_norm(x + FFN(x)) (BERT's BertOutput) and
Pre-LN x + FFN(layer_norm(x)) (GPT-2's Block), FFN(h) = relu(h @ W1 + b1) @ W2 + b2.

Graded on its own: all tests but one answer the student's calls of layer_norm with the reference, so a wrong
layer_norm costs layer_norm's points; test_with_your_layer_norm checks the two together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_unchanged

RTOL, ATOL = 1e-9, 1e-10


def _ln(x, gamma, beta, eps):
    mu = x.mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) * gamma + beta


def _ffn(h, p, relu=True):
    a = h @ p["W1"] + p["b1"]
    return (np.maximum(a, 0) if relu else a) @ p["W2"] + p["b2"]


def _post(x, p, eps, relu=True):
    return _ln(x + _ffn(x, p, relu), p["gamma"], p["beta"], eps)


def _pre(x, p, eps, relu=True):
    return x + _ffn(_ln(x, p["gamma"], p["beta"], eps), p, relu)


def _mistakes(x, p, eps, mode):
    g, b = p["gamma"], p["beta"]
    if mode == "post":
        return [(_pre(x, p, eps), "mode='post' computed the Pre-LN block x + FFN(layer_norm(x)): "
                                  "Post-LN is layer_norm(x + FFN(x))"),
                (_ln(_ffn(x, p), g, b, eps), "the residual x is not added: Post-LN is layer_norm(x + FFN(x))"),
                (x + _ffn(x, p), "the LayerNorm is missing: Post-LN is layer_norm(x + FFN(x))"),
                (_ln(x, g, b, eps) + _ffn(x, p), "only x is normalised: Post-LN normalises the sum, layer_norm(x + FFN(x))"),
                (_post(x, p, eps, relu=False), "the ReLU is missing: FFN(h) = relu(h @ W1 + b1) @ W2 + b2"),
                (_post(x, p, 1e-5), f"the eps argument (here {eps:g}) is ignored: pass it to layer_norm")]
    return [(_post(x, p, eps), "mode='pre' computed the Post-LN block layer_norm(x + FFN(x)): "
                               "Pre-LN is x + FFN(layer_norm(x))"),
            (_ffn(_ln(x, g, b, eps), p), "the residual x is not added: Pre-LN is x + FFN(layer_norm(x))"),
            (_ln(x + _ffn(_ln(x, g, b, eps), p), g, b, eps),
             "the Pre-LN output is not normalised: return x + FFN(layer_norm(x)) without a second layer_norm"),
            (_ln(x, g, b, eps) + _ffn(_ln(x, g, b, eps), p),
             "the residual adds layer_norm(x): Pre-LN adds the raw x, x + FFN(layer_norm(x))"),
            (_pre(x, p, eps, relu=False), "the ReLU is missing: FFN(h) = relu(h @ W1 + b1) @ W2 + b2"),
            (_pre(x, p, 1e-5), f"the eps argument (here {eps:g}) is ignored: pass it to layer_norm")]


def _params(rng, d, d_ff):
    return dict(W1=rng.normal(scale=d ** -0.5, size=(d, d_ff)), b1=rng.normal(scale=0.2, size=d_ff),
                W2=rng.normal(scale=d_ff ** -0.5, size=(d_ff, d)), b2=rng.normal(scale=0.2, size=d),
                gamma=1 + 0.3 * rng.normal(size=d), beta=0.3 * rng.normal(size=d))


def _run(student, reference, x, p, mode, eps, what, own=False):
    student = student if own else student.with_reference("layer_norm")
    want = reference.residual_block(x, **p, mode=mode, eps=eps)
    got = student.residual_block(x, p["W1"], p["b1"], p["W2"], p["b2"], p["gamma"], p["beta"], mode, eps)
    flattened = [] if np.ndim(x) == 2 else [
        (want.reshape(-1, np.shape(x)[-1]), f"the tokens come back flattened to shape {want.reshape(-1, np.shape(x)[-1]).shape}: "
                                            "return an array of the shape of x (reshape the result back with .reshape(x.shape))")]
    expect_array(got, want, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, p, eps, mode) + flattened)
    return got


@pytest.mark.points(0.25)
def test_post_ln(student, reference):
    rng = np.random.default_rng(230)
    x = rng.normal(size=(6, 8))
    _run(student, reference, x, _params(rng, 8, 16), "post", 1e-5,
         "residual_block(x of shape (6, 8), d_ff=16, mode='post', eps=1e-5)")


@pytest.mark.points(0.25)
def test_pre_ln(student, reference):
    rng = np.random.default_rng(231)
    x = rng.normal(scale=2.0, size=(6, 8))
    _run(student, reference, x, _params(rng, 8, 16), "pre", 1e-5,
         "residual_block(x of shape (6, 8), d_ff=16, mode='pre', eps=1e-5)")


@pytest.mark.points(0.25)
def test_batch_and_sequence_axes(student, reference):
    rng = np.random.default_rng(232)
    x = rng.normal(size=(2, 3, 4))
    p = _params(rng, 4, 10)
    for mode in ("post", "pre"):
        _run(student, reference, x, p, mode, 1e-5, f"residual_block(x of shape (2, 3, 4), d_ff=10, mode='{mode}')")


@pytest.mark.points(0.25)
def test_eps_is_passed_on(student, reference):
    rng = np.random.default_rng(233)
    x = rng.normal(scale=0.05, size=(5, 6))
    p = _params(rng, 6, 6)
    p["W2"] *= 0.01
    for mode in ("post", "pre"):
        _run(student, reference, x, p, mode, 1e-2,
             f"residual_block(x with rows of std 0.05, mode='{mode}', eps=1e-2)")


def _args(p):
    return p["W1"], p["b1"], p["W2"], p["b2"], p["gamma"], p["beta"]


@pytest.mark.points(0.25)
def test_defaults_single_token_and_dtype(student, reference):
    code = student.with_reference("layer_norm")
    rng = np.random.default_rng(234)
    x, p = rng.normal(size=(4, 5)), _params(rng, 5, 3)
    expect_array(code.residual_block(x, *_args(p)), reference.residual_block(x, **p),
                 "residual_block(x, W1, b1, W2, b2, gamma, beta) with the defaults mode='post', eps=1e-5",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, p, 1e-5, "post")
                 + [(_post(x, p, eps), f"the default eps is not 1e-5 (this is eps={eps:g}): use the docstring's default "
                                       "eps=1e-5") for eps in (1e-12, 1e-6)])
    for mode in ("post", "pre"):
        _run(student, reference, x[0], p, mode, 1e-5, f"residual_block on a single token, x of shape (5,), mode='{mode}'")
    got = code.residual_block(x.astype(np.float32), *_args(p), "pre", 1e-5)
    expect_dtype(got, np.float64, "residual_block of a float32 x", "np.asarray(x, dtype=np.float64) first")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(235)
    x, p = rng.normal(size=(3, 4)), _params(rng, 4, 6)
    for mode in ("post", "pre"):
        student.with_reference("layer_norm").residual_block(x, *_args(p), mode, 1e-5)
        expect_unchanged(student.last_call, "add the residual into a new array (x + FFN(...), not x += ...)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(236)
    for _ in range(3):
        lead = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 3))))
        d, d_ff = int(rng.integers(1, 7)), int(rng.integers(1, 9))
        x, p = rng.normal(scale=float(rng.choice([0.1, 1.0, 5.0])), size=lead + (d,)), _params(rng, d, d_ff)
        mode, eps = str(rng.choice(["post", "pre"])), float(rng.choice([1e-12, 1e-5, 1e-2]))
        _run(student, reference, x, p, mode, eps,
             f"residual_block(x of shape {lead + (d,)}, d_ff={d_ff}, mode={mode!r}, eps={eps:g}) (random draw)")


@pytest.mark.points(0.25)
def test_with_your_layer_norm(student, reference):
    rng = np.random.default_rng(237)
    x, p = rng.normal(size=(5, 6)), _params(rng, 6, 8)
    for mode in ("post", "pre"):
        _run(student, reference, x, p, mode, 1e-5,
             f"residual_block(x of shape (5, 6), mode={mode!r}) with your own layer_norm (if layer_norm's own tests "
             "fail, fix it first)", own=True)
