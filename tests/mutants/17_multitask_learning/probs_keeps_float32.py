"""Kept the dtype of sizes: float32 sizes give float32 probabilities instead of float64."""
LOSES = ["task_sampling_probs"]
MESSAGE = "whatever the dtype of sizes"


def task_sampling_probs(sizes, T=1.0):
    n = np.asarray(sizes)
    if n.dtype.kind in "iu":
        n = n.astype(np.float64)
    w = (n / n.max()) ** (1.0 / T)
    return w / w.sum()
