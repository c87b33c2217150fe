"""Subtracted the maximum of the whole array instead of each row's: rows far below it underflow to 0 / 0."""
LOSES = ["softmax_with_temperature"]
MESSAGE = "subtract each row's own maximum"


def softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits, dtype=np.float64) / T
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)
