"""Decayed as (1 - p) ** power (towards 0) and used lr_end only after T: the decay must end at lr_end, ((lr_init - lr_end) * (1 - p) ** power + lr_end) / lr_init."""
LOSES = ["polynomial_decay_schedule_with_warmup"]
MESSAGE = "lr_end is not only the value after T"


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    rem = np.clip(1 - (t - w) / (T - w), 0.0, 1.0)
    decay = np.where(t > T, lr_end / lr_init, rem ** power)
    return np.where(t < w, t / max(1, w), decay)
