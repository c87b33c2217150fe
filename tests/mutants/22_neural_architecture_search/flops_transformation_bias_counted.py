"""Transformation FLOPs include the bias: 2 n (d_in d_out + d_out) instead of 2 n d_in d_out."""
LOSES = ["encoder_flops"]
MESSAGE = "the transformations' biases were counted"


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, dims = decode_architecture(arch, hidden_sizes)
    n = int(seq_len); e = int(embed_dim)
    total = 0
    for o, d in zip(ops.tolist(), dims.tolist()):
        if o == MHA:
            total += 8 * n * d * d + 4 * n * n * d
        elif o == FFN:
            total += 16 * n * d * d
    w = [e] + [d for o, d in zip(ops.tolist(), dims.tolist()) if o != IDENTITY]
    for a, b in zip(w[:-1], w[1:]):
        if a != b:
            total += 2 * n * (a * b + b)
    return int(total)
