"""Computed log(softmax) as log(exp(z) / sum exp(z)) without subtracting the maximum: nan for large logits."""
import numpy as np

LOSES = ["label_smoothed_cross_entropy"]
MESSAGE = "subtract the row maximum"


def label_smoothed_cross_entropy(logits, labels, epsilon, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    log_p = np.log(np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True))
    labels = np.asarray(labels)
    keep = labels != ignore_index
    q = smooth_targets(np.where(keep, labels, 0), z.shape[-1], epsilon)
    return float(-(q * log_p).sum(axis=-1)[keep].mean())
