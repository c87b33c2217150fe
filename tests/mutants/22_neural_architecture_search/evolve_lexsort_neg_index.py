"""Broke ties with np.lexsort((-index, -fitness)): tied rows come out with the HIGHER index first."""
LOSES = ["evolve_generation"]
MESSAGE = "tied fitness values put the HIGHER row index first"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    population = np.asarray(population, dtype=np.int64)
    f = np.asarray(fitness, dtype=np.float64)
    order = np.lexsort((-np.arange(len(f)), -f))
    parents = population[order[:num_parents]]
    children = parents[np.asarray(parent_draws, dtype=np.int64)]
    children = np.where(np.asarray(mutation_draws) < mutation_prob, np.asarray(choice_draws, dtype=np.int64), children)
    return np.concatenate([parents, children], axis=0)
