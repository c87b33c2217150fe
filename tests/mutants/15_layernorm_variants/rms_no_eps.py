"""Divided by sqrt(mean(x**2)) and forgot eps: an all-zero row gives 0 / 0."""
LOSES = ["rms_norm"]
MESSAGE = "eps is left out"


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True)) * gamma
