"""Hidden tests of inner_adapt: `steps` steps of gradient descent on each task's mean squared error,
from a shared initialisation (learn2learn's MAML.clone() + adapt(), one SGD step per call)."""
import numpy as np
import pytest
from _inner_mistakes import PURE, random_shapes

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_float64_accuracy,
    expect_new,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-10, 1e-12


def _variant(w, X, y, alpha, steps, factor=2.0, mean=True, sign=-1.0, frozen_grad=False):
    T, K, D = X.shape
    W = np.tile(w, (T, 1)).astype(float)
    g0 = None
    for _ in range(steps):
        r = np.einsum("tkd,td->tk", X, W) - y
        g = factor * np.einsum("tkd,tk->td", X, r) / (K if mean else 1)
        if frozen_grad:
            g0 = g if g0 is None else g0
            g = g0
        W = W + sign * alpha * g
    return W


def _mistakes(w, X, y, alpha, steps):
    T = X.shape[0]
    half = "the gradient is half the expected one: d/dw mean((Xw - y)^2) = (2/K) X^T (Xw - y) (no 1/2 in the loss)"
    if T == 2:      # dividing by all T*K examples of the batch also halves the gradient here
        half += "; and each task's mean is over its own K examples, not over all T*K examples of the batch"
    out = [
        (_variant(w, X, y, alpha, steps, factor=1.0), half),
        (_variant(w, X, y, alpha, steps, mean=False),
         "the gradient is summed over the K examples: the loss is the MEAN squared error, divide by K"),
        (_variant(w, X, y, alpha, steps, sign=1.0), "the step goes uphill: w' = w - alpha * gradient"),
        (_variant(w, X, y, alpha, steps, frozen_grad=True),
         "every step reuses the gradient at the initial weights: recompute it at the current weights each step"),
        (_variant(w, X, y, alpha, steps + 1), f"one step too many: take exactly steps={steps} gradient steps"
                                              + (" (steps=0 returns w for every task)" if steps == 0 else "")),
        (_variant(w, X, y, alpha, max(steps - 1, 0)), f"one step too few: take exactly steps={steps} gradient steps"),
    ]
    if T > 2:
        out.append((_variant(w, X, y, alpha, steps, factor=2.0 / T),
                    f"the gradient is 1/T = 1/{T} of the expected one: normalise each task's gradient by its own K "
                    f"examples, (2/K) X[t]^T (X[t] w - y[t]), not by all T*K examples of the batch"))
    if X.shape[0] > 1:
        T, K, _ = X.shape
        pooled = np.asarray(w, dtype=float)
        for _ in range(steps):
            pooled = pooled - alpha * 2 * np.einsum("tkd,tk->d", X, np.einsum("tkd,d->tk", X, pooled) - y) / (K * T)
        out.append((np.tile(pooled, (T, 1)), "the tasks share one weight vector (the gradient is pooled over the "
                                             "batch): adapt each task on its own data X[t], y[t], from the same w"))
        out.append((np.tile(_variant(w, X[:1], y[:1], alpha, steps)[0], (X.shape[0], 1)),
                    "every task got the adapted weights of task 0: adapt each task on its own data X[t], y[t]"))
    return out


def _check(code, reference, w, X, y, alpha, steps, what):
    want = reference.inner_adapt(w, X, y, alpha, steps)
    return expect_array(code.inner_adapt(w, X, y, alpha, steps), want, what, rtol=RTOL, atol=ATOL,
                        mistakes=_mistakes(w, X, y, alpha, steps))


@pytest.mark.points(0.5)
def test_one_step_batch_of_tasks(student, reference):
    rng = np.random.default_rng(250)
    X, y, w = rng.normal(size=(5, 7, 4)), rng.normal(size=(5, 7)), rng.normal(size=4)
    _check(student, reference, w, X, y, 0.05, 1, "inner_adapt(w, X, y, alpha=0.05, steps=1) with T=5, K=7, D=4")


@pytest.mark.points(0.5)
def test_several_steps(student, reference):
    rng = np.random.default_rng(251)
    X, y, w = rng.normal(size=(3, 4, 6)), rng.normal(size=(3, 4)), rng.normal(size=6)
    for steps in (2, 5):
        _check(student, reference, w, X, y, 0.1, steps, f"inner_adapt(w, X, y, alpha=0.1, steps={steps}) with T=3, K=4, D=6")


