"""rms_norm with the default eps=1e-5 (LayerNorm's) instead of the docstring's 1e-6."""
LOSES = ["rms_norm"]
MESSAGE = "the default eps is not 1e-6"


def rms_norm(x, gamma, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    return gamma * x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps)
