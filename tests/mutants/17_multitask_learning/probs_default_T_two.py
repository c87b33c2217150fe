"""Used T=2 as the default temperature instead of the docstring's T=1.0."""
LOSES = ["task_sampling_probs"]
MESSAGE = "the default temperature is T=1.0"


def task_sampling_probs(sizes, T=2.0):
    n = np.asarray(sizes, dtype=np.float64)
    w = (n / n.max()) ** (1.0 / T)
    return w / w.sum()