@pytest.mark.points(0.5)
def test_zero_steps_and_single_task(student, reference):
    rng = np.random.default_rng(252)
    X, y, w = rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 3)), rng.normal(size=2)
    expect_array(student.inner_adapt(w, X, y, 0.3, 0), np.tile(w, (2, 1)),
                 "inner_adapt(w, X, y, alpha=0.3, steps=0): no step returns w for every task", rtol=0, atol=0,
                 mistakes=_mistakes(w, X, y, 0.3, 0))
    X1, y1 = rng.normal(size=(1, 10, 3)), rng.normal(size=(1, 10))
    _check(student, reference, np.zeros(3), X1, y1, 0.2, 3, "inner_adapt(0, X, y, alpha=0.2, steps=3) with one task")


@pytest.mark.points(0.5)
def test_default_steps_and_boundaries(student, reference):
    rng = np.random.default_rng(253)
    X, y, w = rng.normal(size=(4, 6, 3)), rng.normal(size=(4, 6)), rng.normal(size=3)
    want = reference.inner_adapt(w, X, y, 0.1)
    expect_array(student.inner_adapt(w, X, y, 0.1), want, "inner_adapt(w, X, y, alpha=0.1) with the default steps (1)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(w, X, y, 0.1, 1))
    expect_array(student.inner_adapt(w, X, y, 0.0, 3), np.tile(w, (4, 1)),
                 "inner_adapt(w, X, y, alpha=0, steps=3): a zero step size leaves w for every task", rtol=0, atol=1e-15)
    Xk, yk = rng.normal(size=(3, 1, 5)), rng.normal(size=(3, 1))
    _check(student, reference, w=rng.normal(size=5), X=Xk, y=yk, alpha=0.2, steps=2,
           what="inner_adapt(w, X, y, alpha=0.2, steps=2) with K=1 example per task, D=5")
    empty = "an empty batch of tasks gives an empty (0, D) array"
    try:
        got = student.inner_adapt(np.ones(3), np.zeros((0, 4, 3)), np.zeros((0, 4)), 0.1, 2)
    except StudentCodeError as exc:
        raise Mismatch(f"inner_adapt with T=0 tasks (X of shape (0, 4, 3)) failed: {empty} ({exc})") from None
    got = np.asarray(got, dtype=float) if isinstance(got, (list, tuple)) else got
    expect_true(isinstance(got, np.ndarray), "inner_adapt with T=0 tasks must return an array of shape (0, D)")
    expect_equal(tuple(got.shape), (0, 3), "the shape of inner_adapt(w, X, y, ...) with T=0 tasks (X of shape "
                                           "(0, 4, 3)): " + empty)


@pytest.mark.points(0.25)
def test_float64_result(student, reference):
    rng = np.random.default_rng(254)
    X, y, w = rng.normal(size=(3, 5, 4)), rng.normal(size=(3, 5)), rng.normal(size=4)
    X32, y32, w32 = X.astype(np.float32), y.astype(np.float32), w.astype(np.float32)
    got = student.inner_adapt(w32, X32, y32, 0.1, 2)
    expect_dtype(got, np.float64, "inner_adapt with float32 inputs",
                 "convert first, np.asarray(w, dtype=np.float64), and X and y too")
    want = reference.inner_adapt(w32, X32, y32, 0.1, 2)
    expect_float64_accuracy(got, want, "inner_adapt(w, X, y, alpha=0.1, steps=2) with float32 inputs",
                            "convert w, X and y to float64 BEFORE the steps, not the result after", rtol=RTOL, atol=ATOL)
    _check(student, reference, w32, X32, y32, 0.1, 2, "inner_adapt(w, X, y, alpha=0.1, steps=2) with float32 inputs")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(255)
    X, y, w = rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 4)), rng.normal(size=2)
    student.inner_adapt(w, X, y, 0.1, 3)
    expect_unchanged(student.last_call, PURE)
    student.inner_adapt(w, X, y, 0.1, 0)
    expect_new(student.last_call, "with steps=0 too, return a new (T, D) array, one row per task "
                                  "(np.tile(w, (T, 1)), or np.broadcast_to(w, (T, D)).copy()): the caller adapts "
                                  "each task's row in place later")


@pytest.mark.points(0.5)
def test_random_tasks(student, reference):
    for T, K, _, D, alpha, steps, rng in random_shapes(2590, 4):
        w, X, y = rng.normal(size=D), rng.normal(size=(T, K, D)), rng.normal(size=(T, K))
        _check(student, reference, w, X, y, alpha, steps,
               f"inner_adapt(w, X, y, alpha={alpha:.4g}, steps={steps}) with T={T}, K={K}, D={D} (random draw)")
