"""As transformers' SwitchTransformersTop1Router / SparseMLP / load_balancing_loss_func / router_z_loss_func compute it.

top1_router: softmax as exp(logits - logsumexp) (torch.softmax), argmax, gate = max of the probabilities;
dispatch_mask: one-hot of the index, cumsum over the sequence, `<= expert_capacity`, capacity with math.ceil;
switch_layer: the SparseMLP loop over experts on the tokens its mask selects (next_states[token_indices] =
expert(hidden_states[token_indices])), then `hidden_states = router_probs * next_states` and the residual;
load_balancing_loss: `mean(tokens_per_group_and_expert * router_prob_per_group_and_expert) * N**2`;
router_z_loss: `torch.sum(log_z**2) / (num_groups * tokens_per_group)` with a stable logsumexp.
"""


def _logsumexp(z):
    m = z.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))[..., 0]


def top1_router(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    probs = np.exp(z - _logsumexp(z)[..., None])
    expert_index = np.argmax(probs, axis=-1).astype(np.int64)
    gate = np.max(probs, axis=-1)
    return probs, expert_index, gate


def dispatch_mask(expert_index, num_experts, capacity_factor):
    idx = np.asarray(expert_index).astype(np.int64)
    S = idx.shape[1]
    capacity = max(1, math.ceil(S / num_experts * capacity_factor))
    one_hot = np.zeros(idx.shape + (num_experts,), dtype=np.float64)
    one_hot[..., :] = idx[..., None] == np.arange(num_experts)
    priority = np.cumsum(one_hot, axis=-2)
    mask = one_hot * (priority <= capacity)
    return mask, capacity


def switch_layer(x, w_router, w_in, w_out, capacity_factor=1.0):
    x = np.asarray(x, dtype=np.float64)
    w_router = np.asarray(w_router, dtype=np.float64)
    w_in = np.asarray(w_in, dtype=np.float64)
    w_out = np.asarray(w_out, dtype=np.float64)
    num_experts = w_router.shape[1]
    probs, idx, gate = top1_router(x @ w_router)
    mask, _ = dispatch_mask(idx, num_experts, capacity_factor)
    next_states = x.copy()
    for i in range(num_experts):
        token_indices = mask[:, :, i].astype(bool)
        h = x[token_indices]
        next_states[token_indices] = np.maximum(h @ w_in[i], 0.0) @ w_out[i]
    kept = mask.sum(-1) > 0
    out = x.copy()
    out[kept] = x[kept] + gate[kept][:, None] * next_states[kept]
    return out


def load_balancing_loss(router_probs, expert_index, alpha=0.01):
    probs = np.asarray(router_probs, dtype=np.float64)
    num_experts = probs.shape[-1]
    idx = np.asarray(expert_index).astype(np.int64)
    expert_mask = (idx[..., None] == np.arange(num_experts)).astype(np.float64)
    tokens_per_group_and_expert = np.mean(expert_mask, axis=-2)
    router_prob_per_group_and_expert = np.mean(probs, axis=-2)
    return float(alpha * np.mean(tokens_per_group_and_expert * router_prob_per_group_and_expert) * num_experts ** 2)


def router_z_loss(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    num_groups, tokens_per_group, _ = z.shape
    log_z = _logsumexp(z)
    return float(np.sum(log_z ** 2) / (num_groups * tokens_per_group))
