"""Hidden tests of cosine_schedule_with_warmup (mirrors transformers.get_cosine_schedule_with_warmup,
whose progress is not clipped at num_training_steps)."""
import numpy as np
import pytest
from _vectorised import expect_float64, expect_quiet, expect_vectorised_and_pure, zero_d_mistakes

from coursekit.expect import expect_array

RTOL, ATOL = 1e-12, 1e-14


NOT_CLIPPED = ("transformers does not clip the progress at num_training_steps: after T the cosine goes on (it "
               "rises again instead of staying at its end value), and your function must do the same")


def _default_one_cycle(t, w, T):
    """The default num_cycles taken as 1 (a full wave) instead of 0.5."""
    t = np.asarray(t, dtype=float)
    p = (t - w) / max(1, T - w)
    return [(np.where(t < w, t / max(1, w), np.maximum(0.0, 0.5 * (1 + np.cos(2 * np.pi * p)))),
             "the default num_cycles is 0.5 (half a wave, from 1 at the end of warmup to 0 at num_training_steps), "
             "not 1: def cosine_schedule_with_warmup(steps, num_warmup_steps, num_training_steps, num_cycles=0.5)")]


def _mistakes(t, w, T, c):
    t = np.asarray(t, dtype=float)
    warm = t / max(1, w)
    p = (t - w) / max(1, T - w)
    cos = lambda x: np.maximum(0.0, 0.5 * (1 + np.cos(x)))
    return [(np.where(t < w, warm, cos(np.pi * c * p)),
             "the cosine's argument is 2 * pi * num_cycles * progress (num_cycles=0.5 is half a wave): "
             "the factor 2 is missing"),
            (np.where(t < w, warm, cos(2 * np.pi * c * np.clip(p, 0, 1))), NOT_CLIPPED),
            (np.where(t < w, warm, np.where(t > T, 0.0, cos(2 * np.pi * c * p))), NOT_CLIPPED),
            (np.where(t < w, warm, cos(2 * np.pi * c * (t - w) / T)),
             "the progress is divided by num_training_steps: use (t - w) / max(1, T - w)"),
            (np.where(t < w, warm, cos(np.pi * p)),
             f"num_cycles={c:g} is ignored: the result is half a cosine wave (num_cycles=0.5) whatever num_cycles "
             "is; the cosine's argument is 2 * pi * num_cycles * progress")]


@pytest.mark.points(0.75)
def test_half_cosine(student, reference):
    t = np.arange(0, 101)
    expect_array(student.cosine_schedule_with_warmup(t, 10, 100), reference.cosine_schedule_with_warmup(t, 10, 100),
                 "cosine_schedule_with_warmup(np.arange(101), 10, 100)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(t, 10, 100, 0.5) + _default_one_cycle(t, 10, 100))


@pytest.mark.points(0.5)
def test_past_the_end_and_other_cycles(student, reference):
    t = np.arange(0, 221)
    for c in (0.5, 0.25, 1.0):          # 0.25 before 1.0: at num_cycles=1, ignoring it = a missing factor 2
        expect_array(student.cosine_schedule_with_warmup(t, 20, 100, c),
                     reference.cosine_schedule_with_warmup(t, 20, 100, c),
                     f"cosine_schedule_with_warmup(np.arange(221), 20, 100, num_cycles={c}) (steps past the end)",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, 20, 100, c))


@pytest.mark.points(0.25)
def test_no_warmup_and_2d(student, reference):
    grid = np.array([[0, 1, 2], [25, 50, 75]])
    expect_array(student.cosine_schedule_with_warmup(grid, 0, 50), reference.cosine_schedule_with_warmup(grid, 0, 50),
                 "cosine_schedule_with_warmup(steps of shape (2, 3), num_warmup_steps=0, num_training_steps=50)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(grid, 0, 50, 0.5) + _default_one_cycle(grid, 0, 50))
    expect_quiet(student)


@pytest.mark.points(0.5)
def test_vectorised_and_leaves_steps_unchanged(student, reference):
    t = np.arange(0, 80)
    expect_vectorised_and_pure(student, reference, "cosine_schedule_with_warmup", (t, 6, 60, 0.5),
                               "cosine_schedule_with_warmup(np.arange(80), 6, 60)", RTOL, ATOL, _mistakes(t, 6, 60, 0.5))


@pytest.mark.points(0.25)
def test_scalar_empty_boundaries_and_float64(student, reference):
    for args, what in [((np.int64(30), 10, 50), "cosine_schedule_with_warmup(30, 10, 50) (one step: a 0-d array)"),
                       ((np.zeros(0, dtype=np.int64), 10, 50), "cosine_schedule_with_warmup(no steps, 10, 50)"),
                       ((np.arange(0, 40), 5, 30, 0.0), "cosine_schedule_with_warmup(np.arange(40), 5, 30, "
                                                        "num_cycles=0) (1 after warmup)"),
                       ((np.arange(0, 9), 3, 4, 2.0), "cosine_schedule_with_warmup(np.arange(9), 3, 4, num_cycles=2)")]:
        got = student.cosine_schedule_with_warmup(*args)
        expect_float64(got, what)
        want = reference.cosine_schedule_with_warmup(*args)
        expect_array(got, want, what, rtol=RTOL, atol=ATOL,
                     mistakes=zero_d_mistakes(want) + _mistakes(args[0], args[1], args[2], (args[3:] + (0.5,))[0])
                     + (_default_one_cycle(*args) if len(args) == 3 else []))


@pytest.mark.points(0.25)
def test_random_steps(student, reference):
    rng = np.random.default_rng(92)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 9, size=int(rng.integers(1, 3))))
        w = int(rng.integers(0, 40))
        args = (rng.integers(0, 400, size=shape), w, w + int(rng.integers(1, 200)), float(rng.uniform(0, 3)))
        expect_array(student.cosine_schedule_with_warmup(*args), reference.cosine_schedule_with_warmup(*args), f"cosine_schedule_with_warmup(random steps of shape {shape}, "
                     f"{', '.join(repr(a) for a in args[1:])}) (case {case})", rtol=1e-11, atol=1e-14)
