"""Mutated where mutation_draws <= mutation_prob instead of < (a draw equal to the probability mutates; with mutation_prob=0.0 a draw of 0.0 still mutates)."""
import numpy as np
LOSES = ["evolve_generation"]
MESSAGE = "positions whose draw EQUALS mutation_prob were mutated too"


def evolve_generation(population, fitness, num_parents, mutation_prob, parent_draws, mutation_draws, choice_draws):
    pop = np.asarray(population, dtype=np.int64)
    order = np.argsort(-np.asarray(fitness, dtype=np.float64), kind="stable")[:num_parents]
    parents = pop[order]
    children = parents[np.asarray(parent_draws, dtype=np.int64)]
    children = np.where(np.asarray(mutation_draws) <= mutation_prob, np.asarray(choice_draws), children)
    return np.concatenate([parents, children.reshape(-1, pop.shape[1])]).astype(np.int64)
