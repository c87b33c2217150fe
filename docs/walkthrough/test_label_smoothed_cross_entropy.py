"""Hidden tests of label_smoothed_cross_entropy: torch.nn.functional.cross_entropy(logits, labels,
label_smoothing=epsilon) with reduction "mean" and ignore_index=-100, which PyTorch computes as
(1 - eps) * NLL + eps / K * sum_k(-log p_k), both averaged over the rows not ignored
(cross_entropy_loss_label_smoothing, aten/src/ATen/native/LossNLL.cpp). (The worked example of the
README's walk-through; copied to autograder/26_label_smoothing/ by the walk-through.)

The student's calls of smooth_targets are answered by the reference (student.with_reference), so a
wrong smooth_targets costs only smooth_targets' points."""
import numpy as np
import pytest

from coursekit.expect import expect_array

RTOL, ATOL = 1e-10, 1e-12


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _mistakes(logits, labels, eps, reference):
    N, K = logits.shape
    keep = labels != -100
    log_p = _log_softmax(logits)
    q = reference.smooth_targets(np.where(keep, labels, 0), K, eps)
    rows = -(q * log_p).sum(-1)                                             # (N,)
    nll = -log_p[np.arange(N), np.where(keep, labels, 0)]                   # (N,)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        naive = -(q * np.log(np.exp(logits) / np.exp(logits).sum(-1, keepdims=True))).sum(-1)
    unmasked = -(reference.smooth_targets(labels, K, eps) * log_p).sum(-1)  # label -100: no one-hot part
    return [
        (nll[keep].mean(), "the loss ignores epsilon: use the smoothed targets (1 - eps) * onehot + eps / K"),
        (rows[keep].sum(), "the loss is summed over the rows: average over the rows (reduction='mean')"),
        (rows[keep].mean() / K, "the loss is divided by N * K: average over the rows only"),
        (unmasked.mean(), "rows whose label is -100 (ignore_index) must not count: average over the other rows"),
        (rows[keep].sum() / N, "the sum over the kept rows is divided by all N rows: divide by the number of "
                               "rows whose label is not -100"),
        (naive[keep].mean(), "log(softmax(x)) overflows for large logits: subtract the row maximum before exp "
                             "(log-sum-exp)"),
    ]


def _call(student, logits, labels, eps):
    return student.with_reference("smooth_targets").label_smoothed_cross_entropy(logits, labels, eps)


@pytest.mark.points(1)
def test_matches_torch_cross_entropy(student, reference):
    rng = np.random.default_rng(1)
    logits, labels = rng.normal(scale=2.0, size=(8, 6)), rng.integers(0, 6, size=8)
    for eps in (0.1, 0.4):
        expect_array(_call(student, logits, labels, eps), reference.label_smoothed_cross_entropy(logits, labels, eps),
                     f"label_smoothed_cross_entropy(logits of shape (8, 6), labels, epsilon={eps})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(logits, labels, eps, reference))


@pytest.mark.points(1)
def test_ignore_index(student, reference):
    rng = np.random.default_rng(2)
    logits, labels = rng.normal(scale=2.0, size=(7, 4)), rng.integers(0, 4, size=7)
    labels[[1, 4, 5]] = -100
    expect_array(_call(student, logits, labels, 0.2), reference.label_smoothed_cross_entropy(logits, labels, 0.2),
                 "label_smoothed_cross_entropy with 3 of 7 labels equal to -100 (ignore_index)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(logits, labels, 0.2, reference))


@pytest.mark.points(1)
def test_values_worked_by_hand(student, reference):
    # expected values without torch: equal logits give log K whatever the labels and epsilon, and
    # with K = 2, epsilon = 0 the loss of logits [0, a] and label 1 is log(1 + exp(-a))
    expect_array(_call(student, np.zeros((3, 7)), np.array([0, 3, 6]), 0.3), np.log(7),
                 "label_smoothed_cross_entropy(zeros((3, 7)), [0, 3, 6], epsilon=0.3) (equal logits: log K)",
                 rtol=1e-12, atol=0)
    expect_array(_call(student, np.array([[0.0, 1.5]]), np.array([1]), 0.0), np.log1p(np.exp(-1.5)),
                 "label_smoothed_cross_entropy([[0, 1.5]], [1], epsilon=0)", rtol=1e-12, atol=0)


@pytest.mark.points(1)
def test_stable_for_large_logits(student, reference):
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(scale=1e4, size=(4, 5)), rng.integers(0, 5, size=4)
    expect_array(_call(student, logits, labels, 0.1), reference.label_smoothed_cross_entropy(logits, labels, 0.1),
                 "label_smoothed_cross_entropy on logits of size 1e4 (shape (4, 5))", rtol=1e-10, atol=1e-8,
                 mistakes=_mistakes(logits, labels, 0.1, reference))
