"""Tested for an empty architecture with `if not arch:`: an int array of several positions raises ValueError."""
LOSES = ["encoder_params"]
MESSAGE = "The truth value of an array with more than one element is ambiguous"


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    e = int(embed_dim)
    total = (vocab_size + max_positions + type_vocab_size) * e + 2 * e
    if not arch:
        return total
    ops, dims = decode_architecture(arch, hidden_sizes)
    prev = e
    for o, d in zip(ops.tolist(), dims.tolist()):
        if o == IDENTITY:
            continue
        if d != prev:
            total += prev * d + d
        total += 4 * d * d + 6 * d if o == MHA else 8 * d * d + 7 * d
        prev = d
    return total
