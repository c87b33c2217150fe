"""Returned int(np.argmax(...)) for a single position (1-D logits): a Python int, not the promised int64 array of shape ()."""
LOSES = ["gumbel_sample"]
MESSAGE = "is an int, not an array of int64"


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits, dtype=float) / temperature
    g = -np.log(-np.log(np.asarray(uniform, dtype=float) + 1e-9) + 1e-9)
    if z.ndim == 1:
        return int(np.argmax(z + g))
    return np.argmax(z + g, axis=-1).astype(np.int64)
