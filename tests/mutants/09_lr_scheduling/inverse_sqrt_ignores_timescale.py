"""Ignored the timescale argument: always used the default (num_warmup_steps, or 10_000 when it is 0)."""
LOSES = ["inverse_sqrt_schedule"]
MESSAGE = "the timescale argument"


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    t = np.asarray(steps, dtype=np.float64)
    w = num_warmup_steps
    tau = w if w else 10_000
    decay = 1.0 / np.sqrt(np.maximum(t + tau - w, tau) / tau)
    return np.where(t < w, t / max(1, w), decay)
