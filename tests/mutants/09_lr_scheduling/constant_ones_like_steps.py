"""Started from np.ones_like(steps), an int array for int steps: warmup values are truncated to 0."""
LOSES = ["constant_schedule_with_warmup"]
MESSAGE = "has dtype int64: the docstring promises float64"


def constant_schedule_with_warmup(steps, num_warmup_steps):
    steps = np.asarray(steps)
    out = np.ones_like(steps)
    warm = steps < num_warmup_steps
    out[warm] = steps[warm] / max(1, num_warmup_steps)
    return out
