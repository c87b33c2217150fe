"""Updated the master weights with the exact grads instead of the unscaled fp16 gradients."""
LOSES = ["mixed_precision_step"]
MESSAGE = "the update uses the exact gradients"


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    master = np.asarray(master_weights, dtype=np.float64)
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    if out["found_inf"]:
        new_master = master.copy()                                   # optimizer.step() is skipped
    else:
        new_master = fp32_round(master - lr * np.asarray(grads, dtype=np.float64))          # update in fp32
    return {"master_weights": new_master, "fp16_weights": fp16_round(new_master),
            "scaler_state": scaler_update(scaler_state, out["found_inf"]), "skipped": out["found_inf"]}
