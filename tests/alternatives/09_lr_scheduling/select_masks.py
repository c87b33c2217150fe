"""np.select over masks on int64 steps; the polynomial's learning rate computed first, divided at the end.

np.select over masks on an int64 copy of the steps, with the decayed learning rate computed first and divided by
lr_init at the end (the polynomial's lr, not its multiplier), and the cosine written as 0.5 + 0.5 * cos(...)."""


def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = np.array(steps, dtype=np.int64)
    w = num_warmup_steps
    return np.select([t < w], [t / max(1, w)], default=1.0).astype(np.float64)


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t = np.array(steps, dtype=np.int64)
    w, T = num_warmup_steps, num_training_steps
    return np.select([t < w, t < T], [t / max(1, w), (T - t) / max(1, T - w)], default=0.0).astype(np.float64)


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    t = np.array(steps, dtype=np.int64)
    w, T = num_warmup_steps, num_training_steps
    angle = 2.0 * np.pi * num_cycles * (t - w) / max(1, T - w)
    wave = np.clip(0.5 + 0.5 * np.cos(angle), 0.0, None)
    return np.select([t < w], [t / max(1, w)], default=wave).astype(np.float64)


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t = np.array(steps, dtype=np.int64)
    w, T = num_warmup_steps, num_training_steps
    frac_done = (np.clip(t, w, T) - w) / (T - w)
    lr = (lr_init - lr_end) * (1.0 - frac_done) ** power + lr_end
    lr = np.select([t < w, t > T], [lr_init * t / max(1, w), lr_end], default=lr)
    warm = t / max(1, w)
    return np.where(t < w, warm, lr / lr_init).astype(np.float64)


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    t = np.array(steps, dtype=np.int64)
    w = num_warmup_steps
    if timescale is None:
        timescale = w if w != 0 else 10_000
    shifted = np.maximum(t + timescale - w, timescale)
    return np.select([t < w], [t / max(1, w)], default=(shifted / timescale) ** -0.5).astype(np.float64)
