"""Hidden tests of reptile_update: batched Reptile, w + epsilon * mean_t(w_t' - w)
(OpenAI supervised-reptile's Reptile.train_step)."""
import numpy as np
import pytest
from _inner_mistakes import INNER_HINT
from _inner_mistakes import wrong_inner as _wrong_inner

from coursekit.expect import expect_array

RTOL, ATOL = 1e-10, 1e-12


def _mistakes(reference, w, X, y, alpha, steps, eps):
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


def _check(student, reference, seed, T, K, D, alpha, steps, eps):
    rng = np.random.default_rng(seed)
    w, X, y = rng.normal(size=D), rng.normal(size=(T, K, D)), rng.normal(size=(T, K))
    want = reference.reptile_update(w, X, y, alpha, steps, eps)
    expect_array(student.reptile_update(w, X, y, alpha, steps, eps), want,
                 f"reptile_update(w, X, y, alpha={alpha}, steps={steps}, epsilon={eps}) with T={T}, K={K}, D={D}",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(reference, w, X, y, alpha, steps, eps))


@pytest.mark.points(1)
def test_batch_of_tasks(student, reference):
    _check(student, reference, 260, T=4, K=6, D=3, alpha=0.1, steps=3, eps=0.3)


@pytest.mark.points(1)
def test_other_step_sizes(student, reference):
    _check(student, reference, 261, T=3, K=5, D=4, alpha=0.05, steps=5, eps=0.7)
    _check(student, reference, 262, T=6, K=3, D=2, alpha=0.2, steps=1, eps=0.5)


@pytest.mark.points(1)
def test_epsilon_one_and_single_task(student, reference):
    _check(student, reference, 263, T=5, K=4, D=3, alpha=0.1, steps=2, eps=1.0)
    _check(student, reference, 264, T=1, K=7, D=5, alpha=0.1, steps=4, eps=0.25)
