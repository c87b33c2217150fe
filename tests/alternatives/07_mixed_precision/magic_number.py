"""Rounding by the float64 magic-number trick: (|x| + 2**(k+42)) - 2**(k+42), ties to even by the FPU.

Rounding by the float64 "magic number" trick: (|x| + 2**(k+42)) - 2**(k+42) rounds |x| to a multiple of 2**(k-10),
ties to even, by float64 addition itself (k from floor(log2|x|), clipped to [-14, 16]); the scaler written as
torch's _amp_update_scale_cpu_ branches."""
import math


def fp16_round(x):
    v = np.array(x, dtype=np.float64)
    a = np.minimum(np.abs(v), 2.0 ** 17)                    # larger values overflow anyway
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.clip(np.floor(np.log2(np.where(a > 0, a, 1.0))), -14, 16)
    magic = 2.0 ** (k + 42)
    r = (a + magic) - magic
    r = np.where(r >= 65520.0, np.inf, r)
    r = np.where(np.isnan(v), np.nan, np.copysign(r, v))
    return np.asarray(r, dtype=np.float64)


def loss_scaled_fp16_grads(grads, loss_scale):
    g = np.array(grads, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = fp16_round(loss_scale * g)
    bad = np.isinf(scaled) | np.isnan(scaled)
    nonzero = g[g != 0]
    scaled_nonzero = scaled[g != 0]
    frac = float(np.mean(scaled_nonzero == 0)) if nonzero.size > 0 else 0.0
    return {"grads": scaled / loss_scale, "found_inf": bool(bad.any()), "underflow_fraction": frac}


def scaler_update(state, found_inf):
    scale = float(state["scale"])
    tracker = int(state["_growth_tracker"])
    if found_inf:
        scale = float(fp32_round(scale * state["backoff_factor"]))
        tracker = 0
    else:
        successful = tracker + 1
        if successful == state["growth_interval"]:
            new_scale = float(fp32_round(scale * state["growth_factor"]))
            if math.isfinite(new_scale):
                scale = new_scale
            tracker = 0
        else:
            tracker = successful
    return {"scale": scale, "growth_factor": state["growth_factor"], "backoff_factor": state["backoff_factor"],
            "growth_interval": state["growth_interval"], "_growth_tracker": tracker}


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    unscaled = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    if unscaled["found_inf"]:
        master = np.array(master_weights, dtype=np.float64, copy=True)
    else:
        master = fp32_round(np.asarray(master_weights, dtype=np.float64) - lr * unscaled["grads"])
    return {"master_weights": master, "fp16_weights": fp16_round(master),
            "scaler_state": scaler_update(scaler_state, unscaled["found_inf"]),
            "skipped": unscaled["found_inf"] is True or bool(unscaled["found_inf"])}
