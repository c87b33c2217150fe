"""Ignored expert_index and recomputed f from router_probs.argmax(-1): wrong whenever the indices passed in are not the argmax (e.g. transformers 4.x's capacity-masked indices of section 5)."""
import numpy as np
LOSES = ["load_balancing_loss"]
MESSAGE = "f was computed from router_probs.argmax(-1): count the tokens of each expert in the expert_index you are given"


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    p = np.asarray(router_probs, dtype=np.float64)
    N = p.shape[-1]
    idx = p.argmax(-1)
    f = (idx[..., None] == np.arange(N)).mean(axis=1)
    P = p.mean(axis=1)
    return float(alpha * N * (f * P).sum(-1).mean())
