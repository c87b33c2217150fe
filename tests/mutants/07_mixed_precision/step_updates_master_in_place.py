"""Applied the SGD step with `master_weights -= lr * grads`, changing the caller's master copy."""
LOSES = ["mixed_precision_step"]
MESSAGE = "mixed_precision_step changed the `master_weights` you passed in"


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    master = np.asarray(master_weights, dtype=np.float64)
    if not out["found_inf"]:
        master -= lr * out["grads"]
        master[...] = fp32_round(master)
    return {"master_weights": master.copy(), "fp16_weights": fp16_round(master),
            "scaler_state": scaler_update(scaler_state, out["found_inf"]), "skipped": out["found_inf"]}
