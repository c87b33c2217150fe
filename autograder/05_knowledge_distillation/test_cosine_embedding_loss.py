"""Hidden tests of cosine_embedding_loss (mirrors torch.nn.CosineEmbeddingLoss with target +1)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_true, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(40)
    hs, ht = rng.normal(size=(2, 8, 16))
    want = reference.cosine_embedding_loss(hs, ht)
    cos = (hs * ht).sum(-1) / np.linalg.norm(hs, axis=-1) / np.linalg.norm(ht, axis=-1)
    expect_array(student.cosine_embedding_loss(hs, ht), want, "cosine_embedding_loss(hs, ht) with (8, 16) inputs",
                 rtol=RTOL, atol=ATOL,
                 mistakes=[(cos.mean(), "this is the mean cosine similarity: the loss is the mean of 1 - cos"),
                           (-cos.mean(), "this is minus the mean cosine similarity: the loss is the mean of 1 - cos"),
                           ((1 - cos).sum(), "the loss is summed over rows: take the mean over the N rows"),
                           (1 - (hs * ht).sum(-1).mean(),
                            "the dot products are not divided by the norms: cos = h_s . h_t / (|h_s| |h_t|)"),
                           (np.mean(1 - (hs * ht).sum(0) / np.linalg.norm(hs, axis=0) / np.linalg.norm(ht, axis=0)),
                            "the dot products and norms are taken over axis 0 (down the rows): each row n is one "
                            "vector, sum over its d features (axis=-1)")])


@pytest.mark.points(0.5)
def test_scale_invariant_and_bounded(student, reference):
    rng = np.random.default_rng(41)
    hs, ht = rng.normal(size=(2, 5, 3))
    want = reference.cosine_embedding_loss(hs, ht)
    expect_array(student.cosine_embedding_loss(100.0 * hs, 0.01 * ht), want,
                 "cosine_embedding_loss(100 * hs, 0.01 * ht): scaling the vectors must not change the loss",
                 rtol=1e-7, atol=1e-12)
    expect_array(student.cosine_embedding_loss(hs, -hs), 2.0, "cosine_embedding_loss(h, -h)", rtol=0, atol=1e-12)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    hs, ht = np.random.default_rng(42).normal(size=(2, 4, 5))
    got = student.cosine_embedding_loss(hs, ht)
    expect_unchanged(student.last_call, "normalising in place (`h /= norm`) changes the caller's arrays: compute "
                                        "new arrays")
    expect_array(got, reference.cosine_embedding_loss(hs, ht), "cosine_embedding_loss(hs, ht) with (4, 5) inputs",
                 rtol=RTOL, atol=ATOL, mistakes=_default_eps(reference, hs, ht))
    expect_python_float(got, "cosine_embedding_loss(hs, ht)", "np.mean and np.float64 arithmetic return NumPy floats")


def _default_eps(reference, hs, ht):
    return [(reference.cosine_embedding_loss(hs, ht, eps=eps), f"these are the values for eps={eps:g} "
             "(F.cosine_similarity's default is 1e-8): called without eps, use the docstring's default eps=1e-12")
            for eps in (1e-8, 1e-6)]


@pytest.mark.points(0.25)
def test_zero_vectors_and_eps(student, reference):
    rng = np.random.default_rng(43)
    hs, ht = rng.normal(size=(2, 4, 6))
    hs[1] = 0.0
    ht[2] = 0.0
    got = student.cosine_embedding_loss(hs, ht)
    what = "cosine_embedding_loss(hs, ht) where one row of hs and one row of ht are all zeros"
    expect_true(got is not None and bool(np.all(np.isfinite(np.asarray(got, dtype=float)))),
                f"{what} is not finite: add eps to each squared norm, cos = h_s . h_t / sqrt((|h_s|^2 + eps) "
                "(|h_t|^2 + eps)), as torch's CosineEmbeddingLoss (a zero row then has cos 0 and loss 1)")
    expect_array(got, reference.cosine_embedding_loss(hs, ht), what, rtol=RTOL, atol=ATOL,
                 mistakes=_default_eps(reference, hs, ht))
    small = rng.normal(scale=0.05, size=(2, 3, 4))
    dot = (small[0] * small[1]).sum(-1)
    n0, n1 = (small[0] ** 2).sum(-1), (small[1] ** 2).sum(-1)
    expect_array(student.cosine_embedding_loss(small[0], small[1], eps=1e-2),
                 reference.cosine_embedding_loss(small[0], small[1], eps=1e-2),
                 "cosine_embedding_loss(hs, ht, eps=1e-2) with vectors of norm ~0.1 (cos = h_s . h_t / "
                 "sqrt((|h_s|^2 + eps) (|h_t|^2 + eps)))", rtol=1e-9, atol=1e-12,
                 mistakes=[(np.mean(1 - dot / np.sqrt(n0 * n1)),
                            "eps has no effect on your result (it is the plain cosine h_s . h_t / (|h_s| |h_t|)): is "
                            "the eps argument ignored, or are the norms clamped at eps (as F.cosine_similarity)? "
                            "eps is added to each squared norm inside the square root: cos = h_s . h_t / "
                            "sqrt((|h_s|^2 + eps) (|h_t|^2 + eps))"),
                           (np.mean(1 - dot / np.sqrt(n0 * n1 + 1e-2)),
                            "eps is added once, to the product of the squared norms: add it to each squared norm, "
                            "sqrt((|h_s|^2 + eps) (|h_t|^2 + eps))")])


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(44)
    for case in range(4):
        n, d = int(rng.integers(1, 20)), int(rng.integers(1, 40))
        hs, ht = rng.normal(scale=float(10 ** rng.uniform(-2, 3)), size=(2, n, d))
        expect_array(student.cosine_embedding_loss(hs, ht), reference.cosine_embedding_loss(hs, ht),
                     f"cosine_embedding_loss(random ({n}, {d}) inputs) (case {case})", rtol=1e-9, atol=1e-12)
