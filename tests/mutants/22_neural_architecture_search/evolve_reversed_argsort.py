"""Took the best rows as argsort(fitness)[::-1]: tied fitness values come out with the higher row index first."""
LOSES = ["evolve_generation"]
MESSAGE = "tied fitness values put the HIGHER row index first"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    parents = np.asarray(population, dtype=np.int64)[np.argsort(fitness)[::-1][:num_parents]]
    children = np.where(mutation_draws < mutation_prob, choice_draws, parents[parent_draws])
    return np.concatenate([parents, children]).astype(np.int64)
