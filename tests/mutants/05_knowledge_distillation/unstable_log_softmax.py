"""Took log(softmax) directly, without the max shift: overflow gives nan, and log(0) gives -inf."""
LOSES = ["log_softmax_with_temperature"]
MESSAGE = "nan or inf"


def log_softmax_with_temperature(logits, T=1.0):
    e = np.exp(np.asarray(logits, dtype=np.float64) / T)
    return np.log(e / e.sum(axis=-1, keepdims=True))
