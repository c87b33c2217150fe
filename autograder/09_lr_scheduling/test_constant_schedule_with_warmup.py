"""Hidden tests of constant_schedule_with_warmup (mirrors transformers.get_constant_schedule_with_warmup)."""
import numpy as np
import pytest
from _vectorised import expect_float64, expect_quiet, expect_vectorised_and_pure, zero_d_mistakes

from coursekit.expect import expect_array

RTOL, ATOL = 1e-12, 1e-15


def _mistakes(t, w):
    t = np.asarray(t, dtype=float)
    return [(np.where(t < w, np.minimum(1.0, (t + 1) / max(1, w)), 1.0),
             "warmup starts from 0 at step 0: the multiplier at step t is t / num_warmup_steps, not (t + 1) / w")] + ([
            (np.minimum(1.0, t / max(1, w - 1)),
             "warmup reaches 1 at step num_warmup_steps - 1: divide by num_warmup_steps, not num_warmup_steps - 1")]
            if w >= 2 else []) + [
            (np.where(t <= w, t / max(1, w), 1.0),
             "warmup is the steps t < num_warmup_steps (np.where(t < w, ...)), not t <= w: with num_warmup_steps=0 "
             "there is no warmup and step 0 already gets 1")]


@pytest.mark.points(0.5)
def test_warmup_then_constant(student, reference):
    t = np.arange(0, 40)
    want = reference.constant_schedule_with_warmup(t, 10)
    expect_array(student.constant_schedule_with_warmup(t, 10), want,
                 "constant_schedule_with_warmup(np.arange(40), num_warmup_steps=10)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(t, 10))
    grid = np.array([[0, 3, 7], [12, 5, 100]])
    expect_array(student.constant_schedule_with_warmup(grid, 7), reference.constant_schedule_with_warmup(grid, 7),
                 "constant_schedule_with_warmup(steps of shape (2, 3), num_warmup_steps=7)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(grid, 7))


@pytest.mark.points(0.25)
def test_no_or_one_warmup_step(student, reference):
    t = np.arange(0, 6)
    expect_array(student.constant_schedule_with_warmup(t, 0), np.ones(6),
                 "constant_schedule_with_warmup(np.arange(6), num_warmup_steps=0)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(t, 0))
    expect_quiet(student)
    expect_array(student.constant_schedule_with_warmup(t, 1), reference.constant_schedule_with_warmup(t, 1),
                 "constant_schedule_with_warmup(np.arange(6), num_warmup_steps=1)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(t, 1))


@pytest.mark.points(0.25)
def test_vectorised_and_leaves_steps_unchanged(student, reference):
    t = np.arange(0, 30)
    expect_vectorised_and_pure(student, reference, "constant_schedule_with_warmup", (t, 8),
                               "constant_schedule_with_warmup(np.arange(30), 8)", RTOL, ATOL, _mistakes(t, 8))


@pytest.mark.points(0.25)
def test_scalar_empty_boundaries_and_float64(student, reference):
    for args, what in [((np.int64(5), 10), "constant_schedule_with_warmup(5, 10) (one step: a 0-d array)"),
                       ((np.zeros(0, dtype=np.int64), 10), "constant_schedule_with_warmup(no steps, 10)"),
                       ((np.arange(0, 5, dtype=np.int32), 0), "constant_schedule_with_warmup(int32 steps, 0) (no "
                                                              "warmup: all 1.0, as floats)"),
                       ((np.array([0, 999_999_999_999]), 3), "constant_schedule_with_warmup([0, 1e12 - 1], 3)"),
                       ((np.zeros((2, 0), dtype=np.int64), 4), "constant_schedule_with_warmup(no steps, of shape "
                                                               "(2, 0), 4)")]:
        got = student.constant_schedule_with_warmup(*args)
        expect_float64(got, what)
        want = reference.constant_schedule_with_warmup(*args)
        flat = [(np.zeros(0), "an empty steps array keeps its shape, here (2, 0): return an array of the shape of "
                              "steps (np.ones(0) or reshape(-1) lose it)")] if np.shape(want) == (2, 0) else []
        expect_array(got, want, what, rtol=RTOL, atol=ATOL, mistakes=zero_d_mistakes(want) + flat)


@pytest.mark.points(0.25)
def test_random_steps(student, reference):
    rng = np.random.default_rng(90)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 9, size=int(rng.integers(1, 3))))
        w = int(rng.integers(0, 50))
        args = (rng.integers(0, 200, size=shape), w)
        expect_array(student.constant_schedule_with_warmup(*args), reference.constant_schedule_with_warmup(*args), f"constant_schedule_with_warmup(random steps of shape {shape}, "
                     f"{', '.join(repr(a) for a in args[1:])}) (case {case})", rtol=1e-11, atol=1e-14)
