"""Returned early when found_inf, with the scaler state unchanged: the scale never backs off."""
LOSES = ["mixed_precision_step"]
MESSAGE = "the scaler state is not updated"


def mixed_precision_step(master_weights, grads, lr, scaler_state):
    master = np.asarray(master_weights, dtype=np.float64)
    out = loss_scaled_fp16_grads(grads, scaler_state["scale"])
    if out["found_inf"]:
        new_master = master.copy()
        return {"master_weights": new_master, "fp16_weights": fp16_round(new_master),
                "scaler_state": dict(scaler_state), "skipped": True}
    else:
        new_master = fp32_round(master - lr * out["grads"])          # update in fp32
    return {"master_weights": new_master, "fp16_weights": fp16_round(new_master),
            "scaler_state": scaler_update(scaler_state, out["found_inf"]), "skipped": out["found_inf"]}
