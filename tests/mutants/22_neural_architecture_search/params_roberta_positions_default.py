"""Gave max_positions the default 514 (RoBERTa's position table) instead of the docstring's 512."""
LOSES = ["encoder_params"]
MESSAGE = "the embeddings are off by"


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=514, type_vocab_size=2):
    ops, dims = decode_architecture(arch, hidden_sizes)
    e = int(embed_dim)
    total = (vocab_size + max_positions + type_vocab_size) * e + 2 * e
    prev = e
    for o, d in zip(ops.tolist(), dims.tolist()):
        if o == IDENTITY:
            continue
        if d != prev:
            total += prev * d + d
        total += 4 * d * d + 6 * d if o == MHA else 8 * d * d + 7 * d
        prev = d
    return total
