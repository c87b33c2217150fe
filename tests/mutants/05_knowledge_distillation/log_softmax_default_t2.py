"""Gave log_softmax_with_temperature the default T=2.0 instead of the docstring's T=1.0."""
LOSES = ["log_softmax_with_temperature"]
MESSAGE = "the docstring's default is T=1.0"


def log_softmax_with_temperature(logits, T=2.0):
    z = np.asarray(logits, dtype=np.float64) / T
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
