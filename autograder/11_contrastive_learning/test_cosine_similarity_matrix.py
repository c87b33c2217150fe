"""Hidden tests of cosine_similarity_matrix (mirrors torch.nn.functional.cosine_similarity(a[:, None], b[None], dim=-1),
which clamps each norm separately at eps)."""
import numpy as np
import pytest

from coursekit.expect import (
    expect_array,
    expect_dtype,
    expect_float64_accuracy,
    expect_float64_if_float,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-10, 1e-12


def _mistakes(a, b, eps=1e-8):
    na = np.linalg.norm(a, axis=1)
    nb = np.linalg.norm(b, axis=1)
    return [
        (a @ b.T, "these are dot products: divide each row of a and of b by its norm (cosine similarity)"),
        ((a / np.maximum(np.linalg.norm(a, axis=0), eps)) @ (b / np.maximum(np.linalg.norm(b, axis=0), eps)).T,
         "the norms are taken over axis 0 (one per column): divide each ROW by its own norm, "
         "np.linalg.norm(a, axis=1, keepdims=True)"),
        (a @ b.T / np.maximum(na, eps)[:, None], "only the rows of a are normalised: divide by the norms of the rows of b too"),
        (a @ b.T / np.maximum(nb, eps)[None, :], "only the rows of b are normalised: divide by the norms of the rows of a too"),
        (a @ b.T / np.maximum(na[:, None] * nb[None, :], eps),
         "the clamp is applied to the product of the norms: clamp each norm separately, "
         "a.b / (max(|a|, eps) * max(|b|, eps)), as torch does"),
        ((a @ b.T / np.maximum(na, eps)[:, None] / np.maximum(nb, eps)[None, :]).T,
         "the result is transposed: entry [i, j] is cos(a[i], b[j]), shape (rows of a, rows of b)"),
    ] + ([] if eps == 1e-8 else [
        (a @ b.T / np.maximum(na, 1e-8)[:, None] / np.maximum(nb, 1e-8)[None, :],
         f"the eps argument (here {eps:g}) is ignored (the default 1e-8 is used): clamp each norm at the eps you "
         "are given")]) + [
        (a @ b.T / (na + eps)[:, None] / (nb + eps)[None, :],
         "eps is added to the norms, a.b / ((|a| + eps) * (|b| + eps)): clamp each norm below at eps instead, "
         "a.b / (max(|a|, eps) * max(|b|, eps))"),
    ]


@pytest.mark.points(0.75)
def test_matches_torch_cosine_similarity(student, reference):
    rng = np.random.default_rng(110)
    for n, m, d in [(5, 7, 8), (6, 6, 3), (1, 4, 16)]:
        a = rng.normal(scale=3.0, size=(n, d))
        b = rng.normal(size=(m, d)) + 0.5
        want = reference.cosine_similarity_matrix(a, b)
        expect_array(student.cosine_similarity_matrix(a, b), want,
                     f"cosine_similarity_matrix(a, b) with a of shape {a.shape}, b of shape {b.shape}",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(a, b))


@pytest.mark.points(0.25)
def test_zero_and_tiny_vectors(student, reference):
    rng = np.random.default_rng(111)
    a = rng.normal(size=(4, 5))
    a[1] = 0.0
    a[2] *= 1e-10           # a norm below eps: clamped, as torch does
    b = rng.normal(size=(3, 5))
    b[0] = 0.0
    want = reference.cosine_similarity_matrix(a, b)
    got = student.cosine_similarity_matrix(a, b)
    expect_true(got is None or bool(np.all(np.isfinite(np.asarray(got, dtype=float)))),
                "cosine_similarity_matrix(a, b) where a and b have zero rows contains nan or inf: clamp each norm "
                "below at eps, a.b / (max(|a|, eps) * max(|b|, eps)), so that a zero row gives 0, not 0 / 0")
    expect_array(got, want,
                 "cosine_similarity_matrix(a, b) where a has a zero row and a row of norm 1e-10, b a zero row",
                 rtol=1e-9, atol=1e-12, mistakes=_mistakes(a, b))


@pytest.mark.points(0.25)
def test_invariant_to_scaling_rows(student, reference):
    rng = np.random.default_rng(112)
    a, b = rng.normal(size=(2, 6, 4))
    scale = rng.uniform(0.01, 100.0, size=(6, 1))
    want = reference.cosine_similarity_matrix(a, b)
    expect_array(student.cosine_similarity_matrix(a * scale, b / scale), want,
                 "cosine_similarity_matrix(a * s, b / s) with rows rescaled by factors in [0.01, 100]",
                 rtol=1e-9, atol=1e-12, mistakes=_mistakes(a * scale, b / scale))


def _check(got, reference, a, b, what, eps=None):
    kw = {} if eps is None else {"eps": eps}
    want = reference.cosine_similarity_matrix(a, b, **kw)
    expect_float64_if_float(got, what)
    mistakes = _mistakes(np.asarray(a, dtype=float), np.asarray(b, dtype=float), **kw) if len(a) else []
    if np.asarray(a).dtype != np.float64 and len(a) and len(b):
        expect_float64_accuracy(got, want, what, "convert a and b to float64 first (np.asarray(a, dtype=np.float64)), "
                                "so that the norms and dot products are float64", rtol=RTOL, atol=ATOL)
    expect_array(got, want, what, rtol=RTOL, atol=ATOL, mistakes=mistakes)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(113)
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(5, 3))
    got = student.cosine_similarity_matrix(a, b)
    expect_unchanged(student.last_call, "`a /= norm` normalises the caller's arrays: write a_hat = a / norm "
                                        "(a new array)")
    _check(got, reference, a, b, "cosine_similarity_matrix(a (4, 3), b (5, 3))")


