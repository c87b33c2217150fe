"""Built the children in a loop and np.array(list): with M = 0 children the empty array cannot be concatenated."""
LOSES = ["evolve_generation"]
MESSAGE = "M=0 children"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    parents = np.asarray(population, dtype=np.int64)[np.argsort(-np.asarray(fitness), kind="stable")[:num_parents]]
    children = []
    for m, r in enumerate(parent_draws):
        child = parents[r].copy()
        child[mutation_draws[m] < mutation_prob] = choice_draws[m][mutation_draws[m] < mutation_prob]
        children.append(child)
    return np.concatenate([parents, np.array(children)]).astype(np.int64)
