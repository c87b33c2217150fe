"""Closed forms instead of branches: min(1, t/w), clipped minima, cos(pi c p)**2, r + (1 - r) * rem**k.

Closed forms instead of branches: warmup-then-constant as min(1, t/w), linear as clip(min(t/w, (T-t)/(T-w)), 0),
cosine as cos(pi c p)**2 (= (1 + cos(2 pi c p)) / 2, already >= 0), polynomial as r + (1 - r) * ((T - t)/(T - w))**k
with r = lr_end/lr_init, inverse sqrt as sqrt(tau / (t + tau - w))."""


def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = np.asarray(steps, dtype=np.float64)
    if num_warmup_steps == 0:
        return np.ones_like(t)
    return np.minimum(1.0, t / num_warmup_steps)


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    down = (T - t) / max(1, T - w)
    if w == 0:
        return np.maximum(down, 0.0)
    return np.maximum(np.minimum(t / w, down), 0.0)


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    p = (t - w) / max(1, T - w)
    return np.where(t < w, t / max(1, w), np.cos(np.pi * num_cycles * p) ** 2)


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    r = lr_end / lr_init
    remaining = np.clip((T - t) / (T - w), 0.0, 1.0)
    decayed = r + (1.0 - r) * remaining ** power
    return np.where(t < w, t / max(1, w), np.where(t > T, r, decayed))


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    w = num_warmup_steps
    tau = (w if w else 10_000) if timescale is None else timescale
    t = np.asarray(steps, dtype=np.float64)
    after = np.sqrt(tau / (np.maximum(t, w) + tau - w))
    return np.where(t < w, t / max(1, w), after)
