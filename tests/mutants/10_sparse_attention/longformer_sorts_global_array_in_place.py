"""np.asarray(global_idx, dtype=int).sort(): sorts the caller's int array in place."""
LOSES = ["longformer_mask"]
MESSAGE = 'use np.sort / np.unique'


def longformer_mask(seq_len, window, global_idx):
    i = np.arange(seq_len)
    m = np.abs(i[:, None] - i[None, :]) <= window // 2
    g = np.asarray(global_idx, dtype=int)
    g.sort()
    if g.size:
        m[g] = True
        m[:, g] = True
    return m
