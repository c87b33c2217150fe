"""Applied np.atleast_1d to the steps, so a 0-d steps gives a result of shape (1,) instead of ()."""
LOSES = ["constant_schedule_with_warmup"]
MESSAGE = "a 0-d steps must give a 0-d result"


def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = np.atleast_1d(np.asarray(steps, dtype=np.float64))
    return np.where(t < num_warmup_steps, t / max(1, num_warmup_steps), 1.0)
