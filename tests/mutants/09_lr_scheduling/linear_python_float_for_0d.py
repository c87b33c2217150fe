"""Returned float(...) for 0-d steps (a Python float) instead of a 0-d float64 array."""
LOSES = ["linear_schedule_with_warmup"]
MESSAGE = "returned the Python float"


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    out = np.where(t < w, t / max(1, w), np.maximum(0.0, (T - t) / max(1, T - w)))
    return float(out) if out.ndim == 0 else out
