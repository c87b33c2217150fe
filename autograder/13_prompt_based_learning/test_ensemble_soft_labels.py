"""Hidden tests of ensemble_soft_labels (mirrors PET's merge_logits.py: np.average of the PVP logits weighted by each
PVP's accuracy on the training set before training, and the distillation target softmax(logits / temperature))."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_float64_accuracy,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-10, 1e-12


def _softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _case(seed, P=3, U=5, N=8, K=3, scale=2.0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, K, size=N)
    train = rng.normal(scale=scale, size=(P, N, K))
    for p, strength in enumerate(np.linspace(3.0, 0.0, P)):       # PVPs of decreasing quality
        train[p, np.arange(N), labels] += strength
    return rng.normal(scale=scale, size=(P, U, K)), train, labels


def _call(student, unl, train, labels, *rest):
    """student.ensemble_soft_labels(...); a broadcasting error when N != K gets a hint on the accuracy's axis."""
    try:
        return student.ensemble_soft_labels(unl, train, labels, *rest)
    except StudentCodeError as exc:
        P, N, K = np.shape(train)
        if exc.kind != "error" or "broadcast" not in str(exc) or N == K:
            raise
        raise AssertionError(f"ensemble_soft_labels with scores of shape {np.shape(unl)}, train_scores {(P, N, K)}: "
                             f"{exc}: is the accuracy's prediction taken over the wrong axis? The prediction of PVP p "
                             "on training example n is the argmax over the K labels, np.argmax(train_scores, axis=-1) "
                             "of shape (P, N), compared with train_labels of shape (N,)") from None


def _mistakes(unl, train, labels, T, weighting):
    P = len(unl)
    acc = (train.argmax(-1) == labels).mean(-1)
    w = acc if (weighting == "accuracy" and acc.sum() > 0) else np.ones(P)
    avg = np.tensordot(w, unl, axes=1) / w.sum()
    out = [
        (_softmax(avg), f"the temperature is missing: divide the averaged scores by T (= {T:g}) before the softmax"),
        (_softmax(avg * T), "the scores are multiplied by T: divide them by T"),
        (np.tensordot(w, _softmax(unl / T), axes=1) / w.sum(),
         "the PVPs' probabilities are averaged: average the scores (logits), then take the softmax of the average / T"),
        (_softmax(np.tensordot(w, unl, axes=1) / T), "the weighted scores are summed: divide by the sum of the weights"),
        (_softmax(avg / T, axis=0), "the softmax runs over the examples (axis 0): normalise over the labels"),
    ]
    if weighting == "accuracy":
        out.append((_softmax(unl.mean(0) / T), "the PVPs are averaged with equal weights: weight each PVP by its "
                                               "accuracy on the training set (weighting='accuracy')"))
        if (acc == 0).any() and acc.sum() > 0:
            out.append((_softmax(unl.mean(0) / T), "uniform weights are used because one PVP has accuracy 0: fall back "
                                                   "to uniform weights only when ALL accuracies are 0 (otherwise a PVP "
                                                   "with accuracy 0 simply gets weight 0)"))
        out.append((_softmax(np.tensordot(1 - acc, unl, axes=1) / max((1 - acc).sum(), 1e-12) / T),
                    "the weights are error rates: weight each PVP by its accuracy"))
        own = np.take_along_axis(train, np.asarray(labels)[None, :, None], axis=-1)[..., 0]
        tied = (own >= train.max(-1)).mean(-1)
        if tied.sum() > 0 and not np.array_equal(tied, acc):
            out.append((_softmax(np.tensordot(tied, unl, axes=1) / tied.sum() / T),
                        "a training example whose true label only ties the highest score is counted as correct: the "
                        "prediction is np.argmax, which picks the FIRST of tied labels"))
    else:
        out.append((_softmax(np.tensordot(acc, unl, axes=1) / max(acc.sum(), 1e-12) / T),
                    "weighting='uniform' gives every PVP weight 1: do not use the accuracies"))
    return out


