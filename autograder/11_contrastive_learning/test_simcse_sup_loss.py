"""Hidden tests of simcse_sup_loss (mirrors SimCSE's cl_forward with num_sent == 3: the logits
[cos(z1, z2) | cos(z1, z3) + hard_negative_weight * I] / temp, nn.CrossEntropyLoss with labels arange(N)).

simcse_sup_loss is graded on its own: its calls of cosine_similarity_matrix (and simcse_unsup_loss) are answered
by the reference (student.with_reference); test_with_your_cosine_similarity_matrix checks them together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

COS = "cosine_similarity_matrix"

RTOL, ATOL = 1e-9, 1e-12


def _lse(x):
    m = x.max(axis=1, keepdims=True)
    return m[:, 0] + np.log(np.exp(x - m).sum(axis=1))


def _loss(logits, n):
    return float(np.mean(_lse(logits) - logits[np.arange(n), np.arange(n)]))


def _mistakes(h, hp, hn, tau, w, reference):
    n = len(h)
    pos = reference.cosine_similarity_matrix(h, hp)
    neg = reference.cosine_similarity_matrix(h, hn)
    eye = np.eye(n)
    return [
        (_loss(np.concatenate([pos / tau, np.diag(neg)[:, None] / tau + w], 1), n),
         "only each premise's own contradiction is in the denominator: every hard negative in the batch "
         "(all N columns of cos(h, h_neg)) is a negative for every premise"),
        (_loss(np.concatenate([pos / tau, neg / tau + w], 1), n) if w != 0 else np.nan,
         "hard_negative_weight is added to every hard-negative logit: add it only to each premise's own "
         "hard negative (the diagonal of the hard-negative block)"),
        (_loss(np.concatenate([pos / tau, neg / tau + np.exp(w) * eye], 1), n) if w != 0 else np.nan,
         "exp(w) is added to the logit: hard_negative_weight w is itself added to the logit (it is log(alpha))"),
        (reference.simcse_unsup_loss(h, hp, tau), "the hard negatives are missing: concatenate cos(h, h_neg) / "
                                                   "temperature to the N in-batch logits (2N logits per row)"),
        (_loss(np.concatenate([pos, neg + w * eye], 1), n),
         "the similarities are not divided by the temperature"),
        (_loss(np.concatenate([pos / tau, neg + w * eye], 1), n),
         "the hard-negative similarities are not divided by the temperature"),
        (_loss(np.concatenate([pos / tau, neg / tau + w * eye], 1), n) * n,
         "the loss is summed over the batch: take the mean over the N premises"),
        (_loss(np.concatenate([pos / tau, neg.T / tau + w * eye], 1), n),
         "the hard-negative block is transposed (cos(h_neg, h)): row i holds cos(h_i, h_neg_j) for every j, "
         "i.e. cosine_similarity_matrix(h, h_neg)"),
        (_loss(np.concatenate([pos.T / tau, neg / tau + w * eye], 1), n),
         "the positive block is transposed (cos(h_pos, h)): row i holds cos(h_i, h_pos_j) for every j, "
         "i.e. cosine_similarity_matrix(h, h_pos)"),
        (_loss(np.concatenate([pos, neg + w * eye], 1) / tau, n) if w != 0 and tau != 1 else np.nan,
         "hard_negative_weight is added before dividing by the temperature: add w to the logit cos / temperature "
         "(SimCSE adds its weight matrix to cos_sim after the division by temp)"),
    ]


@pytest.mark.points(0.75)
def test_matches_cl_forward_with_hard_negatives(student, reference):
    rng = np.random.default_rng(130)
    h = rng.normal(size=(6, 10))
    hp = h + 0.7 * rng.normal(size=(6, 10))
    hn = h + 1.2 * rng.normal(size=(6, 10))
    want = reference.simcse_sup_loss(h, hp, hn, 0.05, 0.0)
    expect_array(student.with_reference(COS, "simcse_unsup_loss").simcse_sup_loss(h, hp, hn, 0.05, 0.0), want,
                 "simcse_sup_loss(h, h_pos, h_neg, temperature=0.05) with inputs of shape (6, 10)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, hp, hn, 0.05, 0.0, reference))


@pytest.mark.points(0.75)
def test_hard_negative_weight(student, reference):
    rng = np.random.default_rng(131)
    h = rng.normal(size=(5, 8))
    hp = h + rng.normal(size=(5, 8))
    hn = h + rng.normal(size=(5, 8))
    for w in (np.log(0.5), 1.0, -2.0):
        want = reference.simcse_sup_loss(h, hp, hn, 0.1, w)
        expect_array(student.with_reference(COS, "simcse_unsup_loss").simcse_sup_loss(h, hp, hn, 0.1, w), want,
                     f"simcse_sup_loss(h, h_pos, h_neg, temperature=0.1, hard_negative_weight={w:.4g})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, hp, hn, 0.1, w, reference))


@pytest.mark.points(0.5)
def test_batch_sizes_and_small_temperatures(student, reference):
    rng = np.random.default_rng(132)
    for n, d, tau, w in [(2, 3, 0.5, 0.0), (17, 12, 0.01, 0.5), (4, 6, 1e-3, 0.0)]:
        h, hp, hn = rng.normal(size=(3, n, d))
        want = reference.simcse_sup_loss(h, hp, hn, tau, w)
        expect_array(student.with_reference(COS, "simcse_unsup_loss").simcse_sup_loss(h, hp, hn, tau, w), want,
                     f"simcse_sup_loss(h, h_pos, h_neg, temperature={tau:g}, hard_negative_weight={w:g}) "
                     f"with inputs of shape ({n}, {d})",
                     rtol=1e-8, atol=1e-9, mistakes=_mistakes(h, hp, hn, tau, w, reference))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(133)
    h, hp, hn = rng.normal(size=(3, 4, 5))
    got = student.with_reference(COS, "simcse_unsup_loss").simcse_sup_loss(h, hp, hn, 0.1, 0.3)
    expect_unchanged(student.last_call, "normalising the embeddings in place changes the caller's arrays: compute "
                                        "new arrays")
    expect_array(got, reference.simcse_sup_loss(h, hp, hn, 0.1, 0.3), "simcse_sup_loss(h, h_pos, h_neg, 0.1, 0.3) "
                 "with (4, 5) inputs", rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, hp, hn, 0.1, 0.3, reference))


@pytest.mark.points(0.25)
def test_one_sentence_and_defaults(student, reference):
    rng = np.random.default_rng(134)
    proxy = student.with_reference(COS, "simcse_unsup_loss")
    h, hp, hn = rng.normal(size=(3, 1, 6))
    expect_array(proxy.simcse_sup_loss(h, hp, hn, 0.1, 0.5), reference.simcse_sup_loss(h, hp, hn, 0.1, 0.5),
                 "simcse_sup_loss with a batch of ONE premise (one positive and one hard negative)", rtol=RTOL,
                 atol=ATOL)
    h, hp, hn = rng.normal(size=(3, 5, 4))
    defaults = [(reference.simcse_sup_loss(h, hp, hn, tau, w), f"a default is not the docstring's (this is the loss "
                 f"at temperature={tau:g}, hard_negative_weight={w:g}): the defaults are temperature=0.05, "
                 "hard_negative_weight=0.0")
                for tau in (0.05, 0.1, 0.07, 0.02, 0.5, 1.0) for w in (0.0, 1.0, float(np.log(2)), -1.0)
                if (tau, w) != (0.05, 0.0)]
    got = proxy.simcse_sup_loss(h, hp, hn)
    what = "simcse_sup_loss(h, h_pos, h_neg) with the defaults temperature=0.05, hard_negative_weight=0"
    expect_array(got, reference.simcse_sup_loss(h, hp, hn), what, rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(h, hp, hn, 0.05, 0.0, reference) + defaults)
    expect_python_float(got, what, "np.mean returns a NumPy float: wrap the result in float(...)")


@pytest.mark.points(0.25)
def test_random_batches(student, reference):
    rng = np.random.default_rng(135)
    for case in range(4):
        n, dim = int(rng.integers(1, 16)), int(rng.integers(1, 12))
        tau, w = float(10 ** rng.uniform(-3, 0)), float(rng.choice([0.0, rng.uniform(-3, 3)]))
        h, hp, hn = rng.normal(size=(3, n, dim))
        expect_array(student.with_reference(COS, "simcse_unsup_loss").simcse_sup_loss(h, hp, hn, tau, w),
                     reference.simcse_sup_loss(h, hp, hn, tau, w),
                     f"simcse_sup_loss(random inputs of shape ({n}, {dim}), temperature={tau:.3g}, "
                     f"hard_negative_weight={w:.3g}) (case {case})", rtol=1e-8, atol=1e-8,
                     mistakes=_mistakes(h, hp, hn, tau, w, reference))


@pytest.mark.points(0.25)
def test_with_your_cosine_similarity_matrix(student, reference):
    rng = np.random.default_rng(136)
    h, hp, hn = rng.normal(size=(3, 5, 7))
    expect_array(student.simcse_sup_loss(h, hp, hn, 0.05, 0.2), reference.simcse_sup_loss(h, hp, hn, 0.05, 0.2),
                 "simcse_sup_loss(h, h_pos, h_neg, 0.05, 0.2) computed with YOUR cosine_similarity_matrix",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(h, hp, hn, 0.05, 0.2, reference))
