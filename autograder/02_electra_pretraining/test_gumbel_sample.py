"""Hidden tests of gumbel_sample (mirrors sample_from_softmax in ELECTRA's pretrain_helpers.py, with
logits / temperature and the uniform noise given)."""
import numpy as np
import pytest

from coursekit.expect import expect_dtype, expect_equal, expect_true, expect_unchanged


def _gumbel(u):
    return -np.log(-np.log(u + 1e-9) + 1e-9)


def _last_argmax(x):
    """The index of the LAST maximum over the last axis (np.argsort(x)[..., -1] with a stable sort)."""
    return x.shape[-1] - 1 - np.argmax(x[..., ::-1], -1)


def _check(student, reference, logits, u, T, what, got=None):
    want = reference.gumbel_sample(logits, u, T)
    got = np.asarray(student.gumbel_sample(logits, u, T) if got is None else got)
    with np.errstate(divide="ignore", invalid="ignore"):
        no_inner_eps = np.argmax(logits / T - np.log(-np.log(u) + 1e-9), -1)
    mistakes = [
        (_last_argmax(logits / T + _gumbel(u)), "of tied maxima the LAST index was taken: np.argmax (as torch.argmax) "
         "returns the FIRST maximal index; take np.argmax over axis=-1 (not np.argsort(...)[..., -1])"),
        (no_inner_eps, "the 1e-9 of the inner log is missing: a uniform of exactly 0 gives the noise -inf instead of "
         "-log(-log(1e-9)); g = -log(-log(u + 1e-9) + 1e-9)"),
        (np.argmax(logits + _gumbel(u), -1), "the temperature is ignored (dividing logits + noise by it, "
         "argmax((logits + g) / T), ignores it too: the argmax does not change): divide only the logits by the "
         "temperature"),
        (np.argmax(logits * T + _gumbel(u), -1), "the logits are multiplied by the temperature: divide them by it"),
        (np.argmax(logits / T - np.log(u + 1e-9), -1),
         "the noise is -log(u), not Gumbel noise: g = -log(-log(u + 1e-9) + 1e-9)"),
        (np.argmax(logits / T + np.log(-np.log(u + 1e-9) + 1e-9), -1),
         "the Gumbel noise has the wrong sign: g = -log(-log(u + 1e-9) + 1e-9)"),
        (np.argmax(logits / T, -1), "no noise is added: this is the argmax, not a sample"),
    ]
    if got.shape == want.shape:
        named = [message for value, message in mistakes if np.array_equal(got, value) and not np.array_equal(value, want)]
        if named:   # two mistakes can give the same samples (e.g. T close to 1): name both
            other = f" (or, which gives the same values on this input: {named[1]})" if len(named) > 1 else ""
            raise AssertionError(f"{what}: {named[0]}{other}")
    expect_equal(got, want, what)


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(10)
    for shape, T in [((3, 5, 20), 1.0), ((2, 7, 30), 0.5), ((4, 11), 2.0)]:
        logits = rng.normal(scale=2.0, size=shape)
        u = rng.random(shape)
        _check(student, reference, logits, u, T, f"gumbel_sample(logits of shape {shape}, uniform, temperature={T})")


