"""Looked up each uniform in a list comprehension: no steps gives an empty float64 array."""
LOSES = ["sample_task_schedule"]
MESSAGE = "S=0: an empty int64 array"


def sample_task_schedule(sizes, T, uniforms):
    cdf = np.cumsum(task_sampling_probs(sizes, T))
    cdf = cdf / cdf[-1]
    return np.array([np.searchsorted(cdf, u, side="right") for u in uniforms])
