"""Cumulative probabilities not divided by their last value; an index past the end is clipped to K - 1, which picks an empty last task."""
LOSES = ["sample_task_schedule"]
MESSAGE = "clipping the index to K - 1 picks the empty last task"


def sample_task_schedule(sizes, T, uniforms):
    p = task_sampling_probs(sizes, T)
    F = np.cumsum(p)
    idx = np.searchsorted(F, np.asarray(uniforms, dtype=np.float64), side="right")
    return np.minimum(idx, len(p) - 1).astype(np.int64)
