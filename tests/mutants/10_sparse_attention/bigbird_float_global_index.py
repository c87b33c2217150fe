"""Indexed with np.array(global_blocks): an empty list becomes a float array, which cannot index."""
LOSES = ["bigbird_mask"]
MESSAGE = "bigbird_mask(seq_len=18, block_size=3, global_blocks=[]"


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    nb = seq_len // block_size
    blk = np.arange(nb)
    block = np.abs(blk[:, None] - blk[None, :]) <= window_blocks // 2
    G = np.array(global_blocks)
    block[G, :] = True
    block[:, G] = True
    R = np.asarray(random_blocks).reshape(nb, -1)
    block[np.repeat(blk, R.shape[1]), R.reshape(-1)] = True
    return np.kron(block, np.ones((block_size, block_size), dtype=bool)).astype(bool)
