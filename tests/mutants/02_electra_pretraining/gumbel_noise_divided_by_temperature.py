"""Divided logits + noise by the temperature, argmax((logits + g) / T): the temperature has no effect."""
LOSES = ["gumbel_sample"]
MESSAGE = "dividing logits + noise by it"


def gumbel_sample(logits, uniform, temperature=1.0):
    g = -np.log(-np.log(np.asarray(uniform, dtype=float) + 1e-9) + 1e-9)
    return np.argmax((np.asarray(logits, dtype=float) + g) / temperature, axis=-1).astype(np.int64)
