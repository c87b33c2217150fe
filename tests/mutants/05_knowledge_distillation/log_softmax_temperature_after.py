"""Divided the log-softmax of the raw logits by T, (z - logsumexp(z)) / T, instead of taking the log-softmax of z / T."""
LOSES = ["log_softmax_with_temperature"]
MESSAGE = "the log-softmax of the raw logits is divided by T"


def log_softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    return (z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))) / T
