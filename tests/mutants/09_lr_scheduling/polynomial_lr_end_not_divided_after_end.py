"""After T returned lr_end instead of lr_end / lr_init (forgot that the result is a multiplier)."""
LOSES = ["polynomial_decay_schedule_with_warmup"]
MESSAGE = "the multiplier is lr_end / lr_init, not lr_end:"


def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    """Multiplier of get_polynomial_decay_schedule_with_warmup at each step.

    steps: int array of any shape S (0-d or empty too; not modified); num_warmup_steps w; num_training_steps T > w;
    lr_init: the optimizer's initial learning rate (> lr_end); lr_end: final learning rate; power: k.
    Returns a float64 array of shape S: the learning rate divided by lr_init, i.e. linear warmup,
    then ((lr_init - lr_end) * (1 - (t - w) / (T - w)) ** power + lr_end) / lr_init up to T,
    and lr_end / lr_init after T.
    """
    t = np.asarray(steps, dtype=np.float64)                               # S
    w, T = float(num_warmup_steps), float(num_training_steps)
    t_decay = np.clip(t, w, T)                         # only steps in [w, T] reach the power: no nan
    remaining = 1.0 - (t_decay - w) / (T - w)
    decay = ((lr_init - lr_end) * remaining ** power + lr_end) / lr_init
    out = np.where(t > T, lr_end, decay)
    return np.where(t < w, t / max(1.0, w), out)                           # S
