"""Gave seq_len the default 512 (BERT's maximum) instead of the docstring's 128."""
LOSES = ["encoder_flops"]
MESSAGE = "with the default seq_len=128 is"


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=512):
    ops, dims = decode_architecture(arch, hidden_sizes)
    n = int(seq_len)
    total, prev = 0, int(embed_dim)
    for o, d in zip(ops.tolist(), dims.tolist()):
        if o == IDENTITY:
            continue
        if d != prev:
            total += 2 * n * prev * d
        total += 8 * n * d * d + 4 * n * n * d if o == MHA else 16 * n * d * d
        prev = d
    return total
