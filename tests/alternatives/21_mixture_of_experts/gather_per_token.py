"""Gather formulation: each token's expert weights are gathered (w_in[e], w_out[e]) and applied with a
batched matmul (no loop at all); the mask from a stable sort (rank of a token among the earlier tokens
that chose its expert); losses with bincount; softmax via np.logaddexp.reduce.
"""


def top1_router(router_logits):
    h = np.asarray(router_logits).astype(np.float64)
    if h.size == 0:
        lse = np.zeros(h.shape[:-1])
    else:
        lse = np.logaddexp.reduce(h, axis=-1)
    probs = np.exp(h - lse[..., None])
    idx = np.argmax(h, axis=-1).astype(np.int64)
    gate = np.take_along_axis(probs, idx[..., None], axis=-1)[..., 0]
    return probs, idx, gate


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index).astype(np.int64)
    G, S = idx.shape
    capacity = max(1, int(np.ceil(S / num_experts * capacity_factor)))
    # rank of each token within its expert's queue: sort by (expert, position), stably
    order = np.argsort(idx, axis=1, kind="stable")
    sorted_idx = np.take_along_axis(idx, order, axis=1)
    pos_sorted = np.arange(S)[None, :].repeat(G, axis=0)
    # first position of each expert's run in the sorted row
    starts = np.zeros((G, S), dtype=np.int64)
    if S:
        new_run = np.ones((G, S), dtype=bool)
        new_run[:, 1:] = sorted_idx[:, 1:] != sorted_idx[:, :-1]
        starts = np.maximum.accumulate(np.where(new_run, pos_sorted, 0), axis=1)
    rank_sorted = pos_sorted - starts                               # 0-based rank in the queue
    rank = np.empty_like(rank_sorted)
    np.put_along_axis(rank, order, rank_sorted, axis=1)
    keep = rank < capacity
    mask = np.zeros((G, S, num_experts), dtype=np.float64)
    g_i, s_i = np.nonzero(keep)
    mask[g_i, s_i, idx[g_i, s_i]] = 1.0
    return mask, capacity


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x).astype(np.float64)
    w_in = np.asarray(w_in).astype(np.float64)
    w_out = np.asarray(w_out).astype(np.float64)
    _, e, gate = top1_router(x @ np.asarray(w_router, dtype=np.float64))
    mask, _ = dispatch_mask(e, w_in.shape[0], capacity_factor)
    kept = mask.sum(axis=-1)                                        # 1.0 or 0.0
    hid = np.maximum((x[..., None, :] @ w_in[e])[..., 0, :], 0)     # (G, S, f)
    out = (hid[..., None, :] @ w_out[e])[..., 0, :]                 # (G, S, d)
    return x + (kept * gate)[..., None] * out


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    p = np.asarray(router_probs, dtype=np.float64)
    G, S, N = p.shape
    idx = np.asarray(expert_index, dtype=np.int64)
    flat = (idx + N * np.arange(G)[:, None]).ravel()
    f = np.bincount(flat, minlength=G * N).reshape(G, N) / S
    P = p.mean(axis=1)
    per_group = (f * P).sum(axis=1)
    return float(alpha * N * per_group.mean())


def router_z_loss(router_logits):
    h = np.asarray(router_logits, dtype=np.float64)
    lse = np.logaddexp.reduce(h, axis=-1)
    return float((lse * lse).sum() / lse.size)
