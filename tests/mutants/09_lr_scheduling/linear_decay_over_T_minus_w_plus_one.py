"""Counted the decay steps inclusively: (T - t) / (T - w + 1), so the multiplier at step w is below 1 (off by one)."""
LOSES = ["linear_schedule_with_warmup"]
MESSAGE = "off by one"


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    return np.where(t < w, t / max(1, w), np.maximum(0.0, (T - t) / (T - w + 1)))
