"""Left the 1e-9 out of the inner log, g = -log(-log(u) + 1e-9): a uniform of exactly 0 gives noise -inf instead of -log(-log(1e-9))."""
LOSES = ["gumbel_sample"]
MESSAGE = "the 1e-9 of the inner log is missing"


def gumbel_sample(logits, uniform, temperature=1.0):
    u = np.asarray(uniform, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = -np.log(-np.log(u) + 1e-9)
    return np.argmax(np.asarray(logits, dtype=float) / temperature + g, axis=-1).astype(np.int64)