@pytest.mark.points(0.5)
def test_extreme_uniforms_and_frequencies(student, reference):
    rng = np.random.default_rng(11)
    logits = rng.normal(size=(6, 9))
    u = rng.random((6, 9))
    u[0, 3] = 0.0                       # log(0 + 1e-9) stays finite
    u[1, 4] = 1.0 - 1e-12
    u[2] = 0.0
    u[3, 2], u[3, 6] = 1.0 - 5e-10, 1.0 - 1e-10     # u + 1e-9 > 1: only the outer 1e-9 keeps the log finite
    logits[3, 6] = logits[3, 2]
    with np.errstate(all="ignore"):
        inner_only = np.argmax(logits - np.log(-np.log(u + 1e-9)), -1)   # nan (first nan wins) or inf
    got = np.asarray(student.gumbel_sample(logits, u, 1.0))
    if got.shape == inner_only.shape and np.array_equal(got, inner_only) and got[3] != 6:
        raise AssertionError("gumbel_sample with uniforms within 1e-9 of 1: the 1e-9 of the outer log is missing: "
                             "for u > 1 - 1e-9, -log(u + 1e-9) <= 0 and its log is nan or -inf; "
                             "g = -log(-log(u + 1e-9) + 1e-9)")
    _check(student, reference, logits, u, 1.0, "gumbel_sample with uniforms of exactly 0 and almost 1", got)
    tied_logits = np.array([[0.0] * 6, [1.0, 2.0, 2.0, 0.5, 2.0, -1.0], [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]])
    tied_u = np.array([[0.5] * 6, [0.3, 0.7, 0.7, 0.9, 0.7, 0.2], [0.25] * 6])
    _check(student, reference, tied_logits, tied_u, 1.0, "gumbel_sample with exact ties (equal logits and equal "
                                                         "uniforms in a row)")
    probs = np.array([0.5, 0.3, 0.15, 0.05])
    n = 40000
    draws = np.asarray(student.gumbel_sample(np.broadcast_to(np.log(probs), (n, 4)), rng.random((n, 4)), 1.0))
    freq = np.bincount(draws.astype(int).ravel(), minlength=4)[:4] / n
    if not np.allclose(freq, probs, atol=0.015):
        raise AssertionError(f"gumbel_sample of 40000 draws from softmax(log([0.5, 0.3, 0.15, 0.05])) gave "
                             f"frequencies {np.round(freq, 3).tolist()}: the samples must follow softmax(logits)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(12)
    logits, u = rng.normal(size=(3, 8)), rng.random((3, 8))
    got = student.gumbel_sample(logits, u, 0.7)
    expect_unchanged(student.last_call, "`logits /= temperature` or `uniform += 1e-9` change the caller's arrays: "
                                        "write z = logits / temperature (a new array)")
    _check(student, reference, logits, u, 0.7, "gumbel_sample(logits of shape (3, 8), uniform, temperature=0.7)", got)


@pytest.mark.points(0.25)
def test_any_leading_shape_default_temperature_and_huge_logits(student, reference):
    rng = np.random.default_rng(13)
    logits, u = rng.normal(size=12), rng.random(12)
    got = student.gumbel_sample(logits, u)
    expect_dtype(got, np.int64, "gumbel_sample of one position (logits of shape (12,))",
                 "an array of shape (), what np.argmax(..., axis=-1) gives: do not convert it with int(...) "
                 "or .item()")
    got = np.asarray(got)
    expect_true(got.shape == (), f"gumbel_sample of one position (logits of shape (12,)) has shape {got.shape}: the "
                                 "result drops the last axis (shape ()): take the argmax over axis=-1")
    _check(student, reference, logits, u, 1.0, "gumbel_sample(logits of shape (12,), uniform) with the default "
                                               "temperature", got)
    logits, u = rng.normal(size=(2, 3, 4, 6)), rng.random((2, 3, 4, 6))
    _check(student, reference, logits, u, 1.5, "gumbel_sample(logits of shape (2, 3, 4, 6), uniform, temperature=1.5)")
    logits, u = rng.normal(scale=1e3, size=(5, 7)), rng.random((5, 7))
    _check(student, reference, logits, u, 0.05, "gumbel_sample(logits of size ~1e3, temperature=0.05): no exp is "
                                                "needed, so nothing may overflow")
    _check(student, reference, np.zeros((4, 1)), rng.random((4, 1)), 1.0, "gumbel_sample with a vocabulary of one token")
    got = np.asarray(student.gumbel_sample(np.zeros((0, 5)), np.zeros((0, 5))))
    expect_true(got.shape == (0,), f"gumbel_sample of an empty batch (logits of shape (0, 5)) has shape {got.shape}, "
                                   "expected (0,)")
    expect_dtype(got, np.int64, "gumbel_sample of an empty batch (logits of shape (0, 5))",
                 "token ids, also for an empty batch: np.array of an empty list is float64: take np.argmax over "
                 "axis=-1, or convert with .astype(np.int64)")
    logits, u = rng.normal(size=(3, 9)), rng.random((3, 9))
    got = np.asarray(student.gumbel_sample(logits, u, 1.0))
    expect_dtype(got, np.int64, "gumbel_sample(logits of shape (3, 9), uniform, temperature=1.0)", "token ids")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(14)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4)))) + (int(rng.integers(2, 40)),)
        T = float(rng.uniform(0.2, 3.0))
        logits, u = rng.normal(scale=float(rng.uniform(0.1, 5.0)), size=shape), rng.random(shape)
        _check(student, reference, logits, u, T,
               f"gumbel_sample(random logits of shape {shape}, uniform, temperature={T:.3g}) (case {case})")
