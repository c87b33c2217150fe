"""Sorted the population and the fitness in place by fitness before taking the first k rows."""
LOSES = ["evolve_generation"]
MESSAGE = "evolve_generation changed the `population`"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    order = np.argsort(-fitness, kind="stable")
    population[:] = population[order]
    fitness[:] = fitness[order]
    parents = population[:num_parents].astype(np.int64)
    children = np.where(mutation_draws < mutation_prob, choice_draws, parents[parent_draws])
    return np.concatenate([parents, children]).astype(np.int64)
