"""Wrote the unscaled gradients into np.empty_like(grads): float32 gradients give a float32 result instead of float64."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "whatever the dtype of grads"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads)
    h = fp16_round(loss_scale * g)
    nz = g != 0
    n = int(nz.sum())
    under = float(((h == 0) & nz).sum() / n) if n else 0.0
    out = np.empty_like(g)
    out[...] = h / loss_scale
    return {"grads": out, "found_inf": bool(np.any(~np.isfinite(h))), "underflow_fraction": under}
