"""Selected the k fittest with np.argpartition(-fitness, k) (then sorted them): raises when k equals P, and a tie at the cut may keep the higher index."""
LOSES = ["evolve_generation"]
MESSAGE = "kth(=6) out of bounds"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    population = np.asarray(population, dtype=np.int64)
    f = np.asarray(fitness, dtype=np.float64)
    top = np.argpartition(-f, num_parents)[:num_parents]
    top = top[np.lexsort((top, -f[top]))]
    parents = population[top]
    children = parents[np.asarray(parent_draws, dtype=np.int64)]
    children = np.where(np.asarray(mutation_draws) < mutation_prob, np.asarray(choice_draws, dtype=np.int64), children)
    return np.concatenate([parents, children], axis=0)
