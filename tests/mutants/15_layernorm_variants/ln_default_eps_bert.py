"""Default eps=1e-12 (BERT's layer_norm_eps) instead of torch's 1e-5."""
LOSES = ["layer_norm"]
MESSAGE = "the default eps is not 1e-5"


def layer_norm(x, gamma, beta, eps=1e-12):
    x = np.asarray(x, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
