"""Subtracted the maximum of the whole array (z.max()) instead of each row's maximum: a row far below the
largest logit underflows and its log-probabilities become -inf."""
LOSES = ["log_softmax_with_temperature"]
MESSAGE = "the maximum of the whole array was subtracted"


def log_softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64) / T
    z = z - z.max()
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
