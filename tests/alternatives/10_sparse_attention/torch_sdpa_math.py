"""As torch's _scaled_dot_product_attention_math: q and k each scaled by sqrt(1/sqrt(d)); np.kron blocks.

As torch's _scaled_dot_product_attention_math: q and k each multiplied by sqrt(1/sqrt(d)) before the product, the
mask applied with masked_fill(-inf), softmax with the row maximum, fully masked rows zeroed afterwards; masks from
np.subtract.outer and a global boolean vector; BigBird's block mask expanded with np.kron."""


def longformer_mask(seq_len, window, global_idx):
    pos = np.arange(seq_len)
    mask = np.abs(np.subtract.outer(pos, pos)) <= window // 2
    is_global = np.zeros(seq_len, dtype=bool)
    is_global[np.asarray(global_idx, dtype=np.int64)] = True
    return mask | is_global[:, None] | is_global[None, :]


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    blocks = np.arange(nb)
    grid = np.abs(np.subtract.outer(blocks, blocks)) <= window_blocks // 2
    g = np.zeros(nb, dtype=bool)
    g[np.asarray(global_blocks, dtype=np.int64)] = True
    grid = grid | g[:, None] | g[None, :]
    rnd = np.asarray(random_blocks, dtype=np.int64).reshape(nb, -1)
    grid[np.repeat(blocks, rnd.shape[1]), rnd.reshape(-1)] = True
    return np.kron(grid, np.ones((block_size, block_size), dtype=bool)).astype(bool)


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    root = np.sqrt(1.0 / np.sqrt(q.shape[-1]))
    scores = (q * root) @ np.swapaxes(k * root, -1, -2)
    scores, mask = np.broadcast_arrays(scores, mask)
    filled = np.where(mask, scores, -np.inf)
    row_max = filled.max(axis=-1, keepdims=True) if filled.shape[-1] else np.zeros(filled.shape[:-1] + (1,))
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    e = np.exp(filled - row_max)                                      # exp(-inf) = 0 where masked
    total = e.sum(axis=-1, keepdims=True)
    p = np.divide(e, total, out=np.zeros_like(e), where=total > 0)
    return p @ v


def linformer_attention(q, k, v, E, F):
    q = np.asarray(q, dtype=np.float64)
    root = np.sqrt(1.0 / np.sqrt(q.shape[-1]))
    k_bar = np.asarray(E, dtype=np.float64) @ np.asarray(k, dtype=np.float64)
    v_bar = np.asarray(F, dtype=np.float64) @ np.asarray(v, dtype=np.float64)
    s = (q * root) @ np.swapaxes(k_bar * root, -1, -2)
    s = s - s.max(axis=-1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(axis=-1, keepdims=True)
    return p @ v_bar