@pytest.mark.points(0.25)
def test_eps_empty_and_float32(student, reference):
    rng = np.random.default_rng(114)
    a, b = rng.normal(scale=0.01, size=(3, 4)), rng.normal(size=(2, 4))
    _check(student.cosine_similarity_matrix(a, b, 0.1), reference, a, b,
           "cosine_similarity_matrix(a, b, eps=0.1) with rows of a of norm ~0.02 (each norm clamped at eps)", eps=0.1)
    a0 = np.zeros((0, 4))
    got = student.cosine_similarity_matrix(a0, b)
    expect_true(np.shape(got) == (0, 2), f"cosine_similarity_matrix of an empty a (shape (0, 4)) and b (2, 4) has "
                                         f"shape {np.shape(got)}, expected (0, 2)")
    for a0, b0 in [(np.zeros((3, 4), dtype=np.float32), np.zeros((0, 4), dtype=np.float32)),
                   (np.zeros((0, 4), dtype=np.float32), np.zeros((2, 4), dtype=np.float32))]:
        got = student.cosine_similarity_matrix(a0, b0)
        what = f"cosine_similarity_matrix of float32 a {a0.shape} and b {b0.shape}"
        expect_true(np.shape(got) == (len(a0), len(b0)), f"{what} has shape {np.shape(got)}, expected "
                                                          f"{(len(a0), len(b0))}")
        expect_dtype(np.asarray(got), np.float64, what,
                     "also for an empty result: np.zeros((N, M)) is float64; np.zeros(..., a.dtype) is not")
    a32, b32 = rng.normal(size=(3, 5)).astype(np.float32), rng.normal(size=(4, 5)).astype(np.float32)
    _check(student.cosine_similarity_matrix(a32, b32), reference, a32, b32,
           "cosine_similarity_matrix with float32 a (3, 5) and b (4, 5)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(115)
    for case in range(4):
        n, m, dim = int(rng.integers(1, 12)), int(rng.integers(1, 12)), int(rng.integers(1, 20))
        a = rng.normal(size=(n, dim)) * 10 ** rng.uniform(-3, 3, size=(n, 1))
        b = rng.normal(size=(m, dim)) * 10 ** rng.uniform(-3, 3, size=(m, 1))
        _check(student.cosine_similarity_matrix(a, b), reference, a, b,
               f"cosine_similarity_matrix(random a {a.shape}, b {b.shape}) (case {case})")
