"""switch_layer calls dispatch_mask with capacity_factor 1.0 whatever capacity_factor it is given."""
LOSES = ["switch_layer"]
MESSAGE = "the capacity uses capacity_factor=1.0"


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    probs, e, g = top1_router(x @ w_router)
    mask, _ = dispatch_mask(e, w_router.shape[1], 1.0)
    kept = mask.sum(-1) > 0
    h = np.maximum(np.einsum("gsd,gsdf->gsf", x, w_in[e]), 0)
    out = np.einsum("gsf,gsfd->gsd", h, w_out[e])
    return x + (kept * g)[..., None] * out
