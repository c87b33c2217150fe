"""Hidden tests of pvp_class_distribution (mirrors PET's convert_mlm_logits_to_cls_logits: the mean logit of each
label's verbalizer ids at the mask position, -1 = padding; then a softmax over the labels)."""
import numpy as np
import pytest

from coursekit.expect import (
    expect_array,
    expect_dtype,
    expect_equal,
    expect_float64_accuracy,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-10, 1e-12


def _softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _case(seed, B=4, S=6, V=20, scale=3.0):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=scale, size=(B, S, V))
    pos = rng.integers(1, S, size=B)
    ids = np.array([[3, 7, -1], [11, -1, -1], [5, 2, 9]])
    return logits, pos, ids


def _score_mistakes(logits, pos, ids):
    B = len(pos)
    valid = ids >= 0
    safe = np.where(valid, ids, 0)
    def mean_at(rows):
        return (rows[:, safe] * valid).sum(-1) / valid.sum(-1)
    at = logits[np.arange(B), pos]
    return [
        (mean_at(logits[:, 0]), "the logits are taken at position 0 ([CLS]): take them at each input's mask position"),
        (mean_at(logits[:, pos[0]]), "every input's logits are taken at the first input's mask position "
                                     "(mask_positions[0]): take them at each input's own mask position, "
                                     "logits[np.arange(B), mask_positions]"),
        (mean_at(logits[np.arange(B), np.zeros(B, int) + logits.shape[1] - 1]),
         "the logits are taken at the last position: take them at each input's mask position"),
        (at[:, ids].mean(-1), "the padding entries (-1) are used as ids: average only over each label's real words"),
        ((at[:, safe] * valid).sum(-1) / ids.shape[1], "the mean divides by the padded width: divide by the number of "
                                                       "words of each label"),
        ((at[:, safe] * valid).sum(-1), "the logits of a label's words are summed: take their mean"),
        (np.where(valid, at[:, safe], -np.inf).max(-1), "the maximum over a label's words is taken: PET takes the mean"),
    ]


def _check(student, reference, logits, pos, ids, what):
    got = student.pvp_class_distribution(logits, pos, ids)
    logits = np.asarray(logits, dtype=np.float64)
    expect_true(isinstance(got, dict), f"{what} returned a {type(got).__name__}; return a dict with keys scores, probs")
    expect_equal(sorted(got), ["probs", "scores"], f"the keys returned by {what}")
    want = reference.pvp_class_distribution(logits, pos, ids)
    expect_array(got["scores"], want["scores"], f"{what}['scores']", rtol=RTOL, atol=ATOL,
                 mistakes=_score_mistakes(logits, pos, ids))
    at = logits[np.arange(len(pos)), pos]
    full = _softmax(at)
    safe = np.where(ids >= 0, ids, 0)
    probs_vocab = (full[:, safe] * (ids >= 0)).sum(-1) / (ids >= 0).sum(-1)
    expect_array(got["probs"], want["probs"], f"{what}['probs']", rtol=1e-9, atol=1e-12, mistakes=[
        (probs_vocab, "the softmax runs over the whole vocabulary: PET normalises over the K labels only, "
                      "softmax of the (B, K) scores"),
        (_softmax(want["scores"], axis=0), "the softmax runs over the batch (axis 0): normalise over the labels (axis 1)"),
        (want["scores"], "probs are the raw scores: apply a softmax over the labels"),
    ])
    return got


@pytest.mark.points(0.5)
def test_matches_pet_scoring(student, reference):
    logits, pos, ids = _case(310)
    _check(student, reference, logits, pos, ids,
           "pvp_class_distribution(logits (4, 6, 20), mask_positions, label_token_ids (3, 3) with -1 padding)")


@pytest.mark.points(0.5)
def test_single_word_verbalizers_and_batch(student, reference):
    rng = np.random.default_rng(311)
    logits = rng.normal(size=(7, 9, 30))
    pos = rng.integers(0, 9, size=7)
    pos[0] = 0
    ids = np.array([[4], [8], [15], [16], [29]])
    _check(student, reference, logits, pos, ids, "pvp_class_distribution with 5 one-word labels and a batch of 7")


@pytest.mark.points(0.5)
def test_large_logits_are_stable(student, reference):
    logits, pos, ids = _case(312, scale=1e4)
    _check(student, reference, logits, pos, ids, "pvp_class_distribution on logits of size 1e4")


@pytest.mark.points(0.5)
def test_one_input_one_label_and_dtypes(student, reference):
    rng = np.random.default_rng(313)
    logits = rng.normal(size=(1, 5, 12))
    _check(student, reference, logits, np.array([3]), np.array([[2, 7, -1], [5, -1, -1]]),
           "pvp_class_distribution with a batch of one input (B=1)")
    _check(student, reference, logits, np.array([3]), np.array([[2, 7]]),
           "pvp_class_distribution with a single label (K=1: its probability is 1)")
    logits32 = rng.normal(size=(3, 4, 10)).astype(np.float32)
    pos32, ids32 = np.array([1, 0, 3], dtype=np.int32), np.array([[1, 4], [6, -1]], dtype=np.int32)
    got = student.pvp_class_distribution(logits32, pos32, ids32)
    for key in ("scores", "probs"):
        value = got.get(key) if isinstance(got, dict) else None
        expect_dtype(value, np.float64, f"pvp_class_distribution(float32 logits)[{key!r}]",
                     "np.asarray(mlm_logits, dtype=np.float64) first")
    want = reference.pvp_class_distribution(logits32, pos32, ids32)
    for key in ("scores", "probs"):
        value = got[key]
        expect_float64_accuracy(value, want[key], f"pvp_class_distribution(float32 logits)[{key!r}]",
                                "convert mlm_logits to float64 before computing (np.asarray(mlm_logits, "
                                "dtype=np.float64))", rtol=RTOL, atol=ATOL)
    _check(student, reference, logits32, pos32, ids32, "pvp_class_distribution with float32 logits and int32 positions and ids")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    logits, pos, ids = _case(314)
    student.pvp_class_distribution(logits, pos, ids)
    expect_unchanged(student.last_call, "mask the padding in a new array (np.where(ids >= 0, ids, 0)); never write "
                                        "into label_token_ids or mlm_logits")


@pytest.mark.points(0.5)
def test_random_batches_and_verbalizers(student, reference):
    rng = np.random.default_rng(1332)
    for _ in range(3):
        B, S, V, K, W = (int(rng.integers(1, 6)), int(rng.integers(1, 8)), int(rng.integers(5, 40)),
                         int(rng.integers(1, 5)), int(rng.integers(1, 4)))
        logits = rng.normal(scale=float(rng.choice([0.1, 3.0, 50.0])), size=(B, S, V))
        pos = rng.integers(0, S, size=B)
        ids = rng.integers(0, V, size=(K, W))
        ids[:, 1:][rng.random((K, W - 1)) < 0.4] = -1            # some padding after each label's first word
        ids = np.array([np.concatenate([r[r >= 0], r[r < 0]]) for r in ids])   # padding on the right
        _check(student, reference, logits, pos, ids,
               f"pvp_class_distribution(logits {logits.shape}, mask_positions, label_token_ids {ids.shape}) (random draw)")
