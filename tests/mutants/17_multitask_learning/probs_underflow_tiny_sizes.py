"""Computed n ** (1 / T) without dividing by the largest size first: tiny sizes with a small T underflow to 0 (0 / 0 = nan)."""
LOSES = ["task_sampling_probs"]
MESSAGE = "underflows to 0 for every task"


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes, dtype=np.float64)
    with np.errstate(over="ignore"):
        w = n ** (1.0 / T)
    if np.isinf(w).any():
        w = (n / n.max()) ** (1.0 / T)
    return w / w.sum()
