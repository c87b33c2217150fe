"""Spread epsilon over the K - 1 wrong classes only (a common variant, not Szegedy et al.'s or PyTorch's)."""
import numpy as np

LOSES = ["smooth_targets"]
MESSAGE = "epsilon is spread over the K - 1 wrong classes"


def smooth_targets(labels, num_classes, epsilon):
    labels = np.asarray(labels)
    onehot = (labels[:, None] == np.arange(num_classes)[None, :]).astype(np.float64)
    return (1.0 - epsilon) * onehot + epsilon / (num_classes - 1) * (1.0 - onehot)
