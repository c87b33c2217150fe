"""Normalised in the input's float32 and converted the result to float64 at the end (float32 precision)."""
LOSES = ["layer_norm"]
MESSAGE = "agrees with the expected values only to float32 precision"


def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x); f = x.dtype.type
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (gamma.astype(x.dtype) * (x - mu) / np.sqrt(var + f(eps)) + beta.astype(x.dtype)).astype(np.float64)
