"""As the PyTorch modules count it: a (positions x tensors) table of every parameter tensor's numel
(sum(p.numel() for p in model.parameters())) and of every matmul's 2*m*k*p (FlopCounterMode), summed;
selection as HAT's run_evo_search on the loss -fitness (argsort ascending, made stable), mutation as
HAT's mutate with the draws passed in; Pareto front via np.any of the dominance matrix.
"""


def _subnet(arch, hidden_sizes, embed_dim):
    ops, dims = decode_architecture(arch, hidden_sizes)
    sel = ops != IDENTITY
    ops, d = ops[sel], dims[sel]
    prev = np.concatenate([np.array([embed_dim], dtype=np.int64), d[:-1]]) if d.size else d
    return ops, d, prev


def encoder_params(arch, hidden_sizes, embed_dim, vocab_size=30522, max_positions=512, type_vocab_size=2):
    ops, d, prev = _subnet(arch, hidden_sizes, embed_dim)
    is_mha, is_ffn, changes = (ops == MHA), (ops == FFN), (prev != d)
    numels = np.stack([
        is_mha * 4 * d * d,            # query, key, value, output weights
        is_mha * 4 * d,                # their biases
        is_ffn * d * 4 * d,            # intermediate.dense.weight
        is_ffn * 4 * d,                # intermediate.dense.bias
        is_ffn * 4 * d * d,            # output.dense.weight
        is_ffn * d,                    # output.dense.bias
        2 * d,                         # LayerNorm weight and bias (MHA and FFN alike)
        changes * prev * d,            # transformation weight
        changes * d,                   # transformation bias
    ], axis=1) if d.size else np.zeros((0, 9), dtype=np.int64)
    embeddings = [vocab_size * embed_dim, max_positions * embed_dim, type_vocab_size * embed_dim, embed_dim, embed_dim]
    return int(sum(int(v) for v in embeddings)) + int(numels.sum())


def encoder_flops(arch, hidden_sizes, embed_dim, seq_len=128):
    ops, d, prev = _subnet(arch, hidden_sizes, embed_dim)
    n = np.int64(seq_len)
    is_mha, is_ffn, changes = (ops == MHA), (ops == FFN), (prev != d)
    mm = np.stack([
        is_mha * 4 * (2 * n * d * d),          # Q, K, V, O projections: (n, d) @ (d, d)
        is_mha * 2 * (2 * n * n * d),          # QK^T and AV summed over heads
        is_ffn * 2 * n * d * (4 * d),          # (n, d) @ (d, 4d)
        is_ffn * 2 * n * (4 * d) * d,          # (n, 4d) @ (4d, d)
        changes * 2 * n * prev * d,            # transformation (n, d_in) @ (d_in, d_out)
    ], axis=1) if d.size else np.zeros((0, 5), dtype=np.int64)
    return int(mm.sum())


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    popu = np.asarray(population)
    loss = -np.asarray(fitness, dtype=np.float64)
    sorted_ind = loss.argsort(kind="stable")[:num_parents]
    parents_popu = popu[sorted_ind].astype(np.int64)
    genes = parents_popu[np.asarray(parent_draws, dtype=np.intp)]
    mutated = np.asarray(mutation_draws, dtype=np.float64) < mutation_prob
    genes = np.where(mutated, np.asarray(choice_draws), genes)
    return np.concatenate([parents_popu, genes]).astype(np.int64)


def pareto_front(scores, sizes):
    s, z = np.asarray(scores, dtype=np.float64), np.asarray(sizes, dtype=np.float64)
    # dom[j, i]: j dominates i
    dom = (s[:, None] >= s[None, :]) & (z[:, None] <= z[None, :])
    dom &= (s[:, None] > s[None, :]) | (z[:, None] < z[None, :])
    return ~np.any(dom, axis=0)
