"""Hidden tests of maml_meta_gradient: the exact second-order meta-gradient through the inner steps
(torch.autograd.grad with create_graph=True; learn2learn MAML(first_order=False)).

Graded on its own: all tests but one answer the student's calls of inner_adapt with the reference, so a
wrong inner_adapt costs inner_adapt's points; test_with_your_inner_adapt checks the two together."""
import numpy as np
import pytest
from _inner_mistakes import INNER_HINT, PURE, expect_float64_meta_gradient, meta_pair, random_shapes, tasks
from _inner_mistakes import wrong_inner as _wrong_inner

from coursekit.expect import (
    expect_array,
    expect_dtype,
    expect_not_used,
    expect_python_float,
    expect_unchanged,
)

RTOL, ATOL = 1e-10, 1e-12


def _tasks(seed, T, K, Q, D):
    return tasks(np.random.default_rng(seed), T, K, Q, D)


def _pieces(reference, w, Xtr, ytr, Xv, yv, alpha, steps):
    W = reference.inner_adapt(w, Xtr, ytr, alpha, steps)
    r = np.einsum("tqd,td->tq", Xv, W) - yv
    g = 2 * np.einsum("tqd,tq->td", Xv, r) / Xv.shape[1]
    H_tr = 2 * np.einsum("tkd,tke->tde", Xtr, Xtr) / Xtr.shape[1]
    H_val = 2 * np.einsum("tqd,tqe->tde", Xv, Xv) / Xv.shape[1]
    return r, g, H_tr, H_val


def _apply(g, H, alpha, times, sign=-1.0):
    for _ in range(times):
        g = g + sign * alpha * np.einsum("tde,te->td", H, g)
    return g


