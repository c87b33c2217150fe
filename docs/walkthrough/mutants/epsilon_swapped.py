"""Weighted the one-hot part by epsilon and the uniform part by 1 - epsilon."""
import numpy as np

LOSES = ["smooth_targets"]
MESSAGE = "epsilon and 1 - epsilon are swapped"


def smooth_targets(labels, num_classes, epsilon):
    labels = np.asarray(labels)
    onehot = (labels[:, None] == np.arange(num_classes)[None, :]).astype(np.float64)
    return epsilon * onehot + (1.0 - epsilon) / num_classes
