"""Returned x itself when there are no tokens (S = 0): not a new array."""
LOSES = ["switch_layer"]
MESSAGE = "return a new float64 array even when there are no tokens"


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    if x.size == 0:
        return x
    x = np.asarray(x, dtype=np.float64)
    probs, expert_index, gate = top1_router(x @ w_router)
    mask, _ = dispatch_mask(expert_index, w_router.shape[1], capacity_factor)
    out = x.copy()
    for i in range(w_router.shape[1]):
        sel = mask[..., i] > 0
        out[sel] = x[sel] + gate[sel][:, None] * (np.maximum(x[sel] @ w_in[i], 0.0) @ w_out[i])
    return out
