"""Gave softmax_with_temperature the distillation default T=2.0 instead of the docstring's T=1.0."""
LOSES = ["softmax_with_temperature"]
MESSAGE = "the docstring's default is T=1.0"


def softmax_with_temperature(logits, T=2.0):
    z = np.asarray(logits, dtype=np.float64) / T
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
