"""Window only to the left (I - J in [0, w_b // 2]), as a causal window, instead of w_b // 2 blocks on each side."""
LOSES = ["bigbird_mask"]
MESSAGE = "to BOTH sides (|I - J| <= window_blocks // 2), not only to the earlier blocks"


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    """BigBird's block-sparse attention mask, expanded to tokens.

    seq_len: n, a multiple of block_size b; global_blocks: list of block indices (e.g. [0, n_b - 1]),
    possibly empty (np.array([]) is a float array: index with np.asarray(..., dtype=int));
    random_blocks: int array (n_b, r), row I = the key blocks query block I attends to at random
    (r may be 0); window_blocks: w_b, odd, the number of blocks in the sliding window. The arguments
    are not modified.
    Returns a bool array (n, n).
    """
    nb = seq_len // block_size
    blk = np.arange(nb)
    diff = blk[:, None] - blk[None, :]
    block = (diff >= 0) & (diff <= window_blocks // 2)     # (nb, nb) window, no wrap
    is_global = np.zeros(nb, dtype=bool)
    is_global[np.asarray(global_blocks, dtype=int)] = True
    block |= is_global[:, None] | is_global[None, :]                       # global block rows and columns
    rand = np.asarray(random_blocks, dtype=int).reshape(nb, -1)            # (nb, r)
    rows = np.repeat(blk, rand.shape[1])
    block[rows, rand.reshape(-1)] = True                                   # query block I -> key blocks R_I
    return np.kron(block, np.ones((block_size, block_size), dtype=bool)).astype(bool)   # (n, n)
