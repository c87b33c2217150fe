"""Clipped the steps to [w, T] in place (np.clip(..., out=steps)), which changes the caller's array."""
LOSES = ["polynomial_decay_schedule_with_warmup"]
MESSAGE = "polynomial_decay_schedule_with_warmup changed the `steps` you passed in"


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    steps = np.asarray(steps)
    w, T = num_warmup_steps, num_training_steps
    warm = steps / max(1, w)
    in_warmup, after = steps < w, steps > T
    np.clip(steps, w, T, out=steps)
    remaining = 1.0 - (steps - w) / (T - w)
    decay = ((lr_init - lr_end) * remaining ** power + lr_end) / lr_init
    return np.where(in_warmup, warm, np.where(after, lr_end / lr_init, decay))
