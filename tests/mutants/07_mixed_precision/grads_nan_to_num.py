"""Sanitised the unscaled gradients with np.nan_to_num: the inf/nan entries of an overflow come back as huge finite
numbers or 0 instead of inf/nan (the docstring keeps them, as torch's unscale_ does)."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = "the inf/nan entries were replaced by finite numbers"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    h = fp16_round(loss_scale * g)
    nz = g != 0
    uf = float((h[nz] == 0).sum() / nz.sum()) if nz.any() else 0.0
    return {"grads": np.nan_to_num(h / loss_scale), "found_inf": bool((~np.isfinite(h)).any()), "underflow_fraction": uf}
