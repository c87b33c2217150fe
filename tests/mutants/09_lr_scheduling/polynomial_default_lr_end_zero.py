"""Gave lr_end the default 0.0 (decay to zero) instead of transformers' 1e-7."""
LOSES = ["polynomial_decay_schedule_with_warmup"]
MESSAGE = "the decay goes from lr_init to lr_end, not to 0"


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=0.0, power=1.0):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    tc = np.clip(t, w, T)
    dec = ((lr_init - lr_end) * (1 - (tc - w) / (T - w)) ** power + lr_end) / lr_init
    return np.where(t < w, t / max(1, w), dec)
