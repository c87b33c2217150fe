"""Adds a transformation back to the embedding size e after the last sub-layer (output projected to e)."""
LOSES = ["encoder_params"]
MESSAGE = "a transformation back to the embedding size e was added"


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, dims = decode_architecture(arch, hidden_sizes)
    e = int(embed_dim)
    total = (vocab_size + max_positions + type_vocab_size) * e + 2 * e
    for o, d in zip(ops.tolist(), dims.tolist()):
        if o == MHA:
            total += 4 * d * d + 6 * d
        elif o == FFN:
            total += 8 * d * d + 7 * d
    w = [e] + [d for o, d in zip(ops.tolist(), dims.tolist()) if o != IDENTITY] + [e]
    for a, b in zip(w[:-1], w[1:]):
        if a != b:
            total += a * b + b
    return int(total)
