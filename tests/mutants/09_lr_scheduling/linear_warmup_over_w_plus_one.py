"""Warmup as t / (w + 1) (to avoid dividing by zero when w = 0) instead of t / max(1, w): the warmup never reaches 1."""
LOSES = ["linear_schedule_with_warmup"]
MESSAGE = "warmup divides by num_warmup_steps + 1"


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    return np.where(t < w, t / (w + 1), np.maximum(0.0, (T - t) / max(1, T - w)))
