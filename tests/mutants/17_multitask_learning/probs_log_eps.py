"""Added a small eps inside the log to avoid log(0): empty tasks get a (tiny at T=1, large at high T) probability."""
LOSES = ["task_sampling_probs"]
MESSAGE = "a task of size 0 got probability"


def task_sampling_probs(sizes, T=1.0):
    z = np.log(np.asarray(sizes, dtype=np.float64) + 1e-12) / T
    w = np.exp(z - z.max())
    return w / w.sum()
