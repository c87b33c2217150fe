"""Hidden tests of smooth_targets: (1 - epsilon) * onehot(labels) + epsilon / K, the targets of
torch.nn.functional.cross_entropy(..., label_smoothing=epsilon). (The worked example of the
README's walk-through; copied to autograder/26_label_smoothing/ by the walk-through.)"""
import numpy as np
import pytest

from coursekit.expect import expect_array

RTOL, ATOL = 1e-12, 1e-15


def _mistakes(labels, K, eps):
    onehot = np.eye(K)[labels]                                          # (N, K)
    return [
        (onehot, "the targets are not smoothed: scale the one-hot by 1 - epsilon and add epsilon / K"),
        ((1 - eps) * onehot + eps / (K - 1) * (1 - onehot),
         "epsilon is spread over the K - 1 wrong classes: Szegedy et al. and PyTorch add epsilon / K to "
         "all K classes (the true class gets 1 - epsilon + epsilon / K)"),
        ((1 - eps) * onehot, "the rows do not sum to 1: add epsilon / K to every class"),
        (eps * onehot + (1 - eps) / K, "epsilon and 1 - epsilon are swapped: the one-hot part is weighted by "
                                       "1 - epsilon"),
    ]


@pytest.mark.points(1)
def test_matches_the_reference(student, reference):
    labels = np.random.default_rng(0).integers(0, 5, size=6)
    for eps in (0.1, 0.3):
        expect_array(student.smooth_targets(labels, 5, eps), reference.smooth_targets(labels, 5, eps),
                     f"smooth_targets(labels of shape (6,), K=5, epsilon={eps})", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(labels, 5, eps))


@pytest.mark.points(1)
def test_edge_cases_worked_by_hand(student, reference):
    # expected values without torch: the definition gives them directly
    expect_array(student.smooth_targets(np.array([1, 0]), 3, 0.0), [[0, 1, 0], [1, 0, 0]],
                 "smooth_targets([1, 0], K=3, epsilon=0) (no smoothing: the one-hot targets)", rtol=0, atol=1e-15)
    expect_array(student.smooth_targets(np.array([2]), 4, 1.0), [[0.25, 0.25, 0.25, 0.25]],
                 "smooth_targets([2], K=4, epsilon=1) (all smoothing: uniform)", rtol=0, atol=1e-15,
                 mistakes=_mistakes(np.array([2]), 4, 1.0))
    expect_array(student.smooth_targets(np.array([1]), 2, 0.2), [[0.1, 0.9]],
                 "smooth_targets([1], K=2, epsilon=0.2)", rtol=0, atol=1e-15, mistakes=_mistakes(np.array([1]), 2, 0.2))
