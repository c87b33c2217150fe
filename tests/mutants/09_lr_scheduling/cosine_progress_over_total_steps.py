"""Cosine progress as (t - w) / T instead of (t - w) / (T - w)."""
LOSES = ["cosine_schedule_with_warmup"]
MESSAGE = "the progress is divided by num_training_steps"


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    """Multiplier of get_cosine_schedule_with_warmup at each step.

    steps: int array of any shape S (0-d or empty too; not modified); num_warmup_steps w; num_training_steps T > w;
    num_cycles: float (0.5 = half a cosine wave from 1 to 0).
    Returns a float64 array of shape S. Progress is NOT clipped at T, as in transformers.
    """
    t = np.asarray(steps, dtype=np.float64)                               # S
    w, T = float(num_warmup_steps), float(num_training_steps)
    progress = (t - w) / max(1.0, T)
    decay = np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * float(num_cycles) * 2.0 * progress)))
    return np.where(t < w, t / max(1.0, w), decay)                         # S
