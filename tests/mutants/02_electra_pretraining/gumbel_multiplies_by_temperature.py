"""Multiplied the logits by the temperature instead of dividing them by it."""
import numpy as np
LOSES = ["gumbel_sample"]
MESSAGE = "the logits are multiplied by the temperature"

def gumbel_sample(logits, uniform, temperature=1.0):
    g = -np.log(-np.log(np.asarray(uniform) + 1e-9) + 1e-9)
    return np.argmax(np.asarray(logits) * temperature + g, axis=-1).astype(np.int64)
