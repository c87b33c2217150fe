"""Built the mask in np.zeros((n, n)) and set ones: a float array instead of the promised bool mask."""
LOSES = ["longformer_mask"]
MESSAGE = "must be a bool array"


def longformer_mask(seq_len, window, global_idx):
    pos = np.arange(seq_len)
    mask = np.zeros((seq_len, seq_len))
    mask[np.abs(pos[:, None] - pos[None, :]) <= window // 2] = 1
    mask[global_idx, :] = 1
    mask[:, global_idx] = 1
    return mask
