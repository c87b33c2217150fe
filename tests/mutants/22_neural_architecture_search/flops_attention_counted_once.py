"""Counted only one of the two n x n attention products (2 n^2 d instead of 4 n^2 d for QK^T and AV)."""
LOSES = ['encoder_flops']
MESSAGE = "only one of the two attention products was counted"

import numpy as np


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, dims = decode_architecture(arch, hidden_sizes)
    n = int(seq_len)
    layers = np.where(ops == MHA, 8 * n * dims ** 2 + 2 * n ** 2 * dims,
                      np.where(ops == FFN, 16 * n * dims ** 2, 0)).sum()
    chain = np.concatenate([[int(embed_dim)], dims[ops != IDENTITY]])
    d_in, d_out = chain[:-1], chain[1:]
    transforms = np.where(d_in != d_out, 2 * n * d_in * d_out, 0).sum()
    return int(layers + transforms)
