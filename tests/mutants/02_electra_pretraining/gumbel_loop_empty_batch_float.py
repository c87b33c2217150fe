"""Argmax row by row in a list comprehension and np.array(list): an empty batch comes back as float64."""
LOSES = ["gumbel_sample"]
MESSAGE = "gumbel_sample of an empty batch (logits of shape (0, 5)) has dtype float64"


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits, dtype=np.float64)
    u = np.asarray(uniform)
    V = z.shape[-1]
    zf, uf = z.reshape(-1, V), u.reshape(-1, V)
    out = np.array([np.argmax(zr / temperature - np.log(-np.log(ur + 1e-9) + 1e-9)) for zr, ur in zip(zf, uf)])
    return out.reshape(z.shape[:-1])
