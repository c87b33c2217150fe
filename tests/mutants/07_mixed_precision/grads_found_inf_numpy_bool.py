"""Returned found_inf as np.any(...) (a numpy.bool_) where the docstring promises a Python bool."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "['found_inf'] must be a Python bool"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    h = fp16_round(loss_scale * g)
    nz = g != 0
    n = int(nz.sum())
    under = float(((h == 0) & nz).sum() / n) if n else 0.0
    return {"grads": h / loss_scale, "found_inf": np.any(~np.isfinite(h)), "underflow_fraction": under}
