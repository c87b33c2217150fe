"""Returned x as given for an empty input (if x.size == 0: return x): a float32 x stays float32 (and the result is the caller's array)."""
LOSES = ["layer_norm"]
MESSAGE = "also for an empty batch"


def layer_norm(x, gamma, beta, eps=1e-5):
    if np.size(x) == 0:
        return x
    x = np.asarray(x, dtype=np.float64)
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
