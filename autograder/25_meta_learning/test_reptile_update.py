"""Hidden tests of reptile_update: batched Reptile, w + epsilon * mean_t(w_t' - w)
(OpenAI supervised-reptile's Reptile.train_step).

Graded on its own: all tests but one answer the student's calls of inner_adapt with the reference, so a
wrong inner_adapt costs inner_adapt's points; test_with_your_inner_adapt checks the two together."""
import numpy as np
import pytest
from _inner_mistakes import INNER_HINT, random_shapes
from _inner_mistakes import wrong_inner as _wrong_inner

from coursekit.expect import expect_array, expect_dtype, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _mistakes(reference, w, X, y, alpha, steps, eps):
    w = np.asarray(w, dtype=float)
    W = reference.inner_adapt(w, X, y, alpha, steps)
    serial = w.copy()
    for t in range(X.shape[0]):
        serial = serial + eps * (reference.inner_adapt(serial, X[t:t + 1], y[t:t + 1], alpha, steps)[0] - serial)
    return [
        (w - eps * (W.mean(axis=0) - w), "the update moves away from the adapted weights: w + epsilon * (mean w' - w)"),
        (w + eps * (W - w).sum(axis=0), "the differences are summed over tasks: average (w'_t - w) over the T tasks"),
        (serial, "the tasks are applied one after another (serial Reptile): the batched update adapts every task "
                 "from the same w and averages"),
        (W.mean(axis=0), "epsilon is ignored: interpolate, w + epsilon * (mean w' - w)"),
        (w + eps * (W[-1] - w), "only the last task is used: average (w'_t - w) over all T tasks"),
        (w + eps * (reference.inner_adapt(w, X, y, alpha, 1).mean(axis=0) - w) if steps > 1 else w,
         f"only one inner step is taken: adapt each task with steps={steps} gradient steps"),
    ] + [(w + eps * (Wb.mean(axis=0) - w), INNER_HINT) for Wb in _wrong_inner(w, X, y, alpha, steps)]


def _check_arrays(code, reference, w, X, y, alpha, steps, eps, what):
    want = reference.reptile_update(w, X, y, alpha, steps, eps)
    return expect_array(code.reptile_update(w, X, y, alpha, steps, eps), want, what,
                        rtol=RTOL, atol=ATOL, mistakes=_mistakes(reference, w, X, y, alpha, steps, eps))


def _check(code, reference, seed, T, K, D, alpha, steps, eps):
    rng = np.random.default_rng(seed)
    w, X, y = rng.normal(size=D), rng.normal(size=(T, K, D)), rng.normal(size=(T, K))
    _check_arrays(code, reference, w, X, y, alpha, steps, eps,
                  f"reptile_update(w, X, y, alpha={alpha}, steps={steps}, epsilon={eps}) with T={T}, K={K}, D={D}")


@pytest.mark.points(0.5)
def test_batch_of_tasks(student, reference):
    _check(student.with_reference("inner_adapt"), reference, 260, T=4, K=6, D=3, alpha=0.1, steps=3, eps=0.3)


@pytest.mark.points(0.5)
def test_other_step_sizes(student, reference):
    code = student.with_reference("inner_adapt")
    _check(code, reference, 261, T=3, K=5, D=4, alpha=0.05, steps=5, eps=0.7)
    _check(code, reference, 262, T=6, K=3, D=2, alpha=0.2, steps=1, eps=0.5)


@pytest.mark.points(0.25)
def test_epsilon_one_and_single_task(student, reference):
    code = student.with_reference("inner_adapt")
    _check(code, reference, 263, T=5, K=4, D=3, alpha=0.1, steps=2, eps=1.0)
    _check(code, reference, 264, T=1, K=7, D=5, alpha=0.1, steps=4, eps=0.25)


@pytest.mark.points(0.25)
def test_zero_step_size_and_float32(student, reference):
    code = student.with_reference("inner_adapt")
    rng = np.random.default_rng(265)
    w, X, y = rng.normal(size=3), rng.normal(size=(4, 5, 3)), rng.normal(size=(4, 5))
    expect_array(code.reptile_update(w, X, y, 0.0, 3, 0.5), w,
                 "reptile_update(w, X, y, alpha=0, steps=3, epsilon=0.5): no adaptation leaves w where it is",
                 rtol=0, atol=1e-15)
    w32, X32, y32 = w.astype(np.float32), X.astype(np.float32), y.astype(np.float32)
    got = code.reptile_update(w32, X32, y32, 0.1, 2, 0.5)
    expect_dtype(got, np.float64, "reptile_update with float32 inputs", "convert w first, np.asarray(w, dtype=np.float64)")
    _check_arrays(code, reference, w32, X32, y32, 0.1, 2, 0.5,
                  "reptile_update(w, X, y, alpha=0.1, steps=2, epsilon=0.5) with float32 inputs")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(266)
    w, X, y = rng.normal(size=3), rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4))
    student.with_reference("inner_adapt").reptile_update(w, X, y, 0.1, 2, 0.5)
    expect_unchanged(student.last_call, "return a new array, w + epsilon * (...), instead of updating w in place "
                                        "(w += ... changes the caller's initialisation)")


@pytest.mark.points(0.5)
def test_random_tasks(student, reference):
    code = student.with_reference("inner_adapt")
    for T, K, _, D, alpha, steps, rng in random_shapes(2593, 3):
        steps, eps = steps + 1, float(rng.uniform(0.05, 1.0))
        w, X, y = rng.normal(size=D), rng.normal(size=(T, K, D)), rng.normal(size=(T, K))
        _check_arrays(code, reference, w, X, y, alpha, steps, eps,
                      f"reptile_update(w, X, y, alpha={alpha:.4g}, steps={steps}, epsilon={eps:.4g}) with T={T}, "
                      f"K={K}, D={D} (random draw)")


@pytest.mark.points(0.5)
def test_with_your_inner_adapt(student, reference):
    _check(student, reference, 267, T=3, K=4, D=3, alpha=0.1, steps=2, eps=0.5)