@pytest.mark.points(0.5)
def test_weighted_matches_pet(student, reference):
    unl, train, labels = _case(320)
    want = reference.ensemble_soft_labels(unl, train, labels, 2.0)
    expect_array(_call(student, unl, train, labels, 2.0), want,
                 "ensemble_soft_labels(scores (3, 5, 3), train_scores (3, 8, 3), train_labels, T=2)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(unl, train, labels, 2.0, "accuracy"))


@pytest.mark.points(0.5)
def test_uniform_weighting(student, reference):
    unl, train, labels = _case(321, P=4, U=6, N=10, K=2)
    for T in (1.0, 4.0):
        want = reference.ensemble_soft_labels(unl, train, labels, T, "uniform")
        expect_array(_call(student, unl, train, labels, T, "uniform"), want,
                     f"ensemble_soft_labels(..., T={T:g}, weighting='uniform') with 4 PVPs", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(unl, train, labels, T, "uniform"))


@pytest.mark.points(0.5)
def test_other_temperatures_and_sizes(student, reference):
    for seed, P, U, N, K, T in [(322, 2, 7, 12, 5, 0.5), (323, 5, 3, 20, 4, 5.0), (324, 1, 4, 6, 3, 2.0)]:
        unl, train, labels = _case(seed, P, U, N, K)
        want = reference.ensemble_soft_labels(unl, train, labels, T)
        expect_array(_call(student, unl, train, labels, T), want,
                     f"ensemble_soft_labels with P={P} PVPs, U={U}, N={N}, K={K}, T={T:g}", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(unl, train, labels, T, "accuracy"))
    unl, train, labels = _case(328, 4, 3, 10, 3)
    train = np.round(train / 2)                      # integer scores: many ties between labels
    want = reference.ensemble_soft_labels(unl, train, labels, 2.0)
    expect_array(_call(student, unl, train, labels, 2.0), want,
                 "ensemble_soft_labels with integer-valued training scores (ties: np.argmax picks the first maximal "
                 "label)", rtol=RTOL, atol=ATOL, mistakes=_mistakes(unl, train, labels, 2.0, "accuracy"))


@pytest.mark.points(0.75)
def test_zero_accuracy_fallback_and_large_scores(student, reference):
    unl, train, labels = _case(325)
    wrong = train.copy()
    wrong[:, np.arange(len(labels)), labels] = -100.0          # every PVP is wrong on every training example
    want = reference.ensemble_soft_labels(unl, wrong, labels, 2.0)
    got = _call(student, unl, wrong, labels, 2.0)
    expect_true(not (isinstance(got, np.ndarray) and got.size and np.isnan(got).all()),
                "ensemble_soft_labels when every PVP has accuracy 0 returned nan: the weights sum to 0 (0/0); fall back "
                "to uniform weights (w_p = 1) when all accuracies are 0, as the docstring says")
    expect_array(got, want,
                 "ensemble_soft_labels when every PVP has accuracy 0 (fall back to uniform weights)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(unl, wrong, labels, 2.0, "accuracy"))
    big = 1e4 * unl
    want = reference.ensemble_soft_labels(big, train, labels, 2.0)
    expect_array(_call(student, big, train, labels, 2.0), want,
                 "ensemble_soft_labels on scores of size 1e4 (T=2)", rtol=1e-9, atol=1e-12,
                 mistakes=_mistakes(big, train, labels, 2.0, "accuracy"))


@pytest.mark.points(0.75)
def test_defaults_empty_set_tiny_temperature_and_dtype(student, reference):
    unl, train, labels = _case(326)
    want = reference.ensemble_soft_labels(unl, train, labels)
    defaults = [(reference.ensemble_soft_labels(unl, train, labels, T, weighting),
                 f"a default is not the docstring's (this is T={T:g}, weighting={weighting!r}): the defaults are T=2.0, "
                 "weighting='accuracy'")
                for T in (2.0, 1.0, 0.5, 3.0, 4.0, 5.0, 10.0) for weighting in ("accuracy", "uniform")
                if (T, weighting) != (2.0, "accuracy")]
    expect_array(_call(student, unl, train, labels), want,
                 "ensemble_soft_labels(scores, train_scores, train_labels) with the defaults T=2, weighting='accuracy'",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(unl, train, labels, 2.0, "accuracy") + defaults)
    try:
        empty = _call(student, unl[:, :0], train, labels, 2.0)
    except StudentCodeError as exc:
        raise Mismatch(f"ensemble_soft_labels on U=0 unlabelled examples failed: an empty set gives an empty (0, K) "
                       f"array (take the maximum per row, axis=1, not over the whole array) ({exc})") from None
    expect_array(empty, np.zeros((0, 3)), "ensemble_soft_labels on U=0 unlabelled examples (scores of shape (3, 0, 3)): "
                                          "an empty (0, K) array")
    empty32 = _call(student, unl[:, :0].astype(np.float32), train.astype(np.float32), labels, 2.0)
    dtype = getattr(empty32, "dtype", type(empty32).__name__)
    expect_true(isinstance(empty32, np.ndarray) and empty32.shape == (0, 3) and empty32.dtype == np.float64,
                f"ensemble_soft_labels on U=0 float32 scores returned {dtype} of shape {np.shape(empty32)}: the "
                "docstring promises a float64 (0, K) array, also for an empty set (convert the scores with "
                "np.asarray(unlabeled_scores, dtype=np.float64) before any special case)")
    want = reference.ensemble_soft_labels(unl, train, labels, 0.001)
    expect_array(_call(student, unl, train, labels, 0.001), want,
                 "ensemble_soft_labels(..., T=0.001) (scores / T reach 1e3: exp overflows unless the maximum is "
                 "subtracted first)", rtol=1e-9, atol=1e-12, mistakes=_mistakes(unl, train, labels, 0.001, "accuracy"))
    got = _call(student, unl.astype(np.float32), train.astype(np.float32), labels.astype(np.int32), 2.0)
    expect_dtype(got, np.float64, "ensemble_soft_labels with float32 scores",
                 "np.asarray(unlabeled_scores, dtype=np.float64) first")
    want = reference.ensemble_soft_labels(unl.astype(np.float32), train.astype(np.float32), labels, 2.0)
    expect_float64_accuracy(got, want, "ensemble_soft_labels with float32 scores",
                            "convert the scores to float64 before computing", rtol=RTOL, atol=ATOL)
    expect_array(got, want, "ensemble_soft_labels with float32 scores", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    unl, train, labels = _case(327)
    _call(student, unl, train, labels, 2.0)
    expect_unchanged(student.last_call, "compute the average and the softmax in new arrays (z = avg / T, not "
                                        "unlabeled_scores /= T)")


@pytest.mark.points(0.5)
def test_random_ensembles(student, reference):
    rng = np.random.default_rng(1333)
    for _ in range(3):
        P, U, N, K = (int(rng.integers(1, 6)), int(rng.integers(1, 8)), int(rng.integers(1, 15)), int(rng.integers(2, 6)))
        T, weighting = float(rng.choice([0.3, 1.0, 2.0, 7.5])), str(rng.choice(["accuracy", "uniform"]))
        unl, train, labels = _case(int(rng.integers(1 << 30)), P, U, N, K, scale=float(rng.choice([0.5, 2.0, 30.0])))
        want = reference.ensemble_soft_labels(unl, train, labels, T, weighting)
        expect_array(_call(student, unl, train, labels, T, weighting), want,
                     f"ensemble_soft_labels with P={P}, U={U}, N={N}, K={K}, T={T:g}, weighting={weighting!r} (random draw)",
                     rtol=1e-9, atol=ATOL, mistakes=_mistakes(unl, train, labels, T, weighting))
