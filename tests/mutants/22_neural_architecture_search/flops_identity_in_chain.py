"""Kept the identity positions (width 0) in the chain of widths: a width change across an identity costs nothing."""
LOSES = ["encoder_flops"]
MESSAGE = "an identity position was treated as a sub-layer of width 0"


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, dims = decode_architecture(arch, hidden_sizes)
    n = int(seq_len)
    total, prev = 0, int(embed_dim)
    for o, d in zip(ops.tolist(), dims.tolist()):
        if d != prev:
            total += 2 * n * prev * d
        if o == MHA:
            total += 8 * n * d * d + 4 * n * n * d
        elif o == FFN:
            total += 16 * n * d * d
        prev = d
    return total
