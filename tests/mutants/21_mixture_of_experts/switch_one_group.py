"""switch_layer flattens the batch and routes all G*S tokens as one group (capacity and queue over the whole batch)."""
LOSES = ["switch_layer"]
MESSAGE = "all G*S tokens were routed as ONE group"


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    G, S, d = x.shape
    probs, e, g = top1_router(x @ w_router)
    mask, _ = dispatch_mask(e.reshape(1, G * S), w_router.shape[1], capacity_factor)
    kept = (mask.sum(-1) > 0).reshape(G, S)
    h = np.maximum(np.einsum("gsd,gsdf->gsf", x, w_in[e]), 0)
    out = np.einsum("gsf,gsfd->gsd", h, w_out[e])
    return x + (kept * g)[..., None] * out
