"""Warmup while t <= w instead of t < w: with w = 0 step 0 gets 0 instead of 1."""
LOSES = ["constant_schedule_with_warmup"]
MESSAGE = "not t <= w: with num_warmup_steps=0 there is no warmup"


def constant_schedule_with_warmup(steps, num_warmup_steps):
    """Multiplier of get_constant_schedule_with_warmup at each step.

    steps: int array of any shape S (step numbers >= 0; 0-d or empty too; not modified); num_warmup_steps: int >= 0.
    Returns a float64 array of shape S: steps / max(1, w) during warmup, 1 afterwards.
    """
    t = np.asarray(steps, dtype=np.float64)                        # S
    w = float(num_warmup_steps)
    return np.where(t <= w, t / max(1.0, w), 1.0)                    # S
