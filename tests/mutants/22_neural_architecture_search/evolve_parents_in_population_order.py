"""Selected the right k parents but kept them in population order (np.sort of their indices), not best first."""
LOSES = ['evolve_generation']
MESSAGE = "kept in population (row) order"

import numpy as np


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    population = np.asarray(population, dtype=np.int64)
    order = np.argsort(-np.asarray(fitness, dtype=np.float64), kind="stable")
    parents = population[np.sort(order[:num_parents])]
    children = parents[np.asarray(parent_draws, dtype=np.int64)]
    mutate = np.asarray(mutation_draws) < mutation_prob
    children = np.where(mutate, np.asarray(choice_draws, dtype=np.int64), children)
    return np.concatenate([parents, children], axis=0)
