"""Wrote the Gumbel noise as log(-log(u + eps) + eps), forgetting the outer minus sign."""
LOSES = ["gumbel_sample"]
MESSAGE = "the Gumbel noise has the wrong sign"


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64) / temperature
    u = np.asarray(uniform, dtype=np.float64)
    g = np.log(-np.log(u + 1e-9) + 1e-9)
    return np.argmax(z + g, axis=-1).astype(np.int64)
