"""Hidden tests of simcse_unsup_loss (mirrors SimCSE's cl_forward with two views:
nn.CrossEntropyLoss()(cos_sim / temp, arange(N))).

simcse_unsup_loss is graded on its own: its calls of cosine_similarity_matrix are answered by the reference
(student.with_reference); test_with_your_cosine_similarity_matrix checks the two together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_python_float, expect_unchanged

COS = "cosine_similarity_matrix"

RTOL, ATOL = 1e-9, 1e-12


def _lse(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.exp(x - m).sum(axis=axis))


def _mistakes(z1, z2, tau, reference):
    cos = reference.cosine_similarity_matrix(z1, z2)
    n = len(cos)
    logits = cos / tau
    rows = _lse(logits, 1) - np.diag(logits)
    cols = _lse(logits, 0) - np.diag(logits)
    off = np.where(np.eye(n, dtype=bool), -np.inf, logits)
    out = [
        ((_lse(cos, 1) - np.diag(cos)).mean(),
         f"the similarities are not divided by the temperature: the logits are cos / temperature (here / {tau:g})"),
        ((_lse(cos * tau, 1) - np.diag(cos * tau)).mean(),
         "the similarities are multiplied by the temperature: divide cos by the temperature"),
        (cols.mean(), "the softmax runs over the columns (axis 0): each row i of the similarity matrix is a "
                      "classification of sentence i among the N candidates z2[j], normalise over j (axis 1)"),
        (rows.sum(), "the loss is summed over the batch: take the mean over the N sentences (CrossEntropyLoss's default)"),
        ((0.5 * (rows + cols)).mean(), "this is the symmetric (row and column) loss: SimCSE uses the row-wise "
                                        "cross-entropy only"),
    ]
    if n > 1:
        out.append(((_lse(off, 1) - np.diag(logits)).mean(),
                    "the positive is left out of the denominator: the softmax runs over all N candidates, "
                    "including the positive z2[i]"))
    return out


@pytest.mark.points(0.75)
def test_matches_simcse_cl_forward(student, reference):
    rng = np.random.default_rng(120)
    z1 = rng.normal(size=(8, 16))
    z2 = z1 + 0.8 * rng.normal(size=(8, 16))
    want = reference.simcse_unsup_loss(z1, z2, 0.05)
    got = student.with_reference(COS).simcse_unsup_loss(z1, z2, 0.05)
    what = "simcse_unsup_loss(z1, z2, temperature=0.05) with z1, z2 of shape (8, 16)"
    expect_array(got, want, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(z1, z2, 0.05, reference))
    expect_python_float(got, what, "np.mean returns a NumPy float: wrap the result in float(...)")


@pytest.mark.points(0.5)
def test_other_batch_sizes_and_temperatures(student, reference):
    rng = np.random.default_rng(121)
    for n, d, tau in [(2, 4, 0.1), (5, 3, 1.0), (32, 24, 0.02), (12, 8, 0.5)]:
        z1 = rng.normal(size=(n, d))
        z2 = z1 + rng.normal(size=(n, d))
        want = reference.simcse_unsup_loss(z1, z2, tau)
        expect_array(student.with_reference(COS).simcse_unsup_loss(z1, z2, tau), want,
                     f"simcse_unsup_loss(z1, z2, temperature={tau:g}) with z1, z2 of shape ({n}, {d})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(z1, z2, tau, reference))


@pytest.mark.points(0.5)
def test_small_temperature_is_stable(student, reference):
    rng = np.random.default_rng(122)
    z1, z2 = rng.normal(size=(2, 6, 5))
    for tau in (1e-3, 1e-4):
        want = reference.simcse_unsup_loss(z1, z2, tau)
        expect_array(student.with_reference(COS).simcse_unsup_loss(z1, z2, tau), want,
                     f"simcse_unsup_loss(z1, z2, temperature={tau:g}) (logits up to {1 / tau:g})",
                     rtol=1e-8, atol=1e-8, mistakes=_mistakes(z1, z2, tau, reference))


@pytest.mark.points(0.25)
def test_perfect_and_collapsed_batches(student, reference):
    rng = np.random.default_rng(123)
    z = rng.normal(size=(5, 7))
    shuffled = z[[1, 0, 3, 4, 2]]
    want = reference.simcse_unsup_loss(z, shuffled, 0.05)
    expect_array(student.with_reference(COS).simcse_unsup_loss(z, shuffled, 0.05), want,
                 "simcse_unsup_loss(z, z with rows permuted, 0.05)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(z, shuffled, 0.05, reference))
    expect_array(student.with_reference(COS).simcse_unsup_loss(np.eye(6), 2 * np.eye(6), 0.05),
                 reference.simcse_unsup_loss(np.eye(6), 2 * np.eye(6), 0.05),
                 "simcse_unsup_loss(I_6, 2 I_6, 0.05) (orthogonal sentences, identical views)", rtol=1e-6, atol=1e-12)
    expect_array(student.with_reference(COS).simcse_unsup_loss(np.ones((7, 3)), np.ones((7, 3)), 0.05), np.log(7),
                 "simcse_unsup_loss on 7 identical embeddings (every row uniform: log 7)", rtol=1e-10, atol=1e-12)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(124)
    z1, z2 = rng.normal(size=(2, 5, 4))
    got = student.with_reference(COS).simcse_unsup_loss(z1, z2, 0.1)
    expect_unchanged(student.last_call, "normalising z1 or z2 in place changes the caller's embeddings: compute "
                                        "new arrays")
    expect_array(got, reference.simcse_unsup_loss(z1, z2, 0.1), "simcse_unsup_loss(z1, z2, 0.1) with (5, 4) inputs",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(z1, z2, 0.1, reference))


@pytest.mark.points(0.25)
def test_one_sentence_and_default_temperature(student, reference):
    rng = np.random.default_rng(125)
    z1, z2 = rng.normal(size=(2, 1, 6))
    try:
        got = student.with_reference(COS).simcse_unsup_loss(z1, z2, 0.05)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise AssertionError(f"simcse_unsup_loss with a batch of ONE sentence: {exc}: a batch may hold a single "
                             "sentence, which has no in-batch negative: the softmax over its one candidate gives "
                             "loss 0 (compute the log-sum-exp over the whole row, positive included)") from None
    what = "simcse_unsup_loss with a batch of ONE sentence (its only candidate is the positive: loss 0)"
    expect_array(got, 0.0, what, rtol=0, atol=1e-12)
    expect_python_float(got, what, "a special case `return 0` gives an int: return 0.0, or let the general formula "
                                   "give float(...)")
    z1, z2 = rng.normal(size=(2, 6, 5))
    defaults = [(reference.simcse_unsup_loss(z1, z2, tau), f"the default temperature is not 0.05 (this is the loss "
                 f"at temperature={tau:g}): use the docstring's default temperature=0.05")
                for tau in (0.1, 0.07, 0.02, 0.01, 0.5, 1.0)]
    expect_array(student.with_reference(COS).simcse_unsup_loss(z1, z2), reference.simcse_unsup_loss(z1, z2),
                 "simcse_unsup_loss(z1, z2) with the default temperature=0.05", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(z1, z2, 0.05, reference) + defaults)


@pytest.mark.points(0.25)
def test_random_batches(student, reference):
    rng = np.random.default_rng(126)
    for case in range(4):
        n, dim = int(rng.integers(1, 20)), int(rng.integers(1, 16))
        tau = float(10 ** rng.uniform(-3.5, 0))
        z1 = rng.normal(size=(n, dim))
        z2 = z1 + float(rng.uniform(0, 2)) * rng.normal(size=(n, dim))
        expect_array(student.with_reference(COS).simcse_unsup_loss(z1, z2, tau),
                     reference.simcse_unsup_loss(z1, z2, tau),
                     f"simcse_unsup_loss(random z1, z2 of shape ({n}, {dim}), temperature={tau:.3g}) (case {case})",
                     rtol=1e-8, atol=1e-8, mistakes=_mistakes(z1, z2, tau, reference))


@pytest.mark.points(0.25)
def test_with_your_cosine_similarity_matrix(student, reference):
    rng = np.random.default_rng(127)
    z1 = rng.normal(size=(6, 8))
    z2 = z1 + rng.normal(size=(6, 8))
    expect_array(student.simcse_unsup_loss(z1, z2, 0.05), reference.simcse_unsup_loss(z1, z2, 0.05),
                 "simcse_unsup_loss(z1, z2, 0.05) computed with YOUR cosine_similarity_matrix", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(z1, z2, 0.05, reference))
