"""Shortcut for a huge temperature (T > 1e6): uniform 1/K over all tasks, so empty tasks get a nonzero probability."""
LOSES = ["task_sampling_probs"]
MESSAGE = "every task got 1/K, the empty ones too"


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes, dtype=np.float64)
    if T > 1e6:
        return np.full(n.shape, 1.0 / n.size)
    with np.errstate(divide="ignore"):
        z = np.log(n) / T
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()
