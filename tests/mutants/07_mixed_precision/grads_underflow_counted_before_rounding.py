"""Counts as underflow every |S g| < 2**-24 before rounding; values in (2**-25, 2**-24) round UP to the smallest subnormal and survive."""
LOSES = ["loss_scaled_fp16_grads"]
MESSAGE = 'the underflows are counted before rounding'


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    g16 = fp16_round(loss_scale * g)
    nonzero = g != 0
    under = nonzero & (np.abs(loss_scale * g) < 2.0 ** -24)
    n = int(nonzero.sum())
    return {"grads": g16 / loss_scale, "found_inf": bool((~np.isfinite(g16)).any()),
            "underflow_fraction": float(under.sum() / n) if n else 0.0}
