"""Hidden tests of houlsby_adapter (mirrors feedforward_adapter in google-research/adapter-bert:
h + gelu(h W1 + b1) W2 + b2, GELU in its tanh approximation)."""
import math

import numpy as np
import pytest

from coursekit.expect import expect_array, expect_float64_accuracy, expect_float64_if_float, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _gelu(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def _params(rng, d, m, scale=0.5):
    return (rng.normal(scale=scale, size=(d, m)), rng.normal(scale=scale, size=m),
            rng.normal(scale=scale, size=(m, d)), rng.normal(scale=scale, size=d))


def _mistakes(h, Wd, bd, Wu, bu):
    pre = h @ Wd + bd
    erf = np.vectorize(math.erf, otypes=[float])
    return [
        (_gelu(pre) @ Wu + bu, "the skip connection is missing: add the input h back, h + gelu(h W_down + b_down) W_up + b_up"),
        (h + np.maximum(pre, 0.0) @ Wu + bu, "the nonlinearity is GELU (use gelu from the setup cell), not ReLU"),
        (h + (0.5 * pre * (1 + erf(pre / np.sqrt(2.0)))) @ Wu + bu,
         "this is the exact (erf) GELU: use the tanh approximation, gelu from the setup cell"),
        (h + _gelu(pre @ Wu + bu), "gelu is applied after the up-projection: apply gelu to the down-projection "
                                   "h W_down + b_down, then project up"),
        (h + _gelu(h @ Wd + bd) @ Wu, "b_up is missing: add the up-projection's bias"),
        (h + _gelu(h @ Wd) @ Wu + bu, "b_down is missing: add the down-projection's bias before gelu"),
        (h + pre @ Wu + bu, "there is no nonlinearity between the projections: apply gelu to the bottleneck"),
    ]


@pytest.mark.points(0.75)
def test_matches_adapter_bert(student, reference):
    rng = np.random.default_rng(210)
    h = rng.normal(size=(2, 7, 16))
    Wd, bd, Wu, bu = _params(rng, 16, 4)
    want = reference.houlsby_adapter(h, Wd, bd, Wu, bu)
    expect_array(student.houlsby_adapter(h, Wd, bd, Wu, bu), want,
                 "houlsby_adapter(h, W_down, b_down, W_up, b_up) with h of shape (2, 7, 16) and m = 4",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, Wd, bd, Wu, bu))


@pytest.mark.points(0.75)
def test_other_shapes_and_bottlenecks(student, reference):
    rng = np.random.default_rng(211)
    for shape, m in [((5, 12), 1), ((3, 2, 4, 12), 12), ((1, 1, 20), 6)]:
        d = shape[-1]
        h = rng.normal(scale=2.0, size=shape)
        Wd, bd, Wu, bu = _params(rng, d, m, scale=1.0)
        want = reference.houlsby_adapter(h, Wd, bd, Wu, bu)
        expect_array(student.houlsby_adapter(h, Wd, bd, Wu, bu), want,
                     f"houlsby_adapter with h of shape {shape} and bottleneck m = {m}", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(h, Wd, bd, Wu, bu))


@pytest.mark.points(0.5)
def test_near_identity_initialisation(student, reference):
    rng = np.random.default_rng(212)
    h = rng.normal(size=(4, 9, 32))
    Wd = np.clip(rng.normal(scale=1e-3, size=(32, 8)), -2e-3, 2e-3)
    Wu = np.clip(rng.normal(scale=1e-3, size=(8, 32)), -2e-3, 2e-3)
    bd, bu = np.zeros(8), np.zeros(32)
    got = student.houlsby_adapter(h, Wd, bd, Wu, bu)
    want = reference.houlsby_adapter(h, Wd, bd, Wu, bu)
    expect_array(got, want, "houlsby_adapter with weights of std 1e-3 and zero biases (near-identity)",
                 rtol=1e-12, atol=1e-14, mistakes=_mistakes(h, Wd, bd, Wu, bu))
    change = np.asarray(got, dtype=float) - h
    expect_array(change, want - h, "houlsby_adapter(h, ...) - h for the near-identity adapter (the small update itself)",
                 rtol=1e-6, atol=1e-15, mistakes=[(m - h, msg) for m, msg in _mistakes(h, Wd, bd, Wu, bu)])


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(213)
    h = rng.normal(size=(3, 8))
    Wd, bd, Wu, bu = _params(rng, 8, 2)
    got = student.houlsby_adapter(h, Wd, bd, Wu, bu)
    expect_unchanged(student.last_call, "`h += ...` adds the adapter's output into the caller's hidden states: "
                                        "return h + gelu(h @ W_down + b_down) @ W_up + b_up (a new array)")
    expect_array(got, reference.houlsby_adapter(h, Wd, bd, Wu, bu), "houlsby_adapter with h of shape (3, 8)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, Wd, bd, Wu, bu))


@pytest.mark.points(0.25)
def test_one_vector_empty_batch_and_float32(student, reference):
    rng = np.random.default_rng(214)
    Wd, bd, Wu, bu = _params(rng, 6, 3)
    for h, what in [(rng.normal(size=6), "houlsby_adapter of one vector h of shape (6,)"),
                    (np.zeros((0, 6)), "houlsby_adapter of an empty batch (h of shape (0, 6))"),
                    (np.zeros((0, 6), dtype=np.float32), "houlsby_adapter of an empty float32 batch (shape (0, 6))"),
                    (rng.normal(size=(2, 6)).astype(np.float32), "houlsby_adapter with float32 h")]:
        got = student.houlsby_adapter(h, Wd, bd, Wu, bu)
        expect_float64_if_float(got, what, "np.asarray(x, dtype=np.float64)")
        want = reference.houlsby_adapter(h, Wd, bd, Wu, bu)
        mistakes = _mistakes(np.asarray(h, dtype=float), Wd, bd, Wu, bu)
        if h.ndim == 1:
            mistakes.append((want[None], "a single vector h of shape (d,) gives a result of shape (d,): "
                                         "np.atleast_2d (or reshape(1, -1)) adds an axis that must not be returned"))
        scale = max(1.0, float(np.max(np.abs(want), initial=0.0)))
        expect_float64_accuracy(got, want, what, "convert h to float64 first (np.asarray(h, dtype=np.float64)), as "
                                "the docstring says (computed in float64)", rtol=1e-9, atol=1e-12,
                                float32_rtol=1e-5, float32_atol=1e-6 * scale)
        expect_array(got, want, what, rtol=1e-9, atol=1e-12, mistakes=mistakes)


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(215)
    for case in range(4):
        lead = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 3))))
        dim, m = int(rng.integers(1, 20)), int(rng.integers(1, 10))
        h = rng.normal(scale=float(10 ** rng.uniform(-1, 1)), size=lead + (dim,))
        Wd, bd, Wu, bu = _params(rng, dim, m, scale=float(rng.uniform(0.01, 1.0)))
        expect_array(student.houlsby_adapter(h, Wd, bd, Wu, bu), reference.houlsby_adapter(h, Wd, bd, Wu, bu),
                     f"houlsby_adapter(random h of shape {h.shape}, bottleneck m = {m}) (case {case})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, Wd, bd, Wu, bu))
