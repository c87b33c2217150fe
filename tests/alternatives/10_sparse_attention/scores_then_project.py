"""Linformer by associativity, (q k^T) E^T and (P F) V; masked attention with an additive -inf bias.

Linformer by associativity: the n x n scores q k^T / sqrt(d) first, then projected to n x k_proj with E^T ((q k^T)
E^T = q (E k)^T), and the values projected after the softmax weights are formed; masked attention with the additive
-inf bias of torch's boolean-to-float mask conversion and np.nan_to_num of the fully masked rows' 0/0."""


def longformer_mask(seq_len, window, global_idx):
    n = seq_len
    r = np.arange(n)
    m = np.zeros((n, n), dtype=bool)
    m |= np.abs(r[:, None] - r) <= window / 2
    g = np.asarray(global_idx, dtype=int).reshape(-1)
    m[g, :] = True
    m[:, g] = True
    return m


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    rb = np.asarray(random_blocks, dtype=int).reshape(nb, -1)
    onehot = np.zeros((nb, nb), dtype=bool)
    np.put_along_axis(onehot, rb, True, axis=1) if rb.size else None
    b = np.arange(nb)
    gb = np.asarray(global_blocks, dtype=int).reshape(-1)
    is_g = (b[:, None] == gb[None, :]).any(axis=1)
    grid = (np.abs(b[:, None] - b[None, :]) <= window_blocks // 2) | is_g[:, None] | is_g[None, :] | onehot
    tok = np.arange(seq_len) // block_size
    return grid[tok[:, None], tok[None, :]]


def masked_attention(q, k, v, mask):
    q, k, v = np.asarray(q, np.float64), np.asarray(k, np.float64), np.asarray(v, np.float64)
    allowed = np.asarray(mask, dtype=bool)
    bias = np.where(allowed, 0.0, -np.inf)
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]) + bias
    with np.errstate(invalid="ignore", divide="ignore"):
        top = s.max(axis=-1, keepdims=True) if s.shape[-1] else np.full(s.shape[:-1] + (1,), -np.inf)
        e = np.exp(s - top)                                       # nan on fully masked rows (-inf - -inf)
        p = e / e.sum(axis=-1, keepdims=True)
    p = np.nan_to_num(p, nan=0.0)
    return p @ v


def linformer_attention(q, k, v, E, F):
    q, k, v = np.asarray(q, np.float64), np.asarray(k, np.float64), np.asarray(v, np.float64)
    E, F = np.asarray(E, np.float64), np.asarray(F, np.float64)
    full = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])          # (..., n, n)
    s = full @ E.T                                                     # (..., n, k_proj)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    return (p @ F) @ v                                                 # (P F) V = P (F V)
