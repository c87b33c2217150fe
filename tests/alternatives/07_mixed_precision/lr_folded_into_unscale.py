"""The learning rate folded into the unscaling: master - (lr / S) * fp16_round(S g), one product less.

Algebraically master - lr * (fp16_round(S g) / S); the float64 intermediate rounds differently before fp32_round.
The skip and the scaler update as in the docstring; the weights copied with np.array(..., dtype=np.float64)."""


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    scale = scaler_state["scale"]
    with np.errstate(over="ignore", invalid="ignore"):
        g16 = fp16_round(np.asarray(grads, dtype=np.float64) * scale)
    found_inf = not bool(np.isfinite(g16).all())
    master = np.array(master_weights, dtype=np.float64)
    if not found_inf:
        master = fp32_round(master - (lr / scale) * g16)
    return {"master_weights": master, "fp16_weights": fp16_round(master),
            "scaler_state": scaler_update(scaler_state, found_inf), "skipped": found_inf}
