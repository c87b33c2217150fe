"""Returned the NUMBER of nonzero entries that underflow, not their fraction."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "this is a count"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        g16 = fp16_round(g * loss_scale)                 # fp16 gradients of the scaled loss
        unscaled = g16 / loss_scale                      # unscale_ (exact for powers of two)
    found_inf = bool(not np.all(np.isfinite(g16)))
    nonzero = g != 0
    n = int(nonzero.sum())
    underflow = float(np.sum((g16 == 0) & nonzero))
    return {"grads": unscaled, "found_inf": found_inf, "underflow_fraction": underflow}
