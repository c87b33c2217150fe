"""A Python loop over the (few) experts everywhere: per-expert softmax denominators, per-expert queues with
their own cumsum, per-expert outputs written back with np.where, per-expert f and P terms summed up.
"""


def top1_router(router_logits):
    h = np.asarray(router_logits, dtype=np.float64)
    N = h.shape[-1]
    m = h[..., 0].copy()
    idx = np.zeros(h.shape[:-1], dtype=np.int64)
    for i in range(1, N):
        better = h[..., i] > m                       # strict: ties keep the lower index
        idx = np.where(better, i, idx)
        m = np.where(better, h[..., i], m)
    denom = np.zeros(h.shape[:-1])
    for i in range(N):
        denom = denom + np.exp(h[..., i] - m)
    probs = np.empty(h.shape, dtype=np.float64)
    for i in range(N):
        probs[..., i] = np.exp(h[..., i] - m) / denom
    gate = np.exp(np.zeros_like(m)) / denom
    return probs, idx, gate


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index)
    S = idx.shape[1]
    capacity = math.ceil(S / num_experts * capacity_factor)
    capacity = int(max(capacity, 1))
    mask = np.zeros(idx.shape + (num_experts,))
    for i in range(num_experts):
        chosen = idx == i
        queue = np.cumsum(chosen, axis=1)
        mask[..., i] = chosen & (queue <= capacity)
    return mask, capacity


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    N = np.shape(w_router)[1]
    _, e, gate = top1_router(x @ w_router)
    mask, _ = dispatch_mask(e, N, capacity_factor)
    y = np.array(x, dtype=np.float64, copy=True)
    for i in range(N):
        out_i = np.maximum(x @ w_in[i], 0) @ w_out[i]              # expert i on every token
        y = y + (mask[..., i] * gate)[..., None] * out_i
    return y


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    p = np.asarray(router_probs, dtype=np.float64)
    idx = np.asarray(expert_index)
    N = p.shape[-1]
    total = np.zeros(p.shape[0])
    for i in range(N):
        f_i = np.mean(idx == i, axis=1)
        P_i = np.mean(p[..., i], axis=1)
        total = total + f_i * P_i
    return alpha * N * float(np.mean(total))


def router_z_loss(router_logits):
    h = np.asarray(router_logits, dtype=np.float64)
    m = np.max(h, axis=-1)
    s = np.zeros_like(m)
    for i in range(h.shape[-1]):
        s += np.exp(h[..., i] - m)
    lse = m + np.log(s)
    return float(np.mean(np.square(lse)))
