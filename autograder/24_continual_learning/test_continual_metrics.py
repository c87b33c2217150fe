"""Hidden tests of continual_metrics: final average accuracy and BWT (GEM, Lopez-Paz & Ranzato 2017) and
forgetting (Chaudhry et al. 2018) from the accuracy matrix R[stage, task]."""
import numpy as np
import pytest

from coursekit.expect import Mismatch, expect_array, expect_equal, expect_true, expect_unchanged

ATOL = 1e-12
KEYS = ["average_accuracy", "backward_transfer", "forgetting"]


def _matrix(seed, T):
    """A realistic accuracy matrix: low before a task is learned, high after, decaying afterwards."""
    rng = np.random.default_rng(seed)
    R = rng.uniform(0.05, 0.25, size=(T, T))
    for j in range(T):
        R[j, j] = rng.uniform(0.8, 0.95)
        for l in range(j + 1, T):
            R[l, j] = np.clip(R[l - 1, j] + rng.uniform(-0.2, 0.08), 0.3, 0.99)
    return R


def _mistakes(R):
    T = R.shape[0]
    final, diag = R[-1], np.diag(R)
    best = np.array([R[j:T - 1, j].max() for j in range(T - 1)])
    best_all = np.array([R[j:, j].max() for j in range(T - 1)])
    return {
        "average_accuracy": [(diag.mean(), "the average accuracy is the mean of the LAST row (after all tasks), "
                                           "not of the diagonal"),
                             (R[:, -1].mean(), "R is indexed R[stage, task]: the final accuracies are the last ROW")],
        "backward_transfer": [(np.mean(diag[:-1] - final[:-1]), "BWT has the wrong sign: R[T-1, j] - R[j, j] "
                                                                "(negative when later tasks hurt earlier ones)"),
                              (np.sum(final[:-1] - diag[:-1]) / T, "BWT is averaged over all T tasks: average over "
                                                                   "the first T - 1 (the last task has no later tasks)"),
                              (np.mean(R[-1, :-1] - R[:-1, -1]) if T > 1 else 0.0,
                               "R is indexed R[stage, task]: compare R[T-1, j] with R[j, j]")],
        "forgetting": [(np.sum(best - final[:-1]) / T, "forgetting is averaged over all T tasks: average over the "
                                                       "first T - 1"),
                       (np.mean(best_all - final[:-1]), "the max includes the last stage: take the best accuracy over "
                                                        "stages j .. T-2, before the final one"),
                       (np.mean(R[:-1, :-1].max(axis=0) - final[:-1]),
                        "the max includes stages before task j was learned: take the best accuracy over stages "
                        "j .. T-2 only, max(R[j:T-1, j]) (a task's accuracy before it is trained on does not count)"),
                       (np.mean(diag[:-1] - final[:-1]), "forgetting uses the best accuracy over stages j .. T-2, not "
                                                         "only the accuracy right after learning the task"),
                       (np.mean(final[:-1] - best), "forgetting has the wrong sign: (best earlier accuracy) - (final)"),
                       (np.mean([(R[j + 1:T - 1, j].max() if j + 1 < T - 1 else final[j]) - final[j]
                                 for j in range(T - 1)]),
                        "the max leaves out R[j, j], the accuracy right after learning task j: take the best accuracy "
                        "over stages j .. T-2, max(R[j:T-1, j])")],
    }


def _check(student, reference, R, what):
    got = student.continual_metrics(R)
    want = reference.continual_metrics(R)
    if not isinstance(got, dict):
        raise Mismatch(f"{what} returned a {type(got).__name__}; return a dict with the keys {', '.join(KEYS)}")
    expect_equal(sorted(got), KEYS, f"the keys of the dict returned by {what}")
    if np.shape(R)[0] == 1:
        expect_true(not any(isinstance(got[k], (float, np.ndarray)) and np.isnan(got[k]) for k in KEYS),
                    f"{what} returned nan: with a single task there is no earlier task, so backward_transfer and "
                    "forgetting are 0.0 (a mean over no tasks is nan)")
    mistakes = _mistakes(np.asarray(R, dtype=float)) if np.shape(R)[0] > 1 else {k: [] for k in KEYS}
    for key in KEYS:
        expect_array(got[key], want[key], f'{what}["{key}"]', rtol=0, atol=ATOL, mistakes=mistakes[key])
    return got


@pytest.mark.points(0.75)
def test_four_tasks(student, reference):
    _check(student, reference, _matrix(248, 4), "continual_metrics(R) with R of shape (4, 4)")


@pytest.mark.points(0.75)
def test_two_and_six_tasks(student, reference):
    _check(student, reference, _matrix(249, 2), "continual_metrics(R) with R of shape (2, 2)")
    _check(student, reference, _matrix(250, 6), "continual_metrics(R) with R of shape (6, 6)")


@pytest.mark.points(0.5)
def test_improvement_before_forgetting_and_one_task(student, reference):
    # task 0 improves after task 1 (0.7 -> 0.9) and is then forgotten (0.5): its forgetting is 0.9 - 0.5
    R = np.array([[0.70, 0.10, 0.15],
                  [0.90, 0.80, 0.20],
                  [0.50, 0.85, 0.95]])
    _check(student, reference, R, "continual_metrics(R) where task 0 improves before it is forgotten")
    # task 1 scores 0.8 at stage 0, BEFORE it is learned, and 0.7 after: its forgetting is 0.7 - 0.6, not 0.8 - 0.6
    R = np.array([[0.5, 0.8, 0.1],
                  [0.6, 0.7, 0.2],
                  [0.5, 0.6, 0.9]])
    _check(student, reference, R, "continual_metrics(R) where task 1 is more accurate before it is learned (R[0, 1] "
                                  "= 0.8 > R[1, 1] = 0.7)")
    one = _check(student, reference, np.array([[0.75]]), "continual_metrics([[0.75]]) (a single task)")
    expect_true(all(type(one[k]) is float for k in KEYS),
                f"continual_metrics([[0.75]]) (a single task) returned "
                f"{', '.join(f'{k}: {type(one[k]).__name__}' for k in KEYS)}: with T == 1 too, every value is a "
                "Python float (0.0, not the int 0, for backward_transfer and forgetting; float(...) for the average)")


@pytest.mark.points(0.25)
def test_no_forgetting_lists_and_types(student, reference):
    R = np.array([[0.8, 0.1], [0.8, 0.9]])
    got = _check(student, reference, R, "continual_metrics(R) where nothing is forgotten (forgetting 0, BWT 0)")
    expect_true(all(type(got[k]) is float for k in KEYS),
                f"continual_metrics must return Python floats, as the docstring says (got "
                f"{', '.join(type(got[k]).__name__ for k in KEYS)}): use float(...)")
    R2 = _matrix(251, 3)
    _check(student, reference, R2.tolist(), "continual_metrics(R given as a list of lists, 3 tasks)")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.continual_metrics(_matrix(252, 4))
    expect_unchanged(student.last_call, "read R without writing into it (no np.fill_diagonal or R[...] = ... on R)")


@pytest.mark.points(0.5)
def test_random_matrices(student, reference):
    rng = np.random.default_rng(253)
    for _ in range(3):
        T = int(rng.integers(1, 9))
        _check(student, reference, _matrix(int(rng.integers(1 << 30)), T), f"continual_metrics(R) with R of shape "
                                                                          f"({T}, {T}) (random draw)")
