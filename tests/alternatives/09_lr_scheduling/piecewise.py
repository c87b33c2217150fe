"""np.piecewise: each interval's function evaluated only on the steps of that interval.

np.piecewise with one function per interval (warmup, decay, after T), evaluated only on the steps of its interval,
so no branch ever sees an out-of-range step."""


def _steps(steps):
    return np.asarray(steps, dtype=np.float64)


def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = _steps(steps)
    return np.piecewise(t, [t < num_warmup_steps], [lambda s: s / max(1, num_warmup_steps), 1.0])


def linear_schedule_with_warmup(steps, num_warmup_steps, num_training_steps):
    t, w, T = _steps(steps), num_warmup_steps, num_training_steps
    return np.piecewise(t, [t < w, (t >= w) & (t < T)],
                        [lambda s: s / max(1, w), lambda s: (T - s) / max(1, T - w), 0.0])


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    t, w, T = _steps(steps), num_warmup_steps, num_training_steps

    def decay(s):
        progress = (s - w) / max(1, T - w)
        return np.maximum(0.0, 0.5 * (1.0 + np.cos(2.0 * np.pi * num_cycles * progress)))
    return np.piecewise(t, [t < w], [lambda s: s / max(1, w), decay])


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t, w, T = _steps(steps), num_warmup_steps, num_training_steps

    def decay(s):
        return ((lr_init - lr_end) * (1.0 - (s - w) / (T - w)) ** power + lr_end) / lr_init
    return np.piecewise(t, [t < w, (t >= w) & (t <= T)], [lambda s: s / max(1, w), decay, lr_end / lr_init])


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    t, w = _steps(steps), num_warmup_steps
    tau = timescale if timescale is not None else (w if w > 0 else 10_000)
    return np.piecewise(t, [t < w], [lambda s: s / max(1, w), lambda s: 1.0 / np.sqrt((s + tau - w) / tau)])
