"""Never converted the population: an int32 population gives an int32 result, not the promised int64."""
LOSES = ["evolve_generation"]
MESSAGE = "has dtype int32: the docstring promises int64"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    order = np.argsort(-np.asarray(fitness, dtype=np.float64), kind="stable")
    parents = population[order[:num_parents]]
    children = parents[parent_draws]
    children = np.where(mutation_draws < mutation_prob, choice_draws, children).astype(population.dtype)
    return np.concatenate([parents, children], axis=0)
