"""Hidden tests of polynomial_decay_schedule_with_warmup (mirrors
transformers.get_polynomial_decay_schedule_with_warmup: the multiplier is the learning rate / lr_init)."""
import numpy as np
import pytest
from _vectorised import expect_float64, expect_quiet, expect_vectorised_and_pure, zero_d_mistakes

from coursekit.expect import expect_array

RTOL, ATOL = 1e-12, 1e-15


def _mistakes(t, w, T, lr_init, lr_end, power):
    t = np.asarray(t, dtype=float)
    warm = t / max(1, w)
    rem = 1 - (np.clip(t, w, T) - w) / (T - w)
    lr = (lr_init - lr_end) * rem ** power + lr_end
    return [(np.where(t < w, warm, np.where(t > T, lr_end, lr)),
             "divide by lr_init: the multiplier is the learning rate divided by lr_init (LambdaLR multiplies "
             "it by the initial learning rate again)"),
            (np.where(t < w, warm, np.where(t > T, lr_end, lr / lr_init)),
             "after num_training_steps the multiplier is lr_end / lr_init, not lr_end: the result is a learning rate "
             "divided by lr_init at every step, also after the end"),
            (np.where(t < w, warm, np.where(t > T, 0.0, lr / lr_init)),
             "after num_training_steps the multiplier is lr_end / lr_init, not 0"),
            (np.where(t < w, warm, np.where(t > T, 0.0, rem ** power)),
             "the decay goes from lr_init to lr_end, not to 0: "
             "((lr_init - lr_end) * remaining ** power + lr_end) / lr_init"),
            (np.where(t < w, warm, np.where(t > T, lr_end / lr_init,
                                            ((lr_init - lr_end) * (1 - (1 - rem) ** power) + lr_end) / lr_init)),
             "raise the remaining fraction 1 - (t - w) / (T - w) to the power, not the elapsed fraction"),
            (np.where(t < w, warm, np.where(t > T, lr_end / lr_init, rem ** power)),
             "the decay goes from lr_init to lr_end, not to 0 (lr_end is not only the value after T): "
             "((lr_init - lr_end) * remaining ** power + lr_end) / lr_init")] + ([
            (np.where(t < w, warm, np.where(t > T, lr_end / lr_init, ((lr_init - lr_end) * rem + lr_end) / lr_init)),
             f"power={power:g} is ignored: the decay is linear; raise the remaining fraction to the power, "
             "(lr_init - lr_end) * remaining ** power + lr_end")] if power != 1 else [])


@pytest.mark.points(0.75)
def test_default_linear_decay(student, reference):
    t = np.arange(0, 131)
    want = reference.polynomial_decay_schedule_with_warmup(t, 10, 100, 1e-3)
    expect_array(student.polynomial_decay_schedule_with_warmup(t, 10, 100, 1e-3), want,
                 "polynomial_decay_schedule_with_warmup(np.arange(131), 10, 100, lr_init=1e-3) (defaults "
                 "lr_end=1e-7, power=1)", rtol=RTOL, atol=ATOL, mistakes=_mistakes(t, 10, 100, 1e-3, 1e-7, 1.0))


@pytest.mark.points(0.75)
def test_powers_and_end_rates(student, reference):
    t = np.arange(0, 70)
    for lr_init, lr_end, power in [(5e-4, 1e-5, 2.0), (1e-3, 0.0, 0.5), (2e-5, 1e-6, 3.0)]:
        want = reference.polynomial_decay_schedule_with_warmup(t, 5, 50, lr_init, lr_end, power)
        expect_array(student.polynomial_decay_schedule_with_warmup(t, 5, 50, lr_init, lr_end, power), want,
                     f"polynomial_decay_schedule_with_warmup(np.arange(70), 5, 50, lr_init={lr_init:g}, "
                     f"lr_end={lr_end:g}, power={power})", rtol=RTOL, atol=ATOL,
                     mistakes=_mistakes(t, 5, 50, lr_init, lr_end, power))


@pytest.mark.points(0.5)
def test_no_warmup_2d_and_far_past_the_end(student, reference):
    grid = np.array([[0, 10, 20], [30, 40, 1000]])
    want = reference.polynomial_decay_schedule_with_warmup(grid, 0, 40, 1e-3, 1e-4, 0.5)
    expect_array(student.polynomial_decay_schedule_with_warmup(grid, 0, 40, 1e-3, 1e-4, 0.5), want,
                 "polynomial_decay_schedule_with_warmup(steps of shape (2, 3), 0, 40, 1e-3, 1e-4, power=0.5)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(grid, 0, 40, 1e-3, 1e-4, 0.5))
    expect_quiet(student)


@pytest.mark.points(0.5)
def test_vectorised_and_leaves_steps_unchanged(student, reference):
    t = np.arange(0, 70)
    expect_vectorised_and_pure(student, reference, "polynomial_decay_schedule_with_warmup", (t, 5, 50, 1e-3, 1e-5, 2.0),
                               "polynomial_decay_schedule_with_warmup(np.arange(70), 5, 50, 1e-3, 1e-5, power=2)",
                               RTOL, ATOL, _mistakes(t, 5, 50, 1e-3, 1e-5, 2.0))


@pytest.mark.points(0.25)
def test_scalar_empty_boundaries_and_float64(student, reference):
    for args, what in [((np.int64(20), 5, 50, 1e-3), "polynomial_decay_schedule_with_warmup(20, 5, 50, 1e-3) (one step: "
                                                           "a 0-d array)"),
                       ((np.zeros(0, dtype=np.int64), 5, 50, 1e-3), "polynomial_decay_schedule_with_warmup(no steps, "
                                                                    "5, 50, 1e-3)"),
                       ((np.arange(0, 30), 2, 20, 1e-3, 1e-4, 0.0), "polynomial_decay_schedule_with_warmup(np.arange("
                                                                    "30), 2, 20, 1e-3, 1e-4, power=0) (flat until T)"),
                       ((np.array([0, 3, 4, 10 ** 12]), 0, 4, 1e-3, 1e-4, 0.5), "polynomial_decay_schedule_with_warmup("
                        "[0, 3, 4, 1e12], 0, 4, 1e-3, 1e-4, power=0.5)")]:
        got = student.polynomial_decay_schedule_with_warmup(*args)
        expect_float64(got, what)
        want = reference.polynomial_decay_schedule_with_warmup(*args)
        lr_end, power = (args[4:] + (1e-7, 1.0))[:2]
        expect_array(got, want, what, rtol=RTOL, atol=ATOL,
                     mistakes=zero_d_mistakes(want) + _mistakes(args[0], *args[1:4], lr_end, power))


@pytest.mark.points(0.25)
def test_random_steps(student, reference):
    rng = np.random.default_rng(93)
    for case in range(4):
        shape = tuple(int(n) for n in rng.integers(1, 9, size=int(rng.integers(1, 3))))
        w = int(rng.integers(0, 40))
        lr_init = float(10 ** rng.uniform(-5, -2))
        args = (rng.integers(0, 300, size=shape), w, w + int(rng.integers(1, 200)), lr_init,
                lr_init * float(rng.uniform(0, 0.5)), float(rng.uniform(0.2, 4.0)))
        expect_array(student.polynomial_decay_schedule_with_warmup(*args), reference.polynomial_decay_schedule_with_warmup(*args), f"polynomial_decay_schedule_with_warmup(random steps of shape {shape}, "
                     f"{', '.join(repr(a) for a in args[1:])}) (case {case})", rtol=1e-11, atol=1e-14)
