"""Took np.log of softmax_with_temperature: a probability that underflows to 0 gives log(0) = -inf."""
LOSES = ["log_softmax_with_temperature"]
MESSAGE = "contains nan or inf where the expected values are finite"


def log_softmax_with_temperature(logits, T=1.0):
    return np.log(softmax_with_temperature(logits, T))
