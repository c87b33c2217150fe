"""Hidden tests of fomaml_meta_gradient: the query gradient at the adapted weights, averaged over tasks
(learn2learn MAML(first_order=True); inner gradients detached)."""
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


def _check(student, reference, seed, T, K, Q, D, alpha, steps):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=D)
    Xtr, ytr = rng.normal(size=(T, K, D)), rng.normal(size=(T, K))
    Xv, yv = rng.normal(size=(T, Q, D)), rng.normal(size=(T, Q))
    what = f"fomaml_meta_gradient(..., alpha={alpha}, steps={steps}) with T={T}, K={K}, Q={Q}, D={D}"
    want_loss, want_grad = reference.fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps)
    got_loss, got_grad = _pair(student.fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps), what)
    W = reference.inner_adapt(w, Xtr, ytr, alpha, steps)
    r0 = np.einsum("tqd,d->tq", Xv, w) - yv
    rv = np.einsum("tqd,td->tq", Xv, W) - yv
    rt = np.einsum("tkd,td->tk", Xtr, W) - ytr
    expect_array(got_loss, want_loss, f"the meta-loss of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        ((r0 ** 2).mean(), "the meta-loss is evaluated at w: evaluate the query loss at the ADAPTED weights w'")]
        + [(((np.einsum("tqd,td->tq", Xv, Wb) - yv) ** 2).mean(), INNER_HINT)
           for Wb in _wrong_inner(w, Xtr, ytr, alpha, steps)])
    expect_array(got_grad, want_grad, f"the meta-gradient of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        ((2 * np.einsum("tqd,tq->td", Xv, r0) / Q).mean(axis=0),
         "the query gradient is taken at w: first-order MAML takes it at the ADAPTED weights w' (at w it is plain "
         "multi-task training)"),
        ((2 * np.einsum("tkd,tk->td", Xtr, rt) / K).mean(axis=0),
         "this is the support-set gradient at w': the meta-gradient uses the QUERY (validation) loss"),
        ((2 * np.einsum("tqd,tq->td", Xv, rv) / Q).sum(axis=0), "the meta-gradient is summed over tasks: average it"),
        (reference.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps)[1],
         "this is the exact second-order MAML gradient: first-order MAML leaves out the (I - alpha H_t) factors"),
    ])


@pytest.mark.points(1)
def test_one_inner_step(student, reference):
    _check(student, reference, 257, T=4, K=5, Q=6, D=3, alpha=0.2, steps=1)


@pytest.mark.points(1)
def test_several_inner_steps(student, reference):
    _check(student, reference, 258, T=3, K=4, Q=9, D=5, alpha=0.1, steps=3)
    _check(student, reference, 259, T=1, K=8, Q=2, D=2, alpha=0.05, steps=2)
