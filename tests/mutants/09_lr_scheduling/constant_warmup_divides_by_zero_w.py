"""Warmup divides by w instead of max(1, w): with w = 0 the unused np.where branch divides by zero (warnings)."""
import numpy as np
LOSES = ["constant_schedule_with_warmup"]
MESSAGE = "must not produce warnings or nan either"

def constant_schedule_with_warmup(steps, num_warmup_steps):
    t = np.asarray(steps, dtype=np.float64)
    return np.where(t < num_warmup_steps, t / num_warmup_steps, 1.0)
