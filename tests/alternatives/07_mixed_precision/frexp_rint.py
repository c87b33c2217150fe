"""Exponent from np.frexp, np.rint at the ulp; unscaling multiplies by inv_scale = 1/S as torch does.

Exponent from np.frexp instead of log2, rounding with np.rint at the ulp 2**(k-10); unscaling multiplies by
inv_scale = 1/S as torch._amp_foreach_non_finite_check_and_unscale_ does; the scale rounded by casting to
np.float32; the skip chosen with np.where."""


def fp16_round(x):
    a = np.abs(np.asarray(x, dtype=np.float64))
    with np.errstate(invalid="ignore", over="ignore"):
        _, e = np.frexp(a)                                   # a = m * 2**e, 0.5 <= m < 1
        k = np.maximum(e - 1, -14)
        ulp = np.ldexp(1.0, np.minimum(k, 20) - 10)
        r = np.rint(a / ulp) * ulp
        r = np.where(r > 65504.0, np.inf, r)
        out = np.where(np.isnan(a), np.nan, np.copysign(r, np.asarray(x, dtype=np.float64)))
    return np.asarray(out, dtype=np.float64)


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        g16 = fp16_round(g * loss_scale)
        inv_scale = 1.0 / loss_scale
        unscaled = g16 * inv_scale
    nonzero = g != 0
    n_nonzero = int(np.count_nonzero(nonzero))
    lost = int(np.count_nonzero(nonzero & (g16 == 0)))
    return {"grads": np.asarray(unscaled, dtype=np.float64),
            "found_inf": bool(not np.all(np.isfinite(g16))),
            "underflow_fraction": lost / n_nonzero if n_nonzero else 0.0}


def scaler_update(state, found_inf):
    new = dict(state)
    if found_inf:
        new["scale"] = float(np.float32(state["scale"] * state["backoff_factor"]))
        new["_growth_tracker"] = 0
        return new
    tracker = int(state["_growth_tracker"]) + 1
    if tracker == state["growth_interval"]:
        with np.errstate(over="ignore"):
            grown = np.float32(state["scale"] * state["growth_factor"])
        if np.isfinite(grown):
            new["scale"] = float(grown)
        tracker = 0
    new["_growth_tracker"] = tracker
    new["scale"] = float(new["scale"])
    return new


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    master = np.asarray(master_weights, dtype=np.float64)
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    skipped = bool(out["found_inf"])
    with np.errstate(invalid="ignore", over="ignore"):
        candidate = fp32_round(master - lr * out["grads"])
    new_master = np.where(skipped, master, candidate).astype(np.float64)
    return {"master_weights": new_master, "fp16_weights": fp16_round(new_master),
            "scaler_state": scaler_update(scaler_state, skipped), "skipped": skipped}