def _check(code, reference, w, Xtr, ytr, Xv, yv, alpha, steps, what):
    want_loss, want_grad = reference.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps)
    got_loss, got_grad = meta_pair(code.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps), what)
    r, g, H_tr, H_val = _pieces(reference, w, Xtr, ytr, Xv, yv, alpha, steps)
    r0 = np.einsum("tqd,d->tq", Xv, w) - yv
    T, Q = r.shape
    if T == Q and T > 1:    # a sum over the tasks and a sum over the query examples give the same value here
        summed = [((r ** 2).mean(axis=1).sum(),
                   f"the meta-loss is {T}x too large: it is summed over the tasks or over the query examples (on "
                   f"this input T = Q = {T}, so either gives this value): average the squared errors over the Q "
                   f"query examples of each task (its MSE), then over the T tasks")]
    else:
        summed = [((r ** 2).sum(axis=1).mean(),
                   f"the meta-loss sums the squared errors over the Q={Q} query examples: each task's loss is the "
                   f"MEAN squared error (divide by Q), then average over the tasks"),
                  ((r ** 2).mean(axis=1).sum(), "the meta-loss is summed over tasks: average it over the T tasks")]
    K = Xtr.shape[1]
    over_k = (f"the query loss and gradient are divided by K={K} (the support size): the query MSE is a mean over "
              f"the Q={Q} query examples, (2/Q) X_val^T r for its gradient")
    expect_array(got_loss, want_loss, f"the meta-loss of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        ((r0 ** 2).mean(), "the meta-loss is evaluated at w: evaluate the query loss at the ADAPTED weights w'"),
    ] + summed + [
        ((r ** 2).sum(axis=1).mean() / K, over_k),
    ] + [
        (0.5 * (r ** 2).mean(), "the meta-loss has a factor 1/2: it is the plain mean squared error"),
    ] + ([] if steps == 1 else [
        (((np.einsum("tqd,td->tq", Xv, reference.inner_adapt(w, Xtr, ytr, alpha, 1)) - yv) ** 2).mean(),
         f"the tasks were adapted with ONE inner step: pass `steps` on, inner_adapt(w, X_tr, y_tr, alpha, steps) "
         f"with steps={steps}, not inner_adapt's default")]) + [(((np.einsum("tqd,td->tq", Xv, Wb) - yv) ** 2).mean(), INNER_HINT)
         for Wb in _wrong_inner(w, Xtr, ytr, alpha, steps)])
    mistakes = [
        (g.mean(axis=0), "this is the first-order approximation: the exact meta-gradient multiplies each task's "
                         "query gradient by (I - alpha H_t)^steps, H_t = (2/K) X_tr[t]^T X_tr[t]"),
        (_apply(g, H_tr / 2, alpha, steps).mean(axis=0),
         "the Hessian is half the expected one: H_t = (2/K) X_tr^T X_tr for the mean squared error"),
        (_apply(g, H_val, alpha, steps).mean(axis=0),
         "the Hessian comes from the query set: the inner steps use the SUPPORT loss, so H_t = (2/K) X_tr^T X_tr"),
        (_apply(g, H_tr, alpha, steps, sign=1.0).mean(axis=0),
         "the Hessian term has the wrong sign: the Jacobian of w - alpha * grad is (I - alpha H_t)"),
        (_apply(g, H_tr, alpha, steps).sum(axis=0), "the meta-gradient is summed over tasks: average it over the T tasks"),
        (_apply(g * Q / K, H_tr, alpha, steps).mean(axis=0), over_k),
        (_apply(g, H_tr * K / Q, alpha, steps).mean(axis=0),
         f"the support Hessian is scaled by 2/Q (Q={Q}, the query size): H_t = (2/K) X_tr[t]^T X_tr[t] with the "
         f"K={K} support examples the inner steps average over"),
    ]
    if Xtr.shape[0] > 1:
        mistakes.append((_apply(g, np.broadcast_to(H_tr[0], H_tr.shape), alpha, steps).mean(axis=0),
                         "every task uses the Hessian of task 0: H_t = (2/K) X_tr[t]^T X_tr[t], one per task"))
        pooled = "the Hessian is pooled over the tasks (an einsum such as 'tkd,tke->de' sums over t): each task " \
                 "uses its own H_t = (2/K) X_tr[t]^T X_tr[t]"
        for H_pool in (H_tr.sum(axis=0), H_tr.mean(axis=0)):
            mistakes.append((_apply(g, np.broadcast_to(H_pool, H_tr.shape), alpha, steps).mean(axis=0), pooled))
    if steps != 1:
        r1 = np.einsum("tqd,td->tq", Xv, reference.inner_adapt(w, Xtr, ytr, alpha, 1)) - yv
        g1 = 2 * np.einsum("tqd,tq->td", Xv, r1) / Xv.shape[1]
        one_step = (f"the tasks were adapted with ONE inner step: pass `steps` on, inner_adapt(w, X_tr, y_tr, alpha, "
                    f"steps) with steps={steps}, not inner_adapt's default")
        mistakes += [(_apply(g1, H_tr, alpha, steps).mean(axis=0), one_step),
                     (_apply(g1, H_tr, alpha, 1).mean(axis=0), one_step)]
    if steps > 1:
        mistakes.append((_apply(g, H_tr, alpha, 1).mean(axis=0),
                         f"(I - alpha H_t) is applied once: with steps={steps} inner steps the Jacobian is "
                         f"(I - alpha H_t)^{steps}, one factor per step"))
    for Wb in _wrong_inner(w, Xtr, ytr, alpha, steps):
        rb = np.einsum("tqd,td->tq", Xv, Wb) - yv
        mistakes.append((_apply(2 * np.einsum("tqd,tq->td", Xv, rb) / Xv.shape[1], H_tr, alpha, steps).mean(axis=0),
                         INNER_HINT))
    expect_array(got_grad, want_grad, f"the meta-gradient of {what}", rtol=RTOL, atol=ATOL, mistakes=mistakes)
    return got_loss, got_grad


