"""Returned underflow_fraction as the numpy.float64 of a NumPy count divided by another where the docstring promises a Python float."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "['underflow_fraction'] must be a Python float"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    h = fp16_round(loss_scale * g)
    nz = g != 0
    n = int(nz.sum())
    under = ((h == 0) & nz).sum() / nz.sum() if n else 0.0
    return {"grads": h / loss_scale, "found_inf": bool(np.any(~np.isfinite(h))), "underflow_fraction": under}
