"""Hidden tests of fomaml_meta_gradient: the query gradient at the adapted weights, averaged over tasks
(learn2learn MAML(first_order=True); inner gradients detached).

Graded on its own: all tests but one answer the student's calls of inner_adapt with the reference, so a
wrong inner_adapt costs inner_adapt's points; test_with_your_inner_adapt checks the two together."""
import numpy as np
import pytest
from _inner_mistakes import INNER_HINT, PURE, expect_float64_meta_gradient, meta_pair, random_shapes, tasks
from _inner_mistakes import wrong_inner as _wrong_inner

from coursekit.expect import expect_array, expect_dtype, expect_python_float, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _check_arrays(code, reference, w, Xtr, ytr, Xv, yv, alpha, steps, what):
    T, K, D = Xtr.shape
    Q = Xv.shape[1]
    want_loss, want_grad = reference.fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps)
    got_loss, got_grad = meta_pair(code.fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps), what)
    W = reference.inner_adapt(w, Xtr, ytr, alpha, steps)
    r0 = np.einsum("tqd,d->tq", Xv, w) - yv
    rv = np.einsum("tqd,td->tq", Xv, W) - yv
    rt = np.einsum("tkd,td->tk", Xtr, W) - ytr
    wrong = _wrong_inner(w, Xtr, ytr, alpha, steps)
    r1 = np.einsum("tqd,td->tq", Xv, reference.inner_adapt(w, Xtr, ytr, alpha, 1)) - yv    # `steps` not passed on
    one_step = (f"the tasks were adapted with ONE inner step: pass `steps` on, inner_adapt(w, X_tr, y_tr, alpha, "
                f"steps) with steps={steps}, not inner_adapt's default")
    expect_array(got_loss, want_loss, f"the meta-loss of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        ((r0 ** 2).mean(), "the meta-loss is evaluated at w: evaluate the query loss at the ADAPTED weights w'"),
        ((r1 ** 2).mean(), one_step)]
        + [(((np.einsum("tqd,td->tq", Xv, Wb) - yv) ** 2).mean(), INNER_HINT) for Wb in wrong])
    expect_array(got_grad, want_grad, f"the meta-gradient of {what}", rtol=RTOL, atol=ATOL, mistakes=[
        ((2 * np.einsum("tqd,tq->td", Xv, r0) / Q).mean(axis=0),
         "the query gradient is taken at w: first-order MAML takes it at the ADAPTED weights w' (at w it is plain "
         "multi-task training)"),
        ((2 * np.einsum("tkd,tk->td", Xtr, rt) / K).mean(axis=0),
         "this is the support-set gradient at w': the meta-gradient uses the QUERY (validation) loss"),
        ((2 * np.einsum("tqd,tq->td", Xv, rv) / Q).sum(axis=0), "the meta-gradient is summed over tasks: average it"),
        (reference.maml_meta_gradient(w, Xtr, ytr, Xv, yv, alpha, steps)[1],
         "this is the exact second-order MAML gradient: first-order MAML leaves out the (I - alpha H_t) factors"),
        ((2 * np.einsum("tqd,tq->td", Xv, r1) / Q).mean(axis=0), one_step),
    ] + [((2 * np.einsum("tqd,tq->td", Xv, np.einsum("tqd,td->tq", Xv, Wb) - yv) / Q).mean(axis=0), INNER_HINT)
         for Wb in wrong])
    return got_loss, got_grad


def _check(code, reference, seed, T, K, Q, D, alpha, steps, what=None):
    w, Xtr, ytr, Xv, yv = tasks(np.random.default_rng(seed), T, K, Q, D)
    what = what or f"fomaml_meta_gradient(..., alpha={alpha}, steps={steps}) with T={T}, K={K}, Q={Q}, D={D}"
    return _check_arrays(code, reference, w, Xtr, ytr, Xv, yv, alpha, steps, what)


@pytest.mark.points(0.5)
def test_one_inner_step(student, reference):
    _check(student.with_reference("inner_adapt"), reference, 257, T=4, K=5, Q=6, D=3, alpha=0.2, steps=1)


@pytest.mark.points(0.5)
def test_several_inner_steps(student, reference):
    code = student.with_reference("inner_adapt")
    _check(code, reference, 258, T=3, K=4, Q=9, D=5, alpha=0.1, steps=3)
    _check(code, reference, 259, T=1, K=8, Q=2, D=2, alpha=0.05, steps=2)


@pytest.mark.points(0.25)
def test_zero_steps_default_steps_and_types(student, reference):
    code = student.with_reference("inner_adapt")
    _check(code, reference, 2570, T=3, K=4, Q=5, D=2, alpha=0.1, steps=0,
           what="fomaml_meta_gradient(..., alpha=0.1, steps=0) (no adaptation: the query gradient at w)")
    w, Xtr, ytr, Xv, yv = tasks(np.random.default_rng(2571), 2, 6, 3, 4)
    want = reference.fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, 0.2)
    loss, grad = meta_pair(code.fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, 0.2), "fomaml_meta_gradient")
    what = "fomaml_meta_gradient(..., alpha=0.2) with the default steps (1)"
    expect_array(loss, want[0], f"the meta-loss of {what}", rtol=RTOL, atol=ATOL)
    expect_array(grad, want[1], f"the meta-gradient of {what}", rtol=RTOL, atol=ATOL)
    expect_python_float(loss, "the meta-loss of fomaml_meta_gradient", "np.mean and NumPy sums return NumPy floats")
    # its shape (D,) = (4,) is checked by expect_array above (for an array; a list is refused here)
    expect_dtype(grad, np.float64, f"the meta-gradient of {what}", "return a float64 array of shape (D,)")
    args32 = [a.astype(np.float32) for a in (w, Xtr, ytr, Xv, yv)]
    expect_float64_meta_gradient(code.fomaml_meta_gradient(*args32, 0.2, 2), "fomaml_meta_gradient")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    w, Xtr, ytr, Xv, yv = tasks(np.random.default_rng(2572), 2, 3, 4, 3)
    student.with_reference("inner_adapt").fomaml_meta_gradient(w, Xtr, ytr, Xv, yv, 0.1, 2)
    expect_unchanged(student.last_call, PURE)


@pytest.mark.points(0.25)
def test_random_tasks(student, reference):
    code = student.with_reference("inner_adapt")
    for T, K, Q, D, alpha, steps, rng in random_shapes(2592, 3):
        w, Xtr, ytr, Xv, yv = tasks(rng, T, K, Q, D)
        _check_arrays(code, reference, w, Xtr, ytr, Xv, yv, alpha, steps,
                      f"fomaml_meta_gradient(..., alpha={alpha:.4g}, steps={steps}) with T={T}, K={K}, Q={Q}, D={D} "
                      "(random draw)")


@pytest.mark.points(0.25)
def test_with_your_inner_adapt(student, reference):
    _check(student, reference, 2573, T=3, K=5, Q=4, D=3, alpha=0.1, steps=2,
           what="fomaml_meta_gradient(..., alpha=0.1, steps=2) with your own inner_adapt, T=3, K=5, Q=4, D=3")
