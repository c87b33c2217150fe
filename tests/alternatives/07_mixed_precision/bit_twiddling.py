"""As hardware converts: the float64 bit pattern rounded to 10 fraction bits with integer arithmetic.

As hardware converts: round the float64 bit pattern to 10 fraction bits with integer arithmetic (add 2**41 - 1 + the
kept last bit, clear the low 42 bits: ties to even, the carry moves into the exponent), subnormals by rint(|x| *
2**24) * 2**-24; underflow counted as a mean over a boolean mask."""


def fp16_round(x):
    v = np.asarray(x, dtype=np.float64)
    a = np.minimum(np.abs(v), 2.0 ** 17)                    # anything this large overflows anyway
    finite = np.isfinite(a)
    bits = np.where(finite, a, 0.0).astype(np.float64).view(np.uint64) if a.ndim else \
        np.array([a if finite else 0.0], dtype=np.float64).view(np.uint64)
    drop = np.uint64(42)
    lsb = (bits >> drop) & np.uint64(1)
    rounded = (bits + (np.uint64((1 << 41) - 1) + lsb)) & ~np.uint64((1 << 42) - 1)
    normal = rounded.view(np.float64).reshape(a.shape)
    sub = np.rint(a * 2.0 ** 24) * 2.0 ** -24
    r = np.where(a >= 2.0 ** -14, normal, sub)
    r = np.where(r > 65504.0, np.inf, r)
    r = np.where(np.isnan(v), np.nan, np.copysign(r, v))
    return np.asarray(r, dtype=np.float64)


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.asarray(grads).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        h = fp16_round(g * float(loss_scale))
        unscaled = np.divide(h, loss_scale)
    mask = g != 0
    return {"grads": unscaled,
            "found_inf": bool(np.isnan(h).any() or np.isinf(h).any()),
            "underflow_fraction": float((h[mask] == 0).sum() / mask.sum()) if mask.any() else 0.0}


def scaler_update(state, found_inf):
    new = {key: state[key] for key in state}
    if bool(found_inf):
        new.update(scale=float(fp32_round(state["scale"] * state["backoff_factor"])), _growth_tracker=0)
    elif state["_growth_tracker"] + 1 != state["growth_interval"]:
        new["_growth_tracker"] = state["_growth_tracker"] + 1
    else:
        grown = fp32_round(state["scale"] * state["growth_factor"])
        new.update(scale=float(grown) if np.isfinite(grown) else float(state["scale"]), _growth_tracker=0)
    return new


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    res = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    master = np.array(master_weights, dtype=np.float64)
    if not res["found_inf"]:
        master = fp32_round(master + (-lr) * res["grads"])
    return {"master_weights": master, "fp16_weights": fp16_round(master),
            "scaler_state": scaler_update(dict(scaler_state), res["found_inf"]), "skipped": bool(res["found_inf"])}
