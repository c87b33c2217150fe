"""Normalised over axis=1, which is the class axis only for 2-D logits."""
LOSES = ["log_softmax_with_temperature"]
MESSAGE = "normalise over the last axis (axis=-1, keepdims=True) whatever the number of axes"


def log_softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64) / T
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))
