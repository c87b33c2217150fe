"""The formula of section 3 literally (floor(log2|x|), np.round); the step recomputes fp16_round(S g) / S.

The formula of section 3 literally: k = max(floor(log2|x|), -14), sign(x) * 2**(k-10) * round_half_even(|x| /
2**(k-10)) with np.round, overflow tested as |x| >= 65520 on the input; the step recomputes fp16_round(S g) / S
itself instead of calling loss_scaled_fp16_grads."""


def fp16_round(x):
    x = np.asarray(x).astype(np.float64)
    ax = np.abs(x)
    safe = np.where((ax > 0) & np.isfinite(ax), ax, 1.0)
    k = np.maximum(np.floor(np.log2(safe)), -14.0)
    step = 2.0 ** (k - 10)
    r = np.sign(x) * step * np.round(safe / step)
    r = np.where(ax == 0, x, r)                              # +-0 stay, with their sign
    with np.errstate(invalid="ignore"):
        r = np.where(ax >= 65520.0, np.sign(x) * np.inf, r)
    r = np.where(np.isnan(x), x, r)
    r = np.where(r == 0, np.copysign(0.0, x), r)
    return r.astype(np.float64)


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        g16 = fp16_round(loss_scale * g)
    nz = np.flatnonzero(g.reshape(-1))
    under = np.count_nonzero(g16.reshape(-1)[nz] == 0)
    return {"grads": g16 / loss_scale, "found_inf": not bool(np.isfinite(g16).all()),
            "underflow_fraction": float(under) / nz.size if nz.size else 0.0}


def scaler_update(state, found_inf):
    scale, tracker = state["scale"], state["_growth_tracker"] + 1
    if found_inf:
        scale, tracker = fp32_round(scale * state["backoff_factor"]), 0
    elif tracker == state["growth_interval"]:
        grown = fp32_round(scale * state["growth_factor"])
        scale = grown if np.isfinite(grown) else scale
        tracker = 0
    return {**state, "scale": float(scale), "_growth_tracker": int(tracker)}


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    s = scaler_state["scale"]
    with np.errstate(over="ignore", invalid="ignore"):
        g16 = fp16_round(np.asarray(grads, dtype=np.float64) * s)
    found_inf = bool(np.any(~np.isfinite(g16)))
    w = np.asarray(master_weights, dtype=np.float64)
    new_w = w.copy() if found_inf else fp32_round(w - lr * (g16 / s))
    return {"master_weights": new_w, "fp16_weights": fp16_round(new_w),
            "scaler_state": scaler_update(scaler_state, found_inf), "skipped": found_inf}
