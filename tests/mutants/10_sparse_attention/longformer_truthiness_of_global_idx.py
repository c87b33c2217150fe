"""Skipped the global part with 'if global_idx:', which raises for an int array of two or more positions (the truth value of an array is ambiguous)."""
LOSES = ["longformer_mask"]
MESSAGE = "global_idx may be an int array as well as a list"


def longformer_mask(seq_len, window, global_idx):
    i = np.arange(seq_len)
    mask = np.abs(i[:, None] - i[None, :]) <= window // 2
    if global_idx:
        g = np.asarray(global_idx, dtype=int)
        mask[g, :] = True
        mask[:, g] = True
    return mask
