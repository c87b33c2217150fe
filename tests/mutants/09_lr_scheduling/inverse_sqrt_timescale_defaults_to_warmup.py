"""Defaulted the timescale to num_warmup_steps even when that is 0: 0 / 0 after a warmup of 0 steps."""
LOSES = ["inverse_sqrt_schedule"]
MESSAGE = "inverse_sqrt_schedule(steps of shape (2, 2), num_warmup_steps=0) (timescale 10_000)"


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    if timescale is None:
        timescale = num_warmup_steps
    t = np.asarray(steps, dtype=np.float64)
    w = float(num_warmup_steps)
    with np.errstate(divide="ignore", invalid="ignore"):
        decay = 1.0 / np.sqrt((np.maximum(t, w) + timescale - w) / timescale)
    return np.where(t < w, t / max(1.0, w), decay)
