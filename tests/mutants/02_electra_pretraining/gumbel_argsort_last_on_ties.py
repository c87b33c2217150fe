"""Took the largest score with np.argsort(...)[..., -1], which picks the LAST of tied maxima, not the first as argmax."""
LOSES = ["gumbel_sample"]
MESSAGE = "of tied maxima the LAST index was taken"


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits, dtype=float) / temperature
    g = -np.log(-np.log(np.asarray(uniform, dtype=float) + 1e-9) + 1e-9)
    return np.argsort(z + g, axis=-1, kind="stable")[..., -1].astype(np.int64)
