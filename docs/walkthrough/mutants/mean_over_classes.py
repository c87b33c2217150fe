"""Took the mean over rows and classes (np.mean of the N x K products): the loss is 1/K too small."""
import numpy as np

LOSES = ["label_smoothed_cross_entropy"]
MESSAGE = "divided by N * K"


def label_smoothed_cross_entropy(logits, labels, epsilon, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    labels = np.asarray(labels)
    keep = labels != ignore_index
    q = smooth_targets(np.where(keep, labels, 0), z.shape[-1], epsilon)
    return float(-(q * log_p)[keep].mean())
