"""Searched the raw cumulative sum of the probabilities, which ends a hair below 1: a uniform just below 1 picks task K."""
LOSES = ["sample_task_schedule"]
MESSAGE = "divide the cdf by its last value"


def sample_task_schedule(sizes, T, uniforms):
    cdf = np.cumsum(task_sampling_probs(sizes, T))
    return np.searchsorted(cdf, uniforms, side="right").astype(np.int64)
