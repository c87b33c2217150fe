"""Expanded the block mask to tokens with np.kron(block_mask, np.ones((b, b))): a float array instead of the promised bool mask."""
LOSES = ["bigbird_mask"]
MESSAGE = "must be a bool array, got dtype float64"


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    I = np.arange(nb)
    bm = np.abs(I[:, None] - I[None, :]) <= window_blocks // 2
    g = np.asarray(global_blocks, dtype=int)
    bm[g, :] = True
    bm[:, g] = True
    r = np.asarray(random_blocks, dtype=int).reshape(nb, -1)
    bm[np.repeat(I, r.shape[1]), r.ravel()] = True
    return np.kron(bm, np.ones((block_size, block_size)))
