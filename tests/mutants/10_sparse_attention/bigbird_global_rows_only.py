"""Gave the global blocks full rows (they attend everywhere) but forgot their columns (every block attends to them)."""
LOSES = ["bigbird_mask"]
MESSAGE = "global blocks are also attended by every block"


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    I = np.arange(nb)
    bm = np.abs(I[:, None] - I[None, :]) <= window_blocks // 2
    g = np.asarray(global_blocks, dtype=int)
    bm[g, :] = True
    r = np.asarray(random_blocks, dtype=int).reshape(nb, -1)
    bm[np.repeat(I, r.shape[1]), r.ravel()] = True
    return np.repeat(np.repeat(bm, block_size, axis=0), block_size, axis=1)
