"""Hidden tests of linear_schedule_with_warmup (mirrors transformers.get_linear_schedule_with_warmup)."""
import numpy as np
import pytest
from _vectorised import expect_float64, expect_quiet, expect_vectorised_and_pure, zero_d_mistakes

from coursekit.expect import expect_array

RTOL, ATOL = 1e-12, 1e-15


def _mistakes(t, w, T):
    t = np.asarray(t, dtype=float)
    warm = t / max(1, w)
    return [(np.where(t < w, warm, np.maximum(0.0, (T - t) / T)),
             "the decay is divided by num_training_steps: divide by num_training_steps - num_warmup_steps, "
             "so that the multiplier is 1 at the end of warmup and 0 at num_training_steps"),
            (np.where(t < w, warm, (T - t) / max(1, T - w)),
             "after num_training_steps the multiplier must stay at 0 (max(0, ...)), not become negative"),
            (np.where(t < w, np.minimum(1.0, (t + 1) / max(1, w)), np.maximum(0.0, (T - t) / max(1, T - w))),
             "warmup starts from 0 at step 0: the multiplier at step t is t / num_warmup_steps"),
            (np.where(t < w, t / (w + 1), np.maximum(0.0, (T - t) / max(1, T - w))),
             "warmup divides by num_warmup_steps + 1, so it never reaches 1: the multiplier at step t is "
             "t / max(1, num_warmup_steps)"),
            (np.where(t < w, warm, np.maximum(0.0, (T - t) / (T - w + 1))),
             "the decay is divided by num_training_steps - num_warmup_steps + 1 (off by one): divide by "
             "T - w, so that the multiplier is exactly 1 at step w and 0 at step T"),
            (np.where(t <= w, warm, np.maximum(0.0, (T - t) / max(1, T - w))),
             "warmup is the steps t < num_warmup_steps (np.where(t < w, ...)), not t <= w: with num_warmup_steps=0 "
             "there is no warmup and step 0 already gets 1")]


@pytest.mark.points(0.75)
def test_matches_transformers(student, reference):
    t = np.arange(0, 131)
    expect_array(student.linear_schedule_with_warmup(t, 10, 100), reference.linear_schedule_with_warmup(t, 10, 100),
                 "linear_schedule_with_warmup(np.arange(131), num_warmup_steps=10, num_training_steps=100)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, 10, 100))


@pytest.mark.points(0.5)
def test_short_runs_and_no_warmup(student, reference):
    for w, T in [(0, 50), (1, 6), (4, 9)]:
        t = np.arange(0, T + 5)
        expect_array(student.linear_schedule_with_warmup(t, w, T), reference.linear_schedule_with_warmup(t, w, T),
                     f"linear_schedule_with_warmup(np.arange({T + 5}), num_warmup_steps={w}, num_training_steps={T})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, w, T))
        expect_quiet(student)


@pytest.mark.points(0.25)
def test_keeps_the_shape_of_steps(student, reference):
    grid = np.array([[0, 250, 1000], [100, 999, 5000]])
    expect_array(student.linear_schedule_with_warmup(grid, 100, 1000),
                 reference.linear_schedule_with_warmup(grid, 100, 1000),
                 "linear_schedule_with_warmup(steps of shape (2, 3), 100, 1000)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(grid, 100, 1000))


@pytest.mark.points(0.5)
def test_vectorised_and_leaves_steps_unchanged(student, reference):
    t = np.arange(0, 60)
    expect_vectorised_and_pure(student, reference, "linear_schedule_with_warmup", (t, 5, 50),
                               "linear_schedule_with_warmup(np.arange(60), 5, 50)", RTOL, ATOL, _mistakes(t, 5, 50))


@pytest.mark.points(0.25)
def test_scalar_empty_boundaries_and_float64(student, reference):
    for args, what in [((np.int64(7), 4, 10), "linear_schedule_with_warmup(7, 4, 10) (one step: a 0-d array)"),
                       ((np.zeros(0, dtype=np.int64), 4, 10), "linear_schedule_with_warmup(no steps, 4, 10)"),
                       ((np.arange(0, 6), 2, 3), "linear_schedule_with_warmup(np.arange(6), 2, 3) (T = w + 1)"),
                       ((np.array([0, 10 ** 12]), 0, 1), "linear_schedule_with_warmup([0, 1e12], 0, 1)")]:
        got = student.linear_schedule_with_warmup(*args)
        expect_float64(got, what)
        want = reference.linear_schedule_with_warmup(*args)
        expect_array(got, want, what, rtol=RTOL, atol=ATOL, mistakes=zero_d_mistakes(want) + _mistakes(*args))


@pytest.mark.points(0.25)
def test_random_steps(student, reference):
    rng = np.random.default_rng(91)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 9, size=int(rng.integers(1, 3))))
        w = int(rng.integers(0, 40))
        args = (rng.integers(0, 300, size=shape), w, w + int(rng.integers(1, 200)))
        expect_array(student.linear_schedule_with_warmup(*args), reference.linear_schedule_with_warmup(*args), f"linear_schedule_with_warmup(random steps of shape {shape}, "
                     f"{', '.join(repr(a) for a in args[1:])}) (case {case})", rtol=1e-11, atol=1e-14)
