"""Hidden tests of evolve_generation (one iteration of HAT's Evolution.run_evo_search with mutate,
without crossover; fitness higher is better; draws passed in)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_dtype, expect_equal, expect_unchanged


def _case(seed, P=10, L=8, k=4, M=6, C=11):
    rng = np.random.default_rng(seed)
    pop = rng.integers(0, C, size=(P, L))
    fit = rng.normal(size=P)
    return pop, fit, rng.integers(0, k, size=M), rng.random((M, L)), rng.integers(0, C, size=(M, L))


def _variants(pop, fit, k, p, r, u, v):
    order = np.argsort(-fit, kind="stable")
    parents = pop[order[:k]]
    worst = pop[np.argsort(fit, kind="stable")[:k]]
    child = parents[r]
    return {
        "children": np.where(u < p, v, child),
        "worst": np.concatenate([worst, np.where(u < p, v, worst[r])]),
        "ge": np.concatenate([parents, np.where(u >= p, v, child)]),
        "le": np.concatenate([parents, np.where(u <= p, v, child)]),
        "popidx": np.concatenate([parents, np.where(u < p, v, pop[r])]),
        "nomut": np.concatenate([parents, child]),
        "poporder": np.concatenate([pop[np.sort(order[:k])], np.where(u < p, v, pop[np.sort(order[:k])][r])]),
        "unstable": np.concatenate([pop[np.argsort(-fit)[:k]], np.where(u < p, v, pop[np.argsort(-fit)[:k]][r])]),
        "reversed": np.concatenate([pop[np.argsort(fit)[::-1][:k]],
                                    np.where(u < p, v, pop[np.argsort(fit)[::-1][:k]][r])]),
        # the same mistake with a stable sort (or np.lexsort((-index, -fitness))): ties exactly reversed
        "reversed_stable": np.concatenate([pop[np.argsort(fit, kind="stable")[::-1][:k]],
                                           np.where(u < p, v, pop[np.argsort(fit, kind="stable")[::-1][:k]][r])]),
    }


def check(student, reference, args, what):
    pop, fit, k, p, r, u, v = args
    try:
        got = np.asarray(student.evolve_generation(pop, fit, k, p, r, u, v))
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    want = reference.evolve_generation(pop, fit, k, p, r, u, v)
    if got.shape == want.shape and np.array_equal(got, want):
        return
    var = _variants(pop, fit, k, p, r, u, v)
    messages = [
        ("children", "only the children were returned: the next population is the k parents (kept unchanged: "
                     "elitism) followed by the M children"),
        ("worst", "the parents are the k LEAST fit rows: fitness is higher-is-better, sort it in decreasing order"),
        ("ge", "positions were mutated where mutation_draws >= mutation_prob: mutate where the draw is < "
               "mutation_prob"),
        ("le", "positions whose draw EQUALS mutation_prob were mutated too: mutate only where mutation_draws < "
               "mutation_prob (strictly less; with mutation_prob=0.0 no position changes)"),
        ("popidx", "parent_draws index the population: they index the k selected parents (best first)"),
        ("reversed", "tied fitness values put the HIGHER row index first (a reversed ascending argsort): sort by "
                     "-fitness with a stable sort, np.argsort(-fitness, kind='stable'), so ties keep the lower index "
                     "first"),
        ("reversed_stable", "tied fitness values put the HIGHER row index first (a reversed ascending argsort): sort "
                            "by -fitness with a stable sort, np.argsort(-fitness, kind='stable'), so ties keep the "
                            "lower index first"),
        ("unstable", "tied fitness values are not in row order: np.argsort's default quicksort is not stable (for "
                     "more than 16 values it reorders ties): use np.argsort(-fitness, kind='stable'), so ties keep "
                     "the lower index first"),
        ("poporder", "the right k parents were selected but kept in population (row) order: put them best first "
                     "(population[order[:k]] with order = np.argsort(-fitness, kind='stable'), not sorted indices); "
                     "parent_draws index the parents in that order"),
        ("nomut", "no position was mutated: replace position l of child m by choice_draws[m, l] where "
                  "mutation_draws[m, l] < mutation_prob"),
    ]
    for key, message in messages:
        if got.shape == var[key].shape and np.array_equal(got, var[key]) and not np.array_equal(var[key], want):
            raise Mismatch(f"{what}: {message}")
    expect_equal(got, want, what)


@pytest.mark.points(0.75)
def test_selection_and_elitism(student, reference):
    pop, fit, r, u, v = _case(80)
    check(student, reference, (pop, fit, 4, 0.2, r, u, v), "evolve_generation(population (10, 8), k=4, M=6, p=0.2)")


@pytest.mark.points(0.75)
def test_mutation_and_parents(student, reference):
    pop, fit, r, u, v = _case(81, P=12, L=24, k=3, M=9)
    check(student, reference, (pop, fit, 3, 0.1, r, u, v), "evolve_generation(population (12, 24), k=3, M=9, p=0.1)")
    check(student, reference, (pop, fit, 3, 0.0, r, u, v), "evolve_generation(..., mutation_prob=0.0)")
    u = np.round(u, 1)                                       # draws of exactly 0.0 and 0.1 occur
    assert (u == 0.1).any() and (u == 0.0).any()
    check(student, reference, (pop, fit, 3, 0.1, r, u, v),
          "evolve_generation(..., mutation_prob=0.1) with mutation_draws rounded to one decimal (some equal 0.1)")
    check(student, reference, (pop, fit, 3, 0.0, r, u, v),
          "evolve_generation(..., mutation_prob=0.0) with some mutation_draws exactly 0.0")


@pytest.mark.points(0.5)
def test_ties_and_infeasible(student, reference):
    pop, fit, r, u, v = _case(82, P=8, L=6, k=4, M=5)
    fit = np.array([1.0, -np.inf, 2.0, 1.0, -np.inf, 2.0, 0.5, 1.0])
    check(student, reference, (pop, fit, 4, 0.3, r, u, v),
          "evolve_generation with tied fitness values and -inf (ties: lower row index first)")


@pytest.mark.points(0.25)
def test_no_children_all_parents_and_certain_mutation(student, reference):
    pop, fit, r, u, v = _case(83, P=6, L=5, k=3, M=4)
    check(student, reference, (pop, fit, 3, 0.2, r[:0], u[:0], v[:0]),
          "evolve_generation with M=0 children (the next population is the k parents alone, shape (3, 5))")
    check(student, reference, (pop, fit, 6, 0.2, r, u, v), "evolve_generation with k = P = 6 (every row is a parent)")
    check(student, reference, (pop, fit, 3, 1.0, r, u, v), "evolve_generation(..., mutation_prob=1.0) (every "
                                                           "position of every child is mutated)")
    got = student.evolve_generation(pop.astype(np.int32), fit, 3, 0.2, r, u, v)
    expect_dtype(got, np.int64, "evolve_generation of an int32 population")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    pop, fit, r, u, v = _case(84)
    student.evolve_generation(pop, fit, 4, 0.3, r, u, v)
    expect_unchanged(student.last_call, "select and mutate copies; never sort the population or the fitness in place "
                                        "(population[:] = population[order])")


@pytest.mark.points(0.5)
def test_random_generations(student, reference):
    rng = np.random.default_rng(85)
    for _ in range(3):
        P, L = int(rng.integers(1, 15)), int(rng.integers(1, 25))
        k, M = int(rng.integers(1, P + 1)), int(rng.integers(0, 12))
        pop, fit, r, u, v = _case(int(rng.integers(1 << 30)), P, L, k, M)
        fit = np.round(fit, 1)                                       # some ties
        p = float(rng.choice([0.0, 0.1, 0.5, 1.0]))
        check(student, reference, (pop, fit, k, p, r, u, v),
              f"evolve_generation(population ({P}, {L}), k={k}, M={M}, p={p}) (random draw)")
