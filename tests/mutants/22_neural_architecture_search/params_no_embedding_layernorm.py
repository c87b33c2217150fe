"""Counted the embedding tables but not the LayerNorm after them (2e parameters); the sub-layers' LayerNorms are right."""
LOSES = ['encoder_params']
MESSAGE = "the embeddings are off by -2 x e"

import numpy as np


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, dims = decode_architecture(arch, hidden_sizes)
    e = int(embed_dim)
    embeddings = (vocab_size + max_positions + type_vocab_size) * e
    layers = np.where(ops == MHA, 4 * dims ** 2 + 6 * dims,
                      np.where(ops == FFN, 8 * dims ** 2 + 7 * dims, 0)).sum()
    chain = np.concatenate([[e], dims[ops != IDENTITY]])
    d_in, d_out = chain[:-1], chain[1:]
    transforms = np.where(d_in != d_out, d_in * d_out + d_out, 0).sum()
    return int(embeddings + layers + transforms)
