"""Left the 1e-9 out of the outer log, g = -log(-log(u + 1e-9)): nan for a uniform within 1e-9 of 1."""
LOSES = ["gumbel_sample"]
MESSAGE = "the 1e-9 of the outer log is missing"


def gumbel_sample(logits, uniform, temperature=1.0):
    u = np.asarray(uniform, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = -np.log(-np.log(u + 1e-9))
    return np.argmax(np.asarray(logits, dtype=float) / temperature + g, axis=-1).astype(np.int64)
