"""Took the argmax over axis=1, which is the vocabulary only for 2-D logits (batch, vocab)."""
LOSES = ["gumbel_sample"]
MESSAGE = "gumbel_sample(logits of shape (3, 5, 20), uniform, temperature=1.0) has shape (3, 20), expected (3, 5)"


def gumbel_sample(logits, uniform, temperature=1.0):
    g = -np.log(-np.log(np.asarray(uniform) + 1e-9) + 1e-9)
    return np.argmax(np.asarray(logits) / temperature + g, axis=1).astype(np.int64)
