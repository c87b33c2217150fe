"""Computed in the logits' own dtype: float32 logits give float32 probabilities instead of float64."""
LOSES = ["softmax_with_temperature"]
MESSAGE = "the docstring promises float64"


def softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits) / T
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
