"""Started from x.copy(): a float32 x gives a float32 result, not the promised float64."""
LOSES = ["switch_layer"]
MESSAGE = "switch_layer of a float32 x has dtype float32"


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    probs, expert_index, gate = top1_router(x @ w_router)
    mask, _ = dispatch_mask(expert_index, w_router.shape[1], capacity_factor)
    out = x.copy()
    for i in range(w_router.shape[1]):
        sel = mask[..., i] > 0
        out[sel] = x[sel] + gate[sel][:, None] * (np.maximum(x[sel] @ w_in[i], 0.0) @ w_out[i])
    return out
