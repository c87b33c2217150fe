"""Closed-form sums instead of per-position costs: the sub-layer costs are written as sums over the widths
of the MHA and FFN positions (sum d^2, sum d) and the transformations as a masked dot product of consecutive
widths, all in Python ints (arbitrary precision); selection by a pairwise rank count, Pareto front by
counting dominators with broadcast comparisons.
"""


def _widths(arch, hidden_sizes):
    ops, dims = decode_architecture(arch, hidden_sizes)
    keep = ops != IDENTITY
    return ops[keep], dims[keep]


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, d = _widths(arch, hidden_sizes)
    mha, ffn = d[ops == MHA].astype(object), d[ops == FFN].astype(object)
    e = int(embed_dim)
    total = (int(vocab_size) + int(max_positions) + int(type_vocab_size)) * e + 2 * e
    total += 4 * int(np.sum(mha * mha)) + 6 * int(np.sum(mha))
    total += 8 * int(np.sum(ffn * ffn)) + 7 * int(np.sum(ffn))
    chain = np.concatenate([[e], d]).astype(object)
    change = chain[1:] != chain[:-1]
    total += int(np.sum((chain[:-1] * chain[1:] + chain[1:])[change]))
    return int(total)


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, d = _widths(arch, hidden_sizes)
    n = int(seq_len)
    mha, ffn = d[ops == MHA].astype(object), d[ops == FFN].astype(object)
    total = 8 * n * int(np.sum(mha * mha)) + 4 * n * n * int(np.sum(mha)) + 16 * n * int(np.sum(ffn * ffn))
    chain = np.concatenate([[int(embed_dim)], d]).astype(object)
    change = chain[1:] != chain[:-1]
    total += 2 * n * int(np.sum((chain[:-1] * chain[1:])[change]))
    return int(total)


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    pop = np.asarray(population, dtype=np.int64)
    fit = np.asarray(fitness, dtype=np.float64)
    P = fit.shape[0]
    i = np.arange(P)
    # rank of row i: rows strictly fitter, plus equally fit rows with a lower index
    beats = (fit[None, :] > fit[:, None]) | ((fit[None, :] == fit[:, None]) & (i[None, :] < i[:, None]))
    rank = beats.sum(axis=1)
    order = np.empty(P, dtype=np.int64)
    order[rank] = i
    parents = pop[order[:num_parents]]
    r = np.asarray(parent_draws, dtype=np.int64).reshape(-1)
    u = np.asarray(mutation_draws, dtype=np.float64).reshape(r.shape[0], pop.shape[1])
    v = np.asarray(choice_draws, dtype=np.int64).reshape(r.shape[0], pop.shape[1])
    children = np.where(u < mutation_prob, v, parents[r])
    return np.concatenate([parents, children], axis=0).astype(np.int64)


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64)
    z = np.asarray(sizes, dtype=np.float64)
    at_least = (s[None, :] >= s[:, None]) & (z[None, :] <= z[:, None])     # [i, j]: j as good as i in both
    strictly = (s[None, :] > s[:, None]) | (z[None, :] < z[:, None])
    n_dominators = np.count_nonzero(at_least & strictly, axis=1)
    return n_dominators == 0
