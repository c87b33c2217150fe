"""Warmup branch t / w without max(1, w): with w = 0 the unused branch divides by zero (warnings, nan for t = 0)."""
LOSES = ["inverse_sqrt_schedule"]
MESSAGE = "the branch a step does not use must not produce warnings"


def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    """Multiplier of get_inverse_sqrt_schedule at each step.

    steps: int array of any shape S (0-d or empty too; not modified); num_warmup_steps w >= 0; timescale: int or None
    (None means w, or 10_000 when w is 0).
    Returns a float64 array of shape S: linear warmup, then 1 / sqrt((t + timescale - w) / timescale).
    """
    if timescale is None:
        timescale = num_warmup_steps or 10_000
    t = np.asarray(steps, dtype=np.float64)                               # S
    w, tau = float(num_warmup_steps), float(timescale)
    t_decay = np.maximum(t, w)                          # the unused branch must not take sqrt(< 0)
    decay = 1.0 / np.sqrt((t_decay + tau - w) / tau)
    return np.where(t < w, t / w, decay)                         # S
