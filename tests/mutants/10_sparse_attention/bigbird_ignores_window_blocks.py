"""Hard-coded BigBird's 3-block window (one block on each side), ignoring the window_blocks argument."""
LOSES = ["bigbird_mask"]
MESSAGE = "the window_blocks argument"


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    I = np.arange(nb)
    bm = np.abs(I[:, None] - I[None, :]) <= 1
    g = np.asarray(global_blocks, dtype=int)
    bm[g, :] = True
    bm[:, g] = True
    r = np.asarray(random_blocks, dtype=int).reshape(nb, -1)
    bm[np.repeat(I, r.shape[1]), r.ravel()] = True
    return np.repeat(np.repeat(bm, block_size, axis=0), block_size, axis=1)
