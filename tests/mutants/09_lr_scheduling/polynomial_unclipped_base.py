"""Does not clip the base of the power in the unused np.where branch: (1 - p) ** k with p > 1 and fractional k gives nan warnings."""
import numpy as np
LOSES = ["polynomial_decay_schedule_with_warmup"]
MESSAGE = "must not produce warnings or nan either"

def polynomial_decay_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, lr_init,
                                          lr_end=1e-7, power=1.0):
    t = np.asarray(steps, dtype=np.float64)
    w, T = num_warmup_steps, num_training_steps
    dec = ((lr_init - lr_end) * (1 - (t - w) / (T - w)) ** power + lr_end) / lr_init
    return np.where(t < w, t / max(1, w), np.where(t > T, lr_end / lr_init, dec))
