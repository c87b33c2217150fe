"""Returned the one-hot targets: epsilon is never used."""
import numpy as np

LOSES = ["smooth_targets"]
MESSAGE = "the targets are not smoothed"


def smooth_targets(labels, num_classes, epsilon):
    labels = np.asarray(labels)
    return (labels[:, None] == np.arange(num_classes)[None, :]).astype(np.float64)
