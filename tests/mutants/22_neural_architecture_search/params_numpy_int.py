"""Returned the NumPy int64 sum of the counts instead of a Python int."""
LOSES = ["encoder_params"]
MESSAGE = "the docstring promises a Python int"


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, dims = decode_architecture(arch, hidden_sizes)
    e = embed_dim
    emb = (vocab_size + max_positions + type_vocab_size) * e + 2 * e
    layers = np.sum(np.where(ops == MHA, 4 * dims ** 2 + 6 * dims, np.where(ops == FFN, 8 * dims ** 2 + 7 * dims, 0)))
    chain = np.concatenate([[e], dims[ops != IDENTITY]])
    d_in, d_out = chain[:-1], chain[1:]
    return emb + layers + np.sum(np.where(d_in != d_out, d_in * d_out + d_out, 0))
