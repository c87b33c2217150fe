"""Selected the parents with np.argsort(-fitness) (default quicksort, not stable): ties among many rows are reordered."""
LOSES = ["evolve_generation"]
MESSAGE = "np.argsort's default quicksort is not stable"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    pop = np.asarray(population, dtype=np.int64)
    order = np.argsort(-np.asarray(fitness, dtype=np.float64))[:num_parents]
    parents = pop[order]
    children = parents[np.asarray(parent_draws, dtype=np.int64)]
    children = np.where(np.asarray(mutation_draws) < mutation_prob, np.asarray(choice_draws), children)
    return np.concatenate([parents, children.reshape(-1, pop.shape[1])]).astype(np.int64)
