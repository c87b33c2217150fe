"""Divided the underflow count by the number of nonzero gradients without the 0.0 case: all-zero grads give nan."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "loss_scaled_fp16_grads(np.zeros(5), 1024)['underflow_fraction'] contains nan"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        g16 = fp16_round(g * loss_scale)
        nonzero = g != 0
        fraction = np.sum((g16 == 0) & nonzero) / np.sum(nonzero)
    return {"grads": g16 / loss_scale, "found_inf": bool(not np.all(np.isfinite(g16))),
            "underflow_fraction": float(fraction)}
