"""Counted the nonzero gradients as g > 0: negative gradients that underflow are neither counted nor in the denominator."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "only the positive gradients are counted"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    h = fp16_round(loss_scale * g)
    nz = g > 0
    n = int(nz.sum())
    under = float(((h == 0) & nz).sum() / n) if n else 0.0
    return {"grads": h / loss_scale, "found_inf": bool(np.any(~np.isfinite(h))), "underflow_fraction": under}
