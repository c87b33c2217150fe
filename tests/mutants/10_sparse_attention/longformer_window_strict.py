"""Band |i - j| < w // 2 instead of <=: each token sees w // 2 - 1 tokens on each side (the band is one too narrow)."""
LOSES = ["longformer_mask"]
MESSAGE = "|i - j| <= window // 2 (inclusive)"


def longformer_mask(seq_len, window, global_idx):
    """Longformer's attention mask: sliding window plus symmetric global attention.

    seq_len: n >= 0; window: w, the total window width (even, >= 0), so each token attends to the
    w // 2 tokens on each side and itself; global_idx: list (or int array) of positions, possibly
    empty or repeated; it is not modified.
    Returns a bool array (n, n): True where query i may attend to key j.
    """
    pos = np.arange(seq_len)
    mask = np.abs(pos[:, None] - pos[None, :]) < window // 2        # (n, n) band
    is_global = np.zeros(seq_len, dtype=bool)
    is_global[np.asarray(global_idx, dtype=int)] = True               # (n,)
    return mask | is_global[:, None] | is_global[None, :]             # (n, n): global rows and columns
