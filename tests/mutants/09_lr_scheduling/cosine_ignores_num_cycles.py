"""Hard-coded half a wave, cos(pi * progress), ignoring num_cycles (right only for num_cycles=0.5; at
num_cycles=1 it looks like a missing factor 2)."""
LOSES = ["cosine_schedule_with_warmup"]
MESSAGE = "is ignored: the result is half a cosine wave"


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    p = (t - w) / max(1, T - w)
    return np.where(t < w, t / max(1, w), np.maximum(0.0, 0.5 * (1 + np.cos(np.pi * p))))
