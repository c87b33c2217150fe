"""Divided by the temperature in place (`logits /= temperature`), which rescales the caller's logits."""
LOSES = ["gumbel_sample"]
MESSAGE = "gumbel_sample changed the `logits` you passed in"


def gumbel_sample(logits, uniform, temperature=1.0):
    logits = np.asarray(logits, dtype=np.float64)
    logits /= temperature
    noise = -np.log(-np.log(np.asarray(uniform) + 1e-9) + 1e-9)
    return np.argmax(logits + noise, axis=-1)
