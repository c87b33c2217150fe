"""Returned the NumPy int64 sum instead of a Python int."""
LOSES = ["encoder_flops"]
MESSAGE = "must be a Python int"


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, dims = decode_architecture(arch, hidden_sizes)
    n = seq_len
    layers = np.where(ops == MHA, 8 * n * dims ** 2 + 4 * n ** 2 * dims, np.where(ops == FFN, 16 * n * dims ** 2, 0))
    chain = np.concatenate([[embed_dim], dims[ops != IDENTITY]])
    t = np.where(chain[:-1] != chain[1:], 2 * n * chain[:-1] * chain[1:], 0)
    return layers.sum() + t.sum()
