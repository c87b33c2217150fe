"""Computed in the input's dtype: a float32 x gives a float32 result instead of float64."""
LOSES = ["layer_norm"]
MESSAGE = "the docstring promises float64"


def layer_norm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * gamma + beta
