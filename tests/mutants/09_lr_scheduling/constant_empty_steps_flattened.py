"""For an empty steps array returns shape (0,) whatever the empty shape (e.g. (2, 0))."""
LOSES = ["constant_schedule_with_warmup"]
MESSAGE = 'an empty steps array keeps its shape'


def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = np.asarray(steps, dtype=np.float64)
    w = num_warmup_steps
    return np.where(t < w, t / max(1, w), 1.0).reshape(t.shape) if t.size else np.ones(0)
