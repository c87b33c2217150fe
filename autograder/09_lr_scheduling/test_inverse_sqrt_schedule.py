"""Hidden tests of inverse_sqrt_schedule (mirrors transformers.get_inverse_sqrt_schedule: timescale
defaults to num_warmup_steps, or 10_000 when that is 0)."""
import numpy as np
import pytest
from _vectorised import expect_float64, expect_quiet, expect_vectorised_and_pure, zero_d_mistakes

from coursekit.expect import expect_array

RTOL, ATOL = 1e-12, 1e-15


def _mistakes(t, w, timescale):
    t = np.asarray(t, dtype=float)
    tau = timescale if timescale is not None else (w or 10_000)
    warm = t / max(1, w)
    after = np.maximum(t, w)
    return [(np.where(t < w, warm, 1 / np.sqrt((after + 10_000 - w) / 10_000)),
             "the timescale defaults to num_warmup_steps (10_000 only when num_warmup_steps is 0)"),
            (np.where(t < w, warm, 1 / np.sqrt(np.maximum(after, 1) / tau)),
             "shift the step by timescale - num_warmup_steps: the decay is 1 / sqrt((t + timescale - w) / timescale)"),
            (np.where(t < w, warm, np.sqrt((after + tau - w) / tau)),
             "the multiplier decays: it is 1 / sqrt((t + timescale - w) / timescale), not its inverse")] + ([
            (np.where(t < w, warm, 1 / np.sqrt((after + (w or 10_000) - w) / (w or 10_000))),
             f"the timescale argument ({timescale}) is ignored: use it when it is given, and the default "
             "(num_warmup_steps, or 10_000 when that is 0) only when timescale is None")]
        if timescale is not None and timescale != (w or 10_000) else [])


@pytest.mark.points(0.75)
def test_default_timescale_is_warmup(student, reference):
    t = np.arange(0, 1001)
    expect_array(student.inverse_sqrt_schedule(t, 100), reference.inverse_sqrt_schedule(t, 100),
                 "inverse_sqrt_schedule(np.arange(1001), num_warmup_steps=100)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(t, 100, None))


@pytest.mark.points(0.5)
def test_explicit_timescale(student, reference):
    t = np.arange(0, 200)
    for tau in (50, 3):
        expect_array(student.inverse_sqrt_schedule(t, 10, tau), reference.inverse_sqrt_schedule(t, 10, tau),
                     f"inverse_sqrt_schedule(np.arange(200), num_warmup_steps=10, timescale={tau})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, 10, tau))
        expect_quiet(student)


@pytest.mark.points(0.25)
def test_no_warmup_uses_ten_thousand(student, reference):
    t = np.array([[0, 10_000], [30_000, 90_000]])
    expect_array(student.inverse_sqrt_schedule(t, 0), reference.inverse_sqrt_schedule(t, 0),
                 "inverse_sqrt_schedule(steps of shape (2, 2), num_warmup_steps=0) (timescale 10_000)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, 0, None))
    expect_quiet(student)


@pytest.mark.points(0.5)
def test_vectorised_and_leaves_steps_unchanged(student, reference):
    t = np.arange(0, 300)
    expect_vectorised_and_pure(student, reference, "inverse_sqrt_schedule", (t, 20),
                               "inverse_sqrt_schedule(np.arange(300), 20)", RTOL, ATOL, _mistakes(t, 20, None))


@pytest.mark.points(0.25)
def test_scalar_empty_boundaries_and_float64(student, reference):
    for args, what in [((np.int64(50), 10), "inverse_sqrt_schedule(50, 10) (one step: a 0-d array)"),
                       ((np.zeros(0, dtype=np.int64), 10), "inverse_sqrt_schedule(no steps, 10)"),
                       ((np.arange(0, 20), 0, 4), "inverse_sqrt_schedule(np.arange(20), 0, timescale=4) (no warmup, "
                                                  "an explicit timescale)"),
                       ((np.array([0, 1, 10 ** 12]), 1, 1), "inverse_sqrt_schedule([0, 1, 1e12], 1, timescale=1)")]:
        got = student.inverse_sqrt_schedule(*args)
        expect_float64(got, what)
        want = reference.inverse_sqrt_schedule(*args)
        expect_array(got, want, what, rtol=RTOL, atol=ATOL,
                     mistakes=zero_d_mistakes(want) + _mistakes(args[0], args[1], (args[2:] + (None,))[0]))


@pytest.mark.points(0.25)
def test_random_steps(student, reference):
    rng = np.random.default_rng(94)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 9, size=int(rng.integers(1, 3))))
        w = int(rng.integers(0, 60))
        args = (rng.integers(0, 2000, size=shape), w) + ((int(rng.integers(1, 500)),) if case % 2 else ())
        expect_array(student.inverse_sqrt_schedule(*args), reference.inverse_sqrt_schedule(*args), f"inverse_sqrt_schedule(random steps of shape {shape}, "
                     f"{', '.join(repr(a) for a in args[1:])}) (case {case})", rtol=1e-11, atol=1e-14)
