"""A cost per choice, looked up by the encoding itself: a table of the 2K+1 choices' parameter (FLOP) costs
dotted with np.bincount of the architecture, transformations found with np.flatnonzero(np.diff(widths));
parents by a stable argsort of -fitness, children with np.choose-free masked copies; Pareto front from
"nobody dominates": logical_and.reduce of the negated dominance conditions.
"""


def _table_and_widths(arch, hidden_sizes):
    hs = np.asarray(hidden_sizes, dtype=np.int64).reshape(-1)
    a = np.asarray(arch, dtype=np.int64).reshape(-1)
    ops, dims = decode_architecture(a, hs)                 # also validates the choices
    widths = dims[ops != IDENTITY]
    counts = np.bincount(a, minlength=2 * hs.size + 1)
    return hs, counts, widths


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    hs, counts, widths = _table_and_widths(arch, hidden_sizes)
    table = np.concatenate([[0], 4 * hs ** 2 + 6 * hs, 8 * hs ** 2 + 7 * hs])     # (2K+1,)
    layers = int(np.dot(counts, table))
    chain = np.insert(widths, 0, embed_dim)
    j = np.flatnonzero(np.diff(chain))                     # transformation between chain[j] and chain[j+1]
    trans = int(np.sum(chain[j] * chain[j + 1] + chain[j + 1]))
    return embed_dim * (vocab_size + max_positions + type_vocab_size) + 2 * embed_dim + layers + trans


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    hs, counts, widths = _table_and_widths(arch, hidden_sizes)
    n = int(seq_len)
    table = np.concatenate([[0], 8 * n * hs ** 2 + 4 * n * n * hs, 16 * n * hs ** 2])
    layers = int(np.dot(counts, table))
    chain = np.insert(widths, 0, embed_dim)
    j = np.flatnonzero(np.diff(chain))
    trans = int(np.sum(2 * n * chain[j] * chain[j + 1]))
    return int(layers + trans)


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    pop = np.asarray(population)
    best_first = np.argsort(-np.asarray(fitness, dtype=np.float64), kind="stable")
    parents = np.take(pop, best_first[:num_parents], axis=0).astype(np.int64)
    children = np.take(parents, np.asarray(parent_draws, dtype=np.int64), axis=0)
    keep = ~(np.asarray(mutation_draws) < mutation_prob)
    children = children * keep + np.asarray(choice_draws, dtype=np.int64) * ~keep
    return np.vstack([parents, children]).astype(np.int64)


def pareto_front(scores, sizes):
    s = np.asarray(scores, dtype=np.float64)[:, None]      # i on rows
    z = np.asarray(sizes, dtype=np.float64)[:, None]
    not_dominated_by = np.logical_or.reduce([s.T < s, z.T > z, (s.T == s) & (z.T == z)])   # [i, j]
    return np.logical_and.reduce(not_dominated_by, axis=1)
