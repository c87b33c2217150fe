"""Forgot ignore_index: rows labelled -100 count in the mean (with only the uniform part of their target)."""
import numpy as np

LOSES = ["label_smoothed_cross_entropy"]
MESSAGE = "must not count"


def label_smoothed_cross_entropy(logits, labels, epsilon, ignore_index=-100):
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    q = smooth_targets(np.asarray(labels), z.shape[-1], epsilon)
    return float(-(q * log_p).sum(axis=-1).mean())
