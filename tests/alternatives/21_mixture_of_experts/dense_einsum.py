"""Dense einsum formulation: every expert is run on every token and the outputs are combined with the
(dispatch mask x gate) weights, as a GShard-style combine tensor; the losses as einsum contractions.

The softmax normalises exp(h - max) and takes the gate as 1 / sum(exp(h - max)) (the exponent of the
argmax is exactly 1); the position in each queue is counted with an integer cumsum; the z-loss uses
lse = m + log1p(sum_{i != argmax} exp(h_i - m)).
"""


def top1_router(router_logits):
    h = np.array(router_logits, dtype=np.float64)
    e = np.argmax(h, axis=-1)
    m = np.take_along_axis(h, e[..., None], axis=-1)
    ex = np.exp(h - m)
    denom = np.einsum("gsn->gs", ex)
    probs = ex / denom[..., None]
    gate = 1.0 / denom
    return probs, e.astype(np.int64), gate


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.array(expert_index, dtype=np.int64)
    G, S = idx.shape
    capacity = int(math.ceil(S / num_experts * capacity_factor))
    if capacity < 1:
        capacity = 1
    chosen = idx[:, :, None] == np.arange(num_experts)[None, None, :]
    position = np.cumsum(chosen.astype(np.int64), axis=1)
    mask = np.where(chosen & (position <= capacity), 1.0, 0.0)
    return mask, capacity


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    _, e, g = top1_router(np.einsum("gsd,dn->gsn", x, np.asarray(w_router, dtype=np.float64)))
    mask, _ = dispatch_mask(e, np.shape(w_router)[1], capacity_factor)
    hidden = np.maximum(np.einsum("gsd,ndf->gsnf", x, np.asarray(w_in, dtype=np.float64)), 0.0)
    expert_out = np.einsum("gsnf,nfd->gsnd", hidden, np.asarray(w_out, dtype=np.float64))
    combine = mask * g[..., None]                                  # (G, S, N)
    return x + np.einsum("gsn,gsnd->gsd", combine, expert_out)


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    p = np.asarray(router_probs, dtype=np.float64)
    G, S, N = p.shape
    counts = np.zeros((G, N))
    rows = np.repeat(np.arange(G), S)
    np.add.at(counts, (rows, np.asarray(expert_index, dtype=np.int64).reshape(-1)), 1.0)
    f = counts / S
    P = np.einsum("gsn->gn", p) / S
    return float(alpha * N * np.einsum("gn,gn->", f, P) / G)


def router_z_loss(router_logits):
    h = np.asarray(router_logits, dtype=np.float64)
    e = np.argmax(h, axis=-1)[..., None]
    m = np.take_along_axis(h, e, axis=-1)
    rest = np.exp(h - m)
    np.put_along_axis(rest, e, 0.0, axis=-1)
    lse = m[..., 0] + np.log1p(rest.sum(axis=-1))
    return float(np.mean(lse ** 2))
