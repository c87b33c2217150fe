"""Kept the identity positions (width 0) in the chain of widths: a transformation 'to 0 and back' instead of across the identity."""
LOSES = ["encoder_params"]
MESSAGE = "an identity position was treated as a sub-layer of width 0"


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, dims = decode_architecture(arch, hidden_sizes)
    e = int(embed_dim)
    total = (vocab_size + max_positions + type_vocab_size) * e + 2 * e
    prev = e
    for o, d in zip(ops.tolist(), dims.tolist()):
        if d != prev:
            total += prev * d + d
        if o == MHA:
            total += 4 * d * d + 6 * d
        elif o == FFN:
            total += 8 * d * d + 7 * d
        prev = d
    return total
