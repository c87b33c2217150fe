"""Warmup while t <= w instead of t < w: identical for w > 0 (both give 1 at t = w), but with w = 0 step 0 gets 0 instead of 1."""
LOSES = ["linear_schedule_with_warmup"]
MESSAGE = "not t <= w: with num_warmup_steps=0 there is no warmup"


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    """Multiplier of get_linear_schedule_with_warmup at each step.

    steps: int array of any shape S (0-d or empty too; not modified); num_warmup_steps w >= 0; num_training_steps T > w.
    Returns a float64 array of shape S: linear warmup from 0, then a linear decay from 1 at
    step w to 0 at step T, and 0 after T.
    """
    t = np.asarray(steps, dtype=np.float64)                               # S
    w, T = float(num_warmup_steps), float(num_training_steps)
    warm = t / max(1.0, w)
    decay = np.maximum(0.0, (T - t) / max(1.0, T - w))
    return np.where(t <= w, warm, decay)                                    # S
