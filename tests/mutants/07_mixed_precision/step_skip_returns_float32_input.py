"""On a skipped step returns np.asarray(master_weights): float32 master weights come back as float32, not float64."""
LOSES = ["mixed_precision_step"]
MESSAGE = 'also when the step is skipped'


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    if out["found_inf"]:
        master = np.asarray(master_weights)
    else:
        master = fp32_round(np.asarray(master_weights, dtype=np.float64) - lr * out["grads"])
    return {"master_weights": master, "fp16_weights": fp16_round(master),
            "scaler_state": scaler_update(scaler_state, out["found_inf"]), "skipped": bool(out["found_inf"])}
