"""Unscales like torch: multiplies by the float32 inverse scale instead of dividing by S (differs for scales that are not powers of two)."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = 'multiplied by the float32 inverse scale'


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    g16 = fp16_round(loss_scale * g)
    nonzero = g != 0
    under = nonzero & (g16 == 0)
    n = int(nonzero.sum())
    return {"grads": g16 * fp32_round(1.0 / loss_scale), "found_inf": bool((~np.isfinite(g16)).any()),
            "underflow_fraction": float(under.sum() / n) if n else 0.0}
