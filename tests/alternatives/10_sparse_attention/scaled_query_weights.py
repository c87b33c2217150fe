"""q / sqrt(d) first, exp times the 0/1 mask, normalised after the product with V; np.repeat of blocks.

Scale folded into the query (q / sqrt(d) first), masked entries zeroed by multiplying exp by the 0/1 mask, the
normalisation divided out after the product with V (P V = (e V) / sum e); Longformer's and BigBird's masks from
index differences and np.repeat of the block grid."""


def longformer_mask(seq_len, window, global_idx):
    i = np.arange(seq_len)
    diff = i[:, None] - i[None, :]
    idx = np.unique(np.asarray(global_idx, dtype=np.int64))
    row = np.zeros((seq_len, 1), dtype=bool)
    row[idx] = True
    return (-(window // 2) <= diff) & (diff <= window // 2) | row | row.T


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    I = np.arange(nb)[:, None]
    J = np.arange(nb)[None, :]
    grid = np.abs(I - J) <= (window_blocks - 1) // 2
    for axis_idx in (np.asarray(global_blocks, dtype=int).ravel(),):
        grid[axis_idx, :] = True
        grid[:, axis_idx] = True
    rb = np.asarray(random_blocks, dtype=int)
    rows = np.broadcast_to(np.arange(nb)[:, None], rb.shape)
    grid[rows, rb] = True
    return np.repeat(np.repeat(grid, block_size, axis=0), block_size, axis=1)


def masked_attention(q, k, v, mask):
    q = np.asarray(q, dtype=np.float64) / np.sqrt(np.shape(q)[-1])
    k = np.asarray(k, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    allowed = np.asarray(mask).astype(np.float64)
    s = q @ np.swapaxes(k, -1, -2)
    s_allowed = np.where(allowed > 0, s, -np.inf)
    peak = np.max(s_allowed, axis=-1, keepdims=True, initial=-np.inf)
    peak[~np.isfinite(peak)] = 0.0
    e = np.exp(np.where(allowed > 0, s, peak) - peak) * allowed
    denom = e.sum(axis=-1, keepdims=True)
    numer = e @ v
    return numer / np.where(denom > 0, denom, 1.0)


def linformer_attention(q, k, v, E, F):
    q = np.asarray(q, dtype=np.float64) / np.sqrt(np.shape(q)[-1])
    kp = np.asarray(E, dtype=np.float64) @ np.asarray(k, dtype=np.float64)
    vp = np.asarray(F, dtype=np.float64) @ np.asarray(v, dtype=np.float64)
    s = q @ np.swapaxes(kp, -1, -2)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return (e @ vp) / e.sum(axis=-1, keepdims=True)
