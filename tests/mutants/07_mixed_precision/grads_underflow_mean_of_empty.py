"""underflow_fraction = np.mean over the nonzero entries: nan (not 0.0) when g has no nonzero entry (all zeros, or empty)."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "when g has no nonzero entry, underflow_fraction is 0.0"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    h = fp16_round(loss_scale * g)
    nz = g != 0
    uf = float(np.mean(h[nz] == 0))
    return {"grads": h / loss_scale, "found_inf": bool((~np.isfinite(h)).any()), "underflow_fraction": uf}
