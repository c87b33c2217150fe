"""On a skipped step, returns the master weights it was given (np.asarray of float64 weights is no
copy), where the docstring asks for a new array."""
LOSES = ["mixed_precision_step"]
MESSAGE = "the result['master_weights'] is the `master_weights` you passed in, not a new object"


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    master = np.asarray(master_weights, dtype=np.float64)
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    new_master = master if out["found_inf"] else fp32_round(master - lr * out["grads"])
    return {"master_weights": new_master, "fp16_weights": fp16_round(new_master),
            "scaler_state": scaler_update(scaler_state, out["found_inf"]), "skipped": bool(out["found_inf"])}
