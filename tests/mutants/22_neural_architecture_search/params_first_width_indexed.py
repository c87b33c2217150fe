"""Compared the first sub-layer's width with e through widths[0]: an all-identity (or empty) architecture crashes."""
LOSES = ["encoder_params"]
MESSAGE = "an architecture may be all identity or empty"


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, dims = decode_architecture(arch, hidden_sizes)
    e = int(embed_dim)
    emb = (vocab_size + max_positions + type_vocab_size) * e + 2 * e
    layers = np.where(ops == MHA, 4 * dims ** 2 + 6 * dims, np.where(ops == FFN, 8 * dims ** 2 + 7 * dims, 0)).sum()
    widths = dims[ops != IDENTITY]
    first = widths[0] * e + widths[0] if widths[0] != e else 0
    rest = np.where(widths[1:] != widths[:-1], widths[:-1] * widths[1:] + widths[1:], 0).sum()
    return int(emb + layers + first + rest)
