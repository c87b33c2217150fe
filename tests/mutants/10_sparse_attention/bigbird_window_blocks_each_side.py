"""Used window_blocks as the number of blocks on each side (|I - J| <= window_blocks) instead of the total width (|I - J| <= window_blocks // 2)."""
LOSES = ["bigbird_mask"]
MESSAGE = "not window_blocks blocks on each side"


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    I = np.arange(nb)
    bm = np.abs(I[:, None] - I[None, :]) <= window_blocks
    g = np.asarray(global_blocks, dtype=int)
    bm[g, :] = True
    bm[:, g] = True
    r = np.asarray(random_blocks, dtype=int).reshape(nb, -1)
    bm[np.repeat(I, r.shape[1]), r.ravel()] = True
    return np.repeat(np.repeat(bm, block_size, axis=0), block_size, axis=1)
