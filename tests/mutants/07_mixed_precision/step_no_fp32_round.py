"""Kept the updated master weights in float64 (master - lr * grads) without rounding them to float32."""
LOSES = ["mixed_precision_step"]
MESSAGE = "round the updated master weights with fp32_round"


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    master = np.asarray(master_weights, dtype=np.float64)
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    skipped = out["found_inf"]
    new = master.copy() if skipped else master - lr * out["grads"]
    return {"master_weights": new, "fp16_weights": fp16_round(new), "skipped": skipped,
            "scaler_state": scaler_update(scaler_state, skipped)}
