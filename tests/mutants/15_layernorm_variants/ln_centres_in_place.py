"""Centred x in place (x -= mean) to save memory, which changes the caller's array."""
LOSES = ["layer_norm"]
MESSAGE = "layer_norm changed the `x` you passed in"


def layer_norm(x, gamma, beta, eps=1e-5):
    x -= x.mean(axis=-1, keepdims=True)
    var = (x ** 2).mean(axis=-1, keepdims=True)
    return x / np.sqrt(var + eps) * gamma + beta
