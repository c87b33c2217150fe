"""As transformers' lr_lambda functions, branch for branch with np.where; warmup as t * (1 / max(1, w)).

As transformers' lr_lambda functions, branch for branch, vectorised with np.where on float64 steps clipped into each
branch's domain; the warmup as t * (1 / max(1, w)) (a reciprocal, not a division)."""


def _warmup(t, w):
    return t * (1.0 / max(1, w))


def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = np.asarray(steps).astype(np.float64)
    return np.where(t < num_warmup_steps, _warmup(t, num_warmup_steps), 1.0)


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t = np.asarray(steps).astype(np.float64)
    w, T = num_warmup_steps, num_training_steps
    decay = np.maximum(0.0, (T - t) / max(1, T - w))
    return np.where(t < w, _warmup(t, w), decay)


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    t = np.asarray(steps).astype(np.float64)
    w, T = num_warmup_steps, num_training_steps
    progress = (t - w) / max(1, T - w)
    decay = np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * float(num_cycles) * 2.0 * progress)))
    return np.where(t < w, _warmup(t, w), decay)


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t = np.asarray(steps).astype(np.float64)
    w, T = num_warmup_steps, num_training_steps
    lr_range = lr_init - lr_end
    decay_steps = T - w
    inside = np.clip(t, w, T)
    pct_remaining = 1 - (inside - w) / decay_steps
    decay = (lr_range * pct_remaining ** power + lr_end) / lr_init
    return np.where(t < w, _warmup(t, w), np.where(t > T, lr_end / lr_init, decay))


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    if timescale is None:
        timescale = num_warmup_steps or 10_000
    t = np.asarray(steps).astype(np.float64)
    w = num_warmup_steps
    shift = timescale - w
    decay = 1.0 / np.sqrt((np.maximum(t, w) + shift) / timescale)
    return np.where(t < w, _warmup(t, w), decay)
