"""Wrapped a scalar function in np.vectorize, which is a Python loop over the steps."""
LOSES = ["cosine_schedule_with_warmup"]
MESSAGE = "cosine_schedule_with_warmup uses vectorize(...)"


def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5):
    def one(t):
        if t < num_warmup_steps:
            return t / max(1, num_warmup_steps)
        progress = (t - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
        return max(0.0, 0.5 * (1.0 + np.cos(np.pi * num_cycles * 2.0 * progress)))
    return np.vectorize(one, otypes=[np.float64])(steps)
