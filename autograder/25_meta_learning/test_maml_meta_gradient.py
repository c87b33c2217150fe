"""Hidden tests of maml_meta_gradient: the exact second-order meta-gradient through the inner steps
(torch.autograd.grad with create_graph=True; learn2learn MAML(first_order=False))."""
import numpy as np
import pytest
from _inner_mistakes import INNER_HINT
from _inner_mistakes import wrong_inner as _wrong_inner

from coursekit.expect import Mismatch, expect_array

RTOL, ATOL = 1e-10, 1e-12


def _pair(got, what):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mismatch(f"{what} must return a pair (meta_loss, meta_grad), got {type(got).__name__}")
    return got


def _tasks(seed, T, K, Q, D):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=D), rng.normal(size=(T, K, D)), rng.normal(size=(T, K)),
            rng.normal(size=(T, Q, D)), rng.normal(size=(T, Q)))


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


def _check(student, reference, w, Xtr, ytr, Xv, yv, alpha, steps, what):
    want_loss, want_grad = reference.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps)
    got_loss, got_grad = _pair(student.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps), what)
    r, g, H_tr, H_val = _pieces(reference, w, Xtr, ytr, Xv, yv, alpha, steps)
    r0 = np.einsum("tqd,d->tq", Xv, w) - yv
    expect_array(got_loss, want_loss, f"the meta-loss of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        ((r0 ** 2).mean(), "the meta-loss is evaluated at w: evaluate the query loss at the ADAPTED weights w'"),
        ((r ** 2).mean(axis=1).sum(), "the meta-loss is summed over tasks: average it over the T tasks"),
        (0.5 * (r ** 2).mean(), "the meta-loss has a factor 1/2: it is the plain mean squared error"),
    ] + [(((np.einsum("tqd,td->tq", Xv, Wb) - yv) ** 2).mean(), INNER_HINT)
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
    ]
    if steps > 1:
        mistakes.append((_apply(g, H_tr, alpha, 1).mean(axis=0),
                         f"(I - alpha H_t) is applied once: with steps={steps} inner steps the Jacobian is "
                         f"(I - alpha H_t)^{steps}, one factor per step"))
    expect_array(got_grad, want_grad, f"the meta-gradient of {what}", rtol=RTOL, atol=ATOL, mistakes=mistakes)


@pytest.mark.points(1)
def test_one_inner_step(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(253, T=4, K=5, Q=7, D=3)
    _check(student, reference, w, Xtr, ytr, Xv, yv, 0.07, 1,
           "maml_meta_gradient(..., alpha=0.07, steps=1) with T=4, K=5, Q=7, D=3")


@pytest.mark.points(1)
def test_several_inner_steps(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(254, T=3, K=6, Q=4, D=5)
    for steps in (2, 4):
        _check(student, reference, w, Xtr, ytr, Xv, yv, 0.05, steps,
               f"maml_meta_gradient(..., alpha=0.05, steps={steps}) with T=3, K=6, Q=4, D=5")


@pytest.mark.points(1)
def test_large_step_where_the_hessian_term_dominates(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(255, T=2, K=3, Q=8, D=4)
    _check(student, reference, w, Xtr, ytr, Xv, yv, 0.4, 1,
           "maml_meta_gradient(..., alpha=0.4, steps=1) with T=2, K=3, Q=8, D=4")


@pytest.mark.points(1)
def test_matches_finite_differences_of_the_meta_loss(student, reference):
    w, Xtr, ytr, Xv, yv = _tasks(256, T=5, K=4, Q=6, D=3)
    alpha, steps = 0.1, 3
    _check(student, reference, w, Xtr, ytr, Xv, yv, alpha, steps,
           "maml_meta_gradient(..., alpha=0.1, steps=3) with T=5, K=4, Q=6, D=3")
    h = 1e-6
    numeric = np.array([(reference.maml_meta_gradient(w + h * e, Xtr, ytr, Xv, yv, alpha, steps)[0]
                         - reference.maml_meta_gradient(w - h * e, Xtr, ytr, Xv, yv, alpha, steps)[0]) / (2 * h)
                        for e in np.eye(3)])
    _, got = _pair(student.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps), "maml_meta_gradient")
    expect_array(got, numeric, "the meta-gradient against central finite differences of the meta-loss",
                 rtol=1e-6, atol=1e-8)
