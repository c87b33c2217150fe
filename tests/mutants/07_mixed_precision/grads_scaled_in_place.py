"""Scaled the gradients in place (`grads *= loss_scale`), which multiplies the caller's array."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "loss_scaled_fp16_grads changed the `grads` you passed in"


def loss_scaled_fp16_grads(grads, loss_scale):
    grads = np.asarray(grads, dtype=np.float64)
    grads *= loss_scale
    with np.errstate(over="ignore", invalid="ignore"):
        g16 = fp16_round(grads)
        unscaled = g16 / loss_scale
    nonzero = grads != 0
    n = int(nonzero.sum())
    return {"grads": unscaled, "found_inf": bool(not np.all(np.isfinite(g16))),
            "underflow_fraction": float(np.sum((g16 == 0) & nonzero) / n) if n else 0.0}
