"""Gave num_cycles the default 1.0 (a full wave) instead of 0.5."""
LOSES = ["cosine_schedule_with_warmup"]
MESSAGE = "the default num_cycles is 0.5"


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=1.0):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    p = (t - w) / max(1, T - w)
    cos = np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * float(num_cycles) * 2.0 * p)))
    return np.where(t < w, t / max(1, w), cos)
