"""Hidden tests of shared_encoder_forward: transformers' AlbertTransformer.forward (embedding_hidden_mapping_in,
then layer group int(i / (L / G)) for layer i, in floating point) with the attention sub-block left out. The
reference was checked against AlbertTransformer of transformers 5.25 with its attention replaced by the identity
(agreement to 2e-15 for (L, G) = (18, 14), (6, 2), (12, 5)). For L = 18, G = 14 the float formula puts layer 9 in
group 6, where the exact i * G // L gives 7: test_groups_of_layers includes that case, and L = G = 22, where
ALBERT's TensorFlow formula int(i / L * G) puts layer 15 in group 14 (the float formula and i * G // L give 15)."""
import math

import numpy as np
import pytest

from coursekit.expect import (
    expect_array,
    expect_float64_accuracy,
    expect_float64_if_float,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-9, 1e-10


def _gelu(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def _problem(seed, B=2, S=4, E=5, H=8, I=12, G=1, scale=1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(B, S, E))
    w_p, b_p = rng.normal(scale=0.5, size=(E, H)), rng.normal(size=H)
    layers = [dict(w1=rng.normal(scale=scale / np.sqrt(H), size=(H, I)), b1=rng.normal(scale=0.1, size=I),
                   w2=rng.normal(scale=scale / np.sqrt(I), size=(I, H)), b2=rng.normal(scale=0.1, size=H),
                   gamma=1.0 + 0.3 * rng.normal(size=H), beta=0.2 * rng.normal(size=H)) for _ in range(G)]
    return x, w_p, b_p, layers


def _exact_gelu(x):
    return 0.5 * x * (1.0 + np.vectorize(math.erf, otypes=[float])(x / math.sqrt(2.0)))


def _forward(x, w_p, b_p, layers, L, group_of, residual=True, ddof=0, eps=1e-12, eps_outside=False, gelu=_gelu,
             axis=-1):
    """The encoder with a chosen layer -> weight-set mapping, for the known mistakes."""
    h = x @ w_p + b_p
    states = [h]
    for i in range(L):
        p = layers[group_of(i)]
        f = gelu(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        z = h + f if residual else f
        mu = z.mean(axis, keepdims=True)
        var = z.var(axis, ddof=ddof, keepdims=True)
        scale = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
        h = (z - mu) / scale * p["gamma"] + p["beta"]
        states.append(h)
    return np.stack(states)


def _mistakes(x, w_p, b_p, layers, L):
    G = len(layers)
    contiguous = lambda i: int(i / (L / G))          # transformers' AlbertTransformer, in floating point
    out = [(_forward(x, w_p, b_p, layers, L, lambda i: i % G),
            "layers use the weight sets in turn (i % G): consecutive blocks of L/G layers share a weight set, "
            "layer i uses layers[int(i / (num_layers / G))]"),
           (_forward(x, w_p, b_p, layers, L, lambda i: i * G // L),
            "layer i uses layers[i * G // num_layers]; transformers computes int(i / (num_layers / G)) in floating "
            "point, which differs when G does not divide L (18 layers, 14 sets: layer 9 uses set 6, not 7). "
            "Use the formula of the docstring as written"),
           (_forward(x, w_p, b_p, layers, L, lambda i: int(i / L * G)),
            "layer i uses layers[int(i / num_layers * G)] (ALBERT's TensorFlow code); the docstring's "
            "int(i / (num_layers / G)), in floating point, differs on some inputs (22 layers, 22 sets: layer 15 "
            "uses set 15, not 14). Use the formula of the docstring as written"),
           (_forward(x, w_p, b_p, layers, L, contiguous, residual=False),
            "the residual connection is missing: LayerNorm(h + FFN(h)), not LayerNorm(FFN(h))"),
           (_forward(x, w_p, b_p, layers, L, contiguous, ddof=1),
            "LayerNorm uses the unbiased variance (ddof=1): it divides by H, the biased variance"),
           (_forward(x, w_p, b_p, layers, L, contiguous, gelu=_exact_gelu),
            "the exact GELU x * Phi(x) (erf) is used: ALBERT's hidden_act is gelu_new, the tanh approximation "
            "0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))"),
           (_forward(x, w_p, b_p, layers, L, contiguous, eps=1e-5),
            "LayerNorm used eps = 1e-5 (PyTorch's nn.LayerNorm default): called without eps, use the docstring's "
            "default eps=1e-12 (ALBERT's layer_norm_eps)"),
           (_forward(x, w_p, b_p, layers, L, lambda i: 0),
            "every layer uses layers[0]: with G weight sets, layer i uses layers[int(i / (num_layers / G))]"),
           (_forward(x, w_p, b_p, layers, L, contiguous)[1:],
            "the projected embeddings h0 are missing: return num_layers + 1 states, h0 = embeddings @ w_proj + b_proj "
            "first, then the output of every layer"),
           (_forward(x, w_p, b_p, layers, L, contiguous, axis=1),
            "LayerNorm normalises over the sequence axis (axis=1): take the mean and variance of each token's H "
            "features, over the last axis (axis=-1, keepdims=True)")]
    return out


@pytest.mark.points(0.75)
def test_all_shared_matches_reference(student, reference):
    for seed, (B, S, L) in enumerate([(2, 4, 6), (3, 1, 12), (1, 5, 1)]):
        x, w_p, b_p, layers = _problem(100 + seed, B=B, S=S)
        want = reference.shared_encoder_forward(x, w_p, b_p, layers, L)
        expect_array(student.shared_encoder_forward(x, w_p, b_p, layers, L), want,
                     f"shared_encoder_forward(x of shape {x.shape}, one weight set, num_layers={L})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, w_p, b_p, layers, L))


@pytest.mark.points(0.75)
def test_groups_of_layers(student, reference):
    for seed, (G, L) in enumerate([(6, 6), (2, 6), (3, 12), (5, 12), (4, 4), (14, 18), (22, 22)]):
        x, w_p, b_p, layers = _problem(200 + seed, G=G, H=6, I=9)
        want = reference.shared_encoder_forward(x, w_p, b_p, layers, L)
        expect_array(student.shared_encoder_forward(x, w_p, b_p, layers, L), want,
                     f"shared_encoder_forward(x of shape {x.shape}, {G} weight sets, num_layers={L})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, w_p, b_p, layers, L))


@pytest.mark.points(0.5)
def test_large_activations_and_eps(student, reference):
    # large weights: LayerNorm must still normalise; a tiny-variance row exercises eps
    x, w_p, b_p, layers = _problem(300, B=2, S=3, G=2, scale=30.0)
    L = 4
    want = reference.shared_encoder_forward(x, w_p, b_p, layers, L)
    expect_array(student.shared_encoder_forward(x, w_p, b_p, layers, L), want,
                 "shared_encoder_forward with large weights (x of shape (2, 3, 5), 2 weight sets, num_layers=4)",
                 rtol=1e-8, atol=1e-8, mistakes=_mistakes(x, w_p, b_p, layers, L))
    eps = 1e-3
    want = reference.shared_encoder_forward(x, w_p, b_p, layers, L, eps)
    contiguous = lambda i: int(i / (L / len(layers)))
    expect_array(student.shared_encoder_forward(x, w_p, b_p, layers, L, eps), want,
                 "shared_encoder_forward(..., eps=1e-3) (LayerNorm divides by sqrt(var + eps))",
                 rtol=1e-8, atol=1e-9,
                 mistakes=[(_forward(x, w_p, b_p, layers, L, contiguous), "the eps argument is ignored (1e-12 is "
                            "used whatever eps is passed): use eps in the LayerNorm"),
                           (_forward(x, w_p, b_p, layers, L, contiguous, eps=eps, eps_outside=True),
                            "eps is added to the standard deviation, (z - mean) / (sqrt(var) + eps): add it to the "
                            "variance inside the square root, (z - mean) / sqrt(var + eps)")])


def _expect(got, want, what, mistakes=(), float32=False, atol=ATOL):
    expect_float64_if_float(got, what, "convert with np.asarray(x, dtype=np.float64)")
    if float32:
        expect_float64_accuracy(got, want, what, "convert the inputs to float64 first (np.asarray(x, dtype=np.float64)) "
                                "and compute in float64", rtol=RTOL, atol=ATOL, float32_rtol=1e-4, float32_atol=1e-5)
    expect_array(got, want, what, rtol=RTOL, atol=atol, mistakes=mistakes)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    x, w_p, b_p, layers = _problem(400, G=2)
    got = student.shared_encoder_forward(x, w_p, b_p, layers, 4)
    expect_unchanged(student.last_call, "leave the embeddings and the layer dicts as they are: compute new arrays "
                                        "(h = x @ w_proj + b_proj) instead of writing into the arguments")
    _expect(got, reference.shared_encoder_forward(x, w_p, b_p, layers, 4), "shared_encoder_forward(x of shape "
            f"{x.shape}, 2 weight sets, num_layers=4)", _mistakes(x, w_p, b_p, layers, 4))


@pytest.mark.points(0.5)
def test_constant_rows_no_layers_and_float32(student, reference):
    x, w_p, b_p, layers = _problem(401, G=1)
    w_p, b_p = np.zeros_like(w_p), np.full_like(b_p, 0.7)          # every h0 row is constant: variance 0
    layers = [dict(layers[0], w2=np.zeros_like(layers[0]["w2"]), b2=np.zeros_like(layers[0]["b2"]))]
    got = student.shared_encoder_forward(x, w_p, b_p, layers, 2)
    what = "shared_encoder_forward where every row entering LayerNorm is constant (variance 0)"
    expect_true(got is None or bool(np.all(np.isfinite(np.asarray(got, dtype=float)))),
                f"{what} contains nan or inf: LayerNorm divides by sqrt(var + eps): keep eps inside the square root")
    # z - mean of a constant row is 0 only up to the rounding of the mean (a sequential sum of 8 copies of 0.7
    # is not 8 * 0.7), and LayerNorm divides it by sqrt(1e-12): a right solution may differ by ~1e-8 here
    _expect(got, reference.shared_encoder_forward(x, w_p, b_p, layers, 2), what, atol=1e-7)
    x, w_p, b_p, layers = _problem(402, B=2, S=3, G=1)
    want = reference.shared_encoder_forward(x, w_p, b_p, layers, 0)
    got = student.shared_encoder_forward(x, w_p, b_p, layers, 0)
    _expect(got, want, "shared_encoder_forward(..., num_layers=0): only the projected embeddings h0, shape "
                       f"{want.shape}")
    x, w_p, b_p, layers = _problem(403, G=3)
    f32 = [{k: v.astype(np.float32) for k, v in layer.items()} for layer in layers]
    _expect(student.shared_encoder_forward(x.astype(np.float32), w_p.astype(np.float32), b_p.astype(np.float32), f32,
                                           6),
            reference.shared_encoder_forward(x.astype(np.float32), w_p.astype(np.float32), b_p.astype(np.float32),
                                             f32, 6), "shared_encoder_forward with float32 inputs (3 weight sets, "
                                                      "num_layers=6)", float32=True)


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(404)
    for case in range(3):
        B, S, E, H, I = (int(n) for n in rng.integers(1, 9, size=5))
        L = int(rng.integers(1, 13))
        G = int(rng.integers(1, L + 1))
        x, w_p, b_p, layers = _problem(int(rng.integers(1000)), B=B, S=S, E=E, H=H + 1, I=I, G=G)
        _expect(student.shared_encoder_forward(x, w_p, b_p, layers, L),
                reference.shared_encoder_forward(x, w_p, b_p, layers, L),
                f"shared_encoder_forward(x of shape {x.shape}, H={H + 1}, {G} weight sets, num_layers={L}) "
                f"(random case {case})", _mistakes(x, w_p, b_p, layers, L))
