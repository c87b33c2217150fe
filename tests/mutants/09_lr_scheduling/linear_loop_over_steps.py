"""Computed the schedule one step at a time in a list comprehension (right values, not vectorised)."""
LOSES = ["linear_schedule_with_warmup"]
MESSAGE = "linear_schedule_with_warmup uses a list comprehension"


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    def one(t):
        if t < num_warmup_steps:
            return t / max(1, num_warmup_steps)
        return max(0.0, (num_training_steps - t) / max(1, num_training_steps - num_warmup_steps))
    steps = np.asarray(steps)
    return np.array([one(t) for t in steps.ravel()], dtype=np.float64).reshape(steps.shape)
