"""Ignored the power argument: a linear decay (power 1) whatever power is."""
LOSES = ["polynomial_decay_schedule_with_warmup"]
MESSAGE = "is ignored: the decay is linear"


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    rem = np.clip(1 - (t - w) / (T - w), 0.0, 1.0)
    decay = np.where(t > T, lr_end / lr_init, ((lr_init - lr_end) * rem + lr_end) / lr_init)
    return np.where(t < w, t / max(1, w), decay)
