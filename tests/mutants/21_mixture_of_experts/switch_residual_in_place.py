"""Wrote the expert outputs into x itself (x[sel] += ...), so the caller's token states change."""
LOSES = ["switch_layer"]
MESSAGE = "switch_layer changed the `x` you passed in"


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    probs, expert_index, gate = top1_router(x @ w_router)
    mask, _ = dispatch_mask(expert_index, w_router.shape[1], capacity_factor)
    updates = []
    for i in range(w_router.shape[1]):
        sel = mask[..., i] > 0
        updates.append((sel, gate[sel][:, None] * (np.maximum(x[sel] @ w_in[i], 0.0) @ w_out[i])))
    for sel, out in updates:
        x[sel] += out
    return x
