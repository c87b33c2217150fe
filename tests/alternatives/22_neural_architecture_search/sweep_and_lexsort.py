"""Sorting instead of pairwise matrices: parents by np.lexsort((index, -fitness)), the Pareto front by a 2-D
sweep (Kung's algorithm: sort by score descending then size ascending, a running minimum of the sizes,
duplicates compared with the prefix before their run); counts from per-op-type lookup tables in int64.
"""


def _chain(arch, hidden_sizes, embed_dim):
    ops, dims = decode_architecture(arch, hidden_sizes)
    nz = ops != IDENTITY
    return ops[nz], np.concatenate([np.array([embed_dim], dtype=np.int64), dims[nz]])


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, chain = _chain(arch, hidden_sizes, embed_dim)
    d = chain[1:]
    quad = np.array([0, 4, 8], dtype=np.int64)[ops]          # d^2 coefficient per op type
    lin = np.array([0, 6, 7], dtype=np.int64)[ops]           # d coefficient per op type
    body = int(quad @ (d * d) + lin @ d) if d.size else 0
    din, dout = chain[:-1], chain[1:]
    trans = int(np.dot((din != dout).astype(np.int64), din * dout + dout)) if d.size else 0
    emb = (vocab_size + max_positions + type_vocab_size + 2) * embed_dim
    return int(emb) + body + trans


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, chain = _chain(arch, hidden_sizes, embed_dim)
    n = np.int64(seq_len)
    d = chain[1:]
    per_op = np.where(ops == MHA, 8 * n * d * d + 4 * n * n * d, 16 * n * d * d)
    din, dout = chain[:-1], chain[1:]
    trans = np.where(din != dout, 2 * n * din * dout, 0)
    return int(per_op.sum()) + int(trans.sum())


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    pop = np.array(population, dtype=np.int64)
    fit = np.array(fitness, dtype=np.float64)
    order = np.lexsort((np.arange(fit.size), -fit))
    parents = pop[order[:num_parents]]
    r = np.array(parent_draws, dtype=np.int64)
    children = parents[r].copy()
    mutate = np.asarray(mutation_draws) < mutation_prob
    children[mutate] = np.asarray(choice_draws, dtype=np.int64)[mutate]
    out = np.empty((parents.shape[0] + children.shape[0], pop.shape[1]), dtype=np.int64)
    out[: parents.shape[0]] = parents
    out[parents.shape[0]:] = children
    return out


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    z = np.asarray(sizes, dtype=np.float64).reshape(-1)
    P = s.size
    if P == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((z, -s))                  # best score first, then smallest size
    ss, zz = s[order], z[order]
    # start of each run of identical points: the points strictly before a run are exactly
    # the ones that are better in one coordinate and at least as good in the other... or worse in size
    new_run = np.ones(P, dtype=bool)
    new_run[1:] = (ss[1:] != ss[:-1]) | (zz[1:] != zz[:-1])
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(P), 0))
    prefix_min = np.concatenate([[np.inf], np.minimum.accumulate(zz)])   # min size over sorted[:k]
    dominated_sorted = prefix_min[run_start] <= zz
    front = np.empty(P, dtype=bool)
    front[order] = ~dominated_sorted
    return front
