"""Left out the factor N: alpha * mean over groups of sum_i f_i P_i (N times too small)."""
LOSES = ['load_balancing_loss']
MESSAGE = "the factor N (number of experts) is missing"

import numpy as np


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    probs = np.asarray(router_probs, dtype=np.float64)
    n = probs.shape[-1]
    one_hot = (np.asarray(expert_index)[..., None] == np.arange(n)).astype(np.float64)
    f = one_hot.mean(axis=-2)
    P = probs.mean(axis=-2)
    return float(alpha * np.mean((f * P).sum(axis=-1)))
