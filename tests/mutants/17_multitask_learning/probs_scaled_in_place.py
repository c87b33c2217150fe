"""Scaled the sizes by their maximum in place (n /= n.max()) before the power, so the caller's float array changes."""
LOSES = ["task_sampling_probs"]
MESSAGE = "task_sampling_probs changed the `sizes` you passed in"


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes, dtype=np.float64)
    n /= n.max()
    w = n ** (1.0 / T)
    return w / w.sum()