@pytest.mark.points(0.5)
def test_one_inner_step(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(253, T=4, K=5, Q=7, D=3)
    _check(student.with_reference("inner_adapt"), reference, w, Xtr, ytr, Xv, yv, 0.07, 1,
           "maml_meta_gradient(..., alpha=0.07, steps=1) with T=4, K=5, Q=7, D=3")


@pytest.mark.points(0.5)
def test_several_inner_steps(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(254, T=3, K=6, Q=4, D=5)
    for steps in (2, 4):
        _check(student.with_reference("inner_adapt"), reference, w, Xtr, ytr, Xv, yv, 0.05, steps,
               f"maml_meta_gradient(..., alpha=0.05, steps={steps}) with T=3, K=6, Q=4, D=5")


@pytest.mark.points(0.5)
def test_large_step_where_the_hessian_term_dominates(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(255, T=2, K=3, Q=8, D=4)
    _check(student.with_reference("inner_adapt"), reference, w, Xtr, ytr, Xv, yv, 0.4, 1,
           "maml_meta_gradient(..., alpha=0.4, steps=1) with T=2, K=3, Q=8, D=4")


@pytest.mark.points(0.5)
def test_matches_finite_differences_of_the_meta_loss(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(256, T=5, K=4, Q=6, D=3)
    alpha, steps = 0.1, 3
    _, got = _check(student.with_reference("inner_adapt"), reference, w, Xtr, ytr, Xv, yv, alpha, steps,
                    "maml_meta_gradient(..., alpha=0.1, steps=3) with T=5, K=4, Q=6, D=3")
    h = 1e-6
    numeric = np.array([(reference.maml_meta_gradient(w + h * e, Xtr, ytr, Xv, yv, alpha, steps)[0]
                         - reference.maml_meta_gradient(w - h * e, Xtr, ytr, Xv, yv, alpha, steps)[0]) / (2 * h)
                        for e in np.eye(3)])
    expect_array(got, numeric, "the meta-gradient against central finite differences of the meta-loss",
                 rtol=1e-6, atol=1e-8)


@pytest.mark.points(0.5)
def test_zero_steps_default_steps_and_types(student, reference):
    code = student.with_reference("inner_adapt")
    w, Xtr, ytr, Xv, yv = _tasks(257, T=3, K=4, Q=5, D=2)
    _check(code, reference, w, Xtr, ytr, Xv, yv, 0.1, 0,
           "maml_meta_gradient(..., alpha=0.1, steps=0) (no adaptation: the query loss and gradient at w)")
    want = reference.maml_meta_gradient(w, Xtr, ytr, Xv, yv, 0.1)
    loss, grad = meta_pair(code.maml_meta_gradient(w, Xtr, ytr, Xv, yv, 0.1), "maml_meta_gradient")
    what = "maml_meta_gradient(..., alpha=0.1) with the default steps (1)"
    expect_array(loss, want[0], f"the meta-loss of {what}", rtol=RTOL, atol=ATOL)
    expect_array(grad, want[1], f"the meta-gradient of {what}", rtol=RTOL, atol=ATOL)
    expect_python_float(loss, "the meta-loss of maml_meta_gradient", "np.mean and NumPy sums return NumPy floats")
    # its shape (D,) = (2,) is checked by expect_array above (for an array; a list is refused here)
    expect_dtype(grad, np.float64, f"the meta-gradient of {what}", "return a float64 array of shape (D,)")
    args32 = [a.astype(np.float32) for a in (w, Xtr, ytr, Xv, yv)]
    expect_float64_meta_gradient(code.maml_meta_gradient(*args32, 0.1, 2), "maml_meta_gradient")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(258, T=2, K=3, Q=4, D=3)
    student.with_reference("inner_adapt").maml_meta_gradient(w, Xtr, ytr, Xv, yv, 0.1, 2)
    expect_unchanged(student.last_call, PURE)


@pytest.mark.points(0.25)
def test_no_matrix_power(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(2580, T=2, K=3, Q=2, D=3)
    _check(student.with_reference("inner_adapt"), reference, w, Xtr, ytr, Xv, yv, 0.2, 3,
           "maml_meta_gradient(..., alpha=0.2, steps=3) with T=2, K=3, Q=2, D=3")
    message = ("(I - alpha H_t)^steps is formed with matrix_power: the notebook asks for steps Hessian-vector "
               "products, v <- v - alpha H_t v (what backpropagation does); never form a matrix power")
    expect_not_used(student.code_of("maml_meta_gradient"), {"matrix_power": message, ".matrix_power": message},
                    "maml_meta_gradient")


@pytest.mark.points(0.5)
def test_random_tasks(student, reference):
    code = student.with_reference("inner_adapt")
    for T, K, Q, D, alpha, steps, rng in random_shapes(2591, 3):
        w, Xtr, ytr, Xv, yv = tasks(rng, T, K, Q, D)
        _check(code, reference, w, Xtr, ytr, Xv, yv, alpha, steps,
               f"maml_meta_gradient(..., alpha={alpha:.4g}, steps={steps}) with T={T}, K={K}, Q={Q}, D={D} (random draw)")


@pytest.mark.points(0.5)
def test_with_your_inner_adapt(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(259, T=3, K=5, Q=4, D=3)
    _check(student, reference, w, Xtr, ytr, Xv, yv, 0.1, 2,
           "maml_meta_gradient(..., alpha=0.1, steps=2) with your own inner_adapt, T=3, K=5, Q=4, D=3")
