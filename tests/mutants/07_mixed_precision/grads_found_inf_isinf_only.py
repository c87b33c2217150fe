"""found_inf tested np.isinf only, so a nan gradient is missed; with the student's own helpers mixed_precision_step
then applies a step with nan gradients."""
LOSES = ["loss_scaled_fp16_grads", "mixed_precision_step"]
MESSAGE = "your loss_scaled_fp16_grads returned found_inf=False"


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    h = fp16_round(loss_scale * g)
    nz = g != 0
    uf = float((h[nz] == 0).sum() / nz.sum()) if nz.any() else 0.0
    return {"grads": h / loss_scale, "found_inf": bool(np.isinf(h).any()), "underflow_fraction": uf}
