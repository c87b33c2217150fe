"""Hidden tests of pareto_front (the first front of non-dominated sorting: score maximised, size minimised)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_dtype, expect_equal, expect_unchanged


def _variants(s, z):
    ge_s, le_z = s[None, :] >= s[:, None], z[None, :] <= z[:, None]
    gt_s, lt_z = s[None, :] > s[:, None], z[None, :] < z[:, None]
    eye = np.eye(len(s), dtype=bool)
    close_s, close_z = np.isclose(s[None, :], s[:, None]), np.isclose(z[None, :], z[:, None])
    return {
        "weak": ~np.any(ge_s & le_z & ~eye, axis=1),
        "strict": ~np.any(gt_s & lt_z, axis=1),
        "size_max": ~np.any((ge_s & (z[None, :] >= z[:, None])) & (gt_s | (z[None, :] > z[:, None])), axis=1),
        "score_min": ~np.any(((s[None, :] <= s[:, None]) & le_z) & ((s[None, :] < s[:, None]) | lt_z), axis=1),
        "isclose": ~np.any((ge_s | close_s) & (le_z | close_z) & ((gt_s & ~close_s) | (lt_z & ~close_z)), axis=1),
    }


def check(student, reference, s, z, what):
    try:
        got = student.pareto_front(s, z)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise Mismatch(f"{what}: your code failed ({exc})") from None
    want = reference.pareto_front(s, z)
    arr = np.asarray(got)
    if arr.shape != want.shape:
        raise Mismatch(f"{what} has shape {arr.shape}, expected {want.shape}: one boolean per point")
    expect_dtype(arr, bool, what, "return a boolean mask")
    if np.array_equal(arr, want):
        return
    var = _variants(np.asarray(s, float), np.asarray(z, float))
    messages = [
        ("weak", "identical points knocked each other out: j dominates i only if it is strictly better in at least "
                 "one of the two objectives"),
        ("isclose", "values that differ only slightly were treated as equal (a tolerance such as np.isclose): compare "
                    "exactly with >=, <=, >, <; a score higher by 1e-7 is higher"),
        ("strict", "a point was kept although another is equal in one objective and better in the other: "
                   "dominance needs 'at least as good in both' and 'strictly better in one', not strictly better in both"),
        ("size_max", "the size is maximised: smaller models are better (sizes[j] <= sizes[i])"),
        ("score_min", "the score is minimised: higher accuracy is better (scores[j] >= scores[i])"),
    ]
    for key, message in messages:
        if np.array_equal(arr, var[key]) and not np.array_equal(var[key], want):
            raise Mismatch(f"{what}: {message}")
    expect_equal(arr, want, what)


@pytest.mark.points(0.75)
def test_random_clouds(student, reference):
    rng = np.random.default_rng(90)
    for P in (20, 57):
        z = rng.uniform(1, 60, size=P)
        s = 70 + 5 * np.log(z) + rng.normal(scale=2, size=P)
        check(student, reference, s, z, f"pareto_front(scores, sizes) for {P} random points")


@pytest.mark.points(0.75)
def test_ties_and_duplicates(student, reference):
    s = np.array([0.8, 0.8, 0.7, 0.9, 0.9, 0.6, 0.7])
    z = np.array([10., 10., 5., 20., 25., 5., 3.])
    check(student, reference, s, z, "pareto_front with duplicate points and ties in one objective")


@pytest.mark.points(0.5)
def test_small_and_degenerate(student, reference):
    check(student, reference, np.array([0.5]), np.array([3.0]), "pareto_front of a single point")
    check(student, reference, np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]),
          "pareto_front of three points that trade off (all on the front)")
    check(student, reference, np.array([3.0, 2.0, 1.0]), np.array([1.0, 2.0, 3.0]),
          "pareto_front where point 0 dominates all others")
    check(student, reference, np.array([100.0, 100.0 + 1e-7, 90.0]), np.array([5.0, 5.0 - 1e-7, 1.0]),
          "pareto_front(scores=[100, 100 + 1e-7, 90], sizes=[5, 5 - 1e-7, 1]) (point 1 is better than point 0 "
          "by a tiny margin in both: it dominates)")


@pytest.mark.points(0.25)
def test_no_points_identical_points_and_infinities(student, reference):
    check(student, reference, np.zeros(0), np.zeros(0), "pareto_front of no points (P=0: an empty boolean array)")
    check(student, reference, np.full(4, 0.7), np.full(4, 12.0), "pareto_front of 4 identical points (none dominates "
                                                                 "another: all on the front)")
    check(student, reference, np.array([0.9, -np.inf, 0.8, 0.95]), np.array([10.0, 1.0, np.inf, 30.0]),
          "pareto_front with an infeasible score -inf and an infinite size")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(91)
    student.pareto_front(rng.random(9), rng.random(9))
    expect_unchanged(student.last_call, "compare the points without sorting scores or sizes in place")


@pytest.mark.points(0.5)
def test_random_fronts(student, reference):
    rng = np.random.default_rng(92)
    for _ in range(3):
        P = int(rng.integers(1, 40))
        s, z = np.round(rng.random(P), 1), np.round(rng.random(P) * 10, 0)       # coarse values: many ties
        check(student, reference, s, z, f"pareto_front of {P} points with ties (random draw)")
