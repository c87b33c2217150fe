"""Does not guard the sqrt in the unused np.where branch: with timescale < w, t + tau - w < 0 during warmup gives nan warnings."""
import numpy as np
LOSES = ["inverse_sqrt_schedule"]
MESSAGE = "must not produce warnings or nan either"

def inverse_sqrt_schedule(steps, num_warmup_steps, timescale=None):
    t = np.asarray(steps, dtype=np.float64)
    w = num_warmup_steps
    tau = timescale if timescale is not None else (w if w > 0 else 10_000)
    return np.where(t < w, t / max(1, w), 1.0 / np.sqrt((t + tau - w) / tau))
