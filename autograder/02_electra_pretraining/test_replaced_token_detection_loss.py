"""Hidden tests of replaced_token_detection_loss (mirrors ElectraForPreTraining's loss:
BCEWithLogitsLoss over the positions where attention_mask == 1)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _bce(x, y):
    return np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))


def _mistakes(x, y, mask):
    active = mask.astype(bool)
    per = _bce(x, y)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1 / (1 + np.exp(-x))
        naive = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return [
        (per.mean(), "padding positions are included: average only over the positions where attention_mask is 1"),
        (per[active].sum(), "the loss is summed: average over the active (attention_mask == 1) positions"),
        (per[active].sum() / per.size, "the sum over active positions is divided by all B*S positions: divide by "
                                       "the number of positions where attention_mask is 1"),
        (_bce(x, 1 - y)[active].mean(), "the labels are inverted: the logit is that of 'replaced' (label 1)"),
        (_bce(-x, y)[active].mean(), "the sign of the logit is flipped: sigmoid(logit) is the probability of "
                                     "'replaced'"),
        (naive[active].mean(), "log(sigmoid(x)) is computed directly: use max(x, 0) - x*y + log1p(exp(-|x|))"),
    ] + _int_index(per, mask) + _row_means(per, active) + _clipped(x, y, active)


def _clipped(x, y, active):
    """The BCE of sigmoid probabilities clipped to [eps, 1 - eps], for the usual eps."""
    with np.errstate(over="ignore"):
        p = 1 / (1 + np.exp(-x))
    out = []
    for eps in (1e-5, 1e-6, 1e-7, 1e-8, 1e-10, 1e-12, 1e-15, float(np.finfo(float).eps)):
        q = np.clip(p, eps, 1 - eps)
        out.append(((-(y * np.log(q) + (1 - y) * np.log(1 - q)))[active].mean(),
                    f"the sigmoid probabilities were clipped to [{eps:g}, 1 - {eps:g}]: finite, but a confidently "
                    "wrong logit must cost about |logit|, not -log(eps): compute the loss from the logit itself, "
                    "max(x, 0) - x*y + log1p(exp(-|x|))"))
    return out


def _int_index(per, mask):
    if per.ndim != 2 or per.shape[0] < 2:
        return []
    return [(per[mask.astype(np.int64)].mean(), "the 0/1 integer attention_mask was used as an index "
             "(loss[attention_mask]), which picks ROWS 0 and 1: select the positions with attention_mask == 1")]


def _row_means(per, active):
    counts = active.sum(1)
    rows = counts > 0
    if rows.sum() < 2 or len(set(counts[rows].tolist())) < 2:
        return []
    return [(((per * active).sum(1)[rows] / counts[rows]).mean(),
             "each sequence was averaged over its real tokens, then the sequences were averaged: average once over "
             "ALL active positions of the batch (sequences with more real tokens weigh more)")]


def _batch(seed, B, S, scale=3.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=scale, size=(B, S))
    y = (rng.random((B, S)) < 0.3).astype(np.int64)
    mask = np.ones((B, S), dtype=np.int64)
    lengths = rng.integers(1, S + 1, size=B)
    mask[np.arange(S)[None, :] >= lengths[:, None]] = 0
    mask[0] = 1
    return x, y, mask


@pytest.mark.points(1.25)
def test_matches_bce_with_logits_over_active_positions(student, reference):
    for seed, (B, S) in [(30, (4, 12)), (31, (1, 30)), (32, (7, 5))]:
        x, y, mask = _batch(seed, B, S)
        expect_array(student.replaced_token_detection_loss(x, y, mask),
                     reference.replaced_token_detection_loss(x, y, mask),
                     f"replaced_token_detection_loss on a ({B}, {S}) batch with padding",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, y, mask))


@pytest.mark.points(1.25)
def test_stable_for_huge_logits(student, reference):
    x, y, mask = _batch(33, 3, 8, scale=800.0)
    expect_array(student.replaced_token_detection_loss(x, y, mask),
                 reference.replaced_token_detection_loss(x, y, mask),
                 "replaced_token_detection_loss with logits of size ~800 (exp overflows)",
                 rtol=1e-9, atol=1e-9, mistakes=_mistakes(x, y, mask))
    x = np.array([[1e4, -1e4, 1e4, -1e4, 0.0]])
    y = np.array([[1, 0, 0, 1, 1]])
    mask = np.array([[1, 1, 1, 1, 0]])
    expect_array(student.replaced_token_detection_loss(x, y, mask), 1e4 / 2,
                 "replaced_token_detection_loss([[1e4, -1e4, 1e4, -1e4, 0]], labels [[1, 0, 0, 1, 1]], mask "
                 "[[1, 1, 1, 1, 0]]) (two confident right answers, two confident wrong ones)",
                 rtol=1e-12, atol=1e-9, mistakes=_mistakes(x, y, mask))


@pytest.mark.points(0.75)
def test_all_tokens_vs_masked_subset(student, reference):
    x, y, _ = _batch(34, 5, 10)
    for density in (1.0, 0.15):
        mask = (np.random.default_rng(35).random((5, 10)) < density).astype(np.int64)
        mask[0, 0] = 1
        expect_array(student.replaced_token_detection_loss(x, y, mask),
                     reference.replaced_token_detection_loss(x, y, mask),
                     f"replaced_token_detection_loss with {int(mask.sum())} of 50 positions active",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, y, mask))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    x, y, mask = _batch(36, 3, 9)
    got = student.replaced_token_detection_loss(x, y, mask)
    expect_unchanged(student.last_call, "the loss only reads its inputs: select the active positions into new "
                                        "arrays (x[mask == 1]) instead of overwriting logits or labels")
    expect_array(got, reference.replaced_token_detection_loss(x, y, mask), "replaced_token_detection_loss on a (3, 9) "
                 "batch with padding", rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, y, mask))
    expect_python_float(got, "replaced_token_detection_loss on a (3, 9) batch",
                        "np.mean, np.sum and np.float64 arithmetic return NumPy floats: return float(...)")


@pytest.mark.points(0.5)
def test_random_batches(student, reference):
    rng = np.random.default_rng(37)
    for case in range(4):
        B, S = int(rng.integers(1, 9)), int(rng.integers(1, 25))
        scale = float(10 ** rng.uniform(-1, 3))
        x, y, mask = _batch(int(rng.integers(1000)), B, S, scale=scale)
        expect_array(student.replaced_token_detection_loss(x, y, mask),
                     reference.replaced_token_detection_loss(x, y, mask),
                     f"replaced_token_detection_loss on a random ({B}, {S}) batch, logits of scale {scale:.3g} "
                     f"(case {case})", rtol=1e-9, atol=1e-9, mistakes=_mistakes(x, y, mask))
