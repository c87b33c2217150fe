"""Returned skipped as the numpy.bool_ that found_inf | np.isnan(...).any() gives instead of a Python bool."""
LOSES = ["mixed_precision_step"]
MESSAGE = "['skipped'] must be a Python bool"


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    master = np.asarray(master_weights, dtype=np.float64)
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    skipped = np.any(~np.isfinite(out["grads"])) | out["found_inf"]
    new = master if skipped else fp32_round(master - lr * out["grads"])
    return {"master_weights": new, "fp16_weights": fp16_round(new), "skipped": skipped,
            "scaler_state": scaler_update(scaler_state, bool(skipped))}
