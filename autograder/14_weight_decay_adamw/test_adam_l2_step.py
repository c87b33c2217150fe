"""Hidden tests of adam_l2_step (mirrors one step of torch.optim.Adam(params, lr, betas, eps, weight_decay):
the L2 term weight_decay * param is added to the gradient before the moments)."""
import numpy as np
import pytest
from _adam_state import ATOL, RTOL, check_state

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_float64_accuracy,
    expect_true,
    expect_unchanged,
)


def _variant(param, grad, state, lr, betas, eps, wd, *, fixed_betas=False, decoupled=False, bias_correction=True,
             eps_inside=False, no_eps=False, eps_squared=False, step_offset=0, use_wd=True, eps_hat=False,
             l2_in_v=True):
    """Adam/AdamW with a known mistake switched on, to name the mistake in the feedback."""
    beta1, beta2 = (0.9, 0.999) if fixed_betas else betas
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    wd = wd if use_wd else 0.0
    if decoupled:
        p = p * (1 - lr * wd)
    else:
        g = g + wd * p
    t = int(state["step"]) + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    g_v = g if l2_in_v else np.asarray(grad, dtype=np.float64)
    v = beta2 * state["v"] + (1 - beta2) * g_v * g_v
    tb = t + step_offset
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m / (1 - beta1 ** tb) if bias_correction else m
        v_hat = v / (1 - beta2 ** tb) if bias_correction else v
        denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat + eps ** 2) if eps_squared \
            else np.sqrt(v_hat) + (0.0 if no_eps else eps)
        if eps_hat:                                     # TensorFlow / Kingma & Ba's Algorithm 1 reformulation
            denom = np.sqrt(v) + eps
            m_hat = m * np.sqrt(1 - beta2 ** tb) / (1 - beta1 ** tb)
        return p - lr * m_hat / denom, {"m": m, "v": v, "step": t}


MISTAKES = [
    (dict(decoupled=True), "this is AdamW's decoupled decay (param *= 1 - lr * weight_decay): "
                           "torch.optim.Adam adds weight_decay * param to the gradient, before m and v"),
    (dict(bias_correction=False), "Adam's bias correction is left out: divide m by 1 - beta1**t and v by 1 - beta2**t"),
    (dict(eps_inside=True), "eps is added inside the square root: use sqrt(v_hat) + eps, as PyTorch does"),
    (dict(no_eps=True), "eps is left out: divide by sqrt(v_hat) + eps (without it a zero gradient gives 0 / 0)"),
    (dict(eps_squared=True), "the denominator is sqrt(v_hat + eps**2): PyTorch adds eps outside the square root, "
                             "sqrt(v_hat) + eps"),
    (dict(step_offset=-1), "the bias correction uses the step count before this step: "
                           "t = state['step'] + 1 (t is 1 at the first step)"),
    (dict(use_wd=False), "weight_decay is ignored: add weight_decay * param to the gradient"),
    (dict(l2_in_v=False), "the L2 term reaches m but not v: add weight_decay * param to the gradient once, "
                          "before both moments (v is built from the same g as m)"),
    (dict(eps_hat=True), "eps is added to sqrt(v) before the bias correction (TensorFlow's form, "
                         "lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + eps)): PyTorch adds eps to the "
                         "bias-corrected sqrt(v_hat)"),
]


MISTAKES.append((dict(fixed_betas=True), "betas is ignored ((0.9, 0.999) is used): use the beta1, beta2 you are "
                                         "given"))


def _mistakes(param, grad, state, lr, betas, eps, wd):
    return [(_variant(param, grad, state, lr, betas, eps, wd, **kw)[0], msg) for kw, msg in MISTAKES]


def _unpack(got, what):
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise Mismatch(f"{what} must return a pair (new_param, new_state), got a {type(got).__name__}")
    param, state = got
    if not isinstance(state, dict) or not {"m", "v", "step"} <= set(state):
        raise Mismatch(f"{what}: new_state must be a dict with the keys 'm', 'v' and 'step'")
    return param, state


def _fresh(shape):
    return {"m": np.zeros(shape), "v": np.zeros(shape), "step": 0}


@pytest.mark.points(0.5)
def test_first_step_and_state(student, reference):
    rng = np.random.default_rng(140)
    p, g = rng.normal(size=(2, 4, 3))
    args = (0.01, (0.9, 0.999), 1e-8, 0.1)
    what = "adam_l2_step(param, grad, fresh state, lr=0.01, weight_decay=0.1) with param of shape (4, 3)"
    got_p, got_s = _unpack(student.adam_l2_step(p, g, _fresh(p.shape), *args), what)
    want_p, want_s = reference.adam_l2_step(p, g, _fresh(p.shape), *args)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, _fresh(p.shape), *args))
    check_state(got_s, want_s, what)


@pytest.mark.points(0.5)
def test_several_steps_several_shapes(student, reference):
    rng = np.random.default_rng(141)
    lr, betas, eps, wd = 0.05, (0.8, 0.99), 1e-6, 0.3
    for shape in [(), (5,), (2, 3, 4)]:
        p0 = rng.normal(size=shape)
        grads = rng.normal(scale=0.5, size=(6,) + shape)
        got_p, got_s = p0, _fresh(shape)
        want_p, want_s = p0, _fresh(shape)
        wrong = [(p0, _fresh(shape)) for _ in MISTAKES]
        for t, g in enumerate(grads, start=1):
            what = f"adam_l2_step at step {t} of 6 (param shape {shape}, lr={lr}, betas={betas}, eps={eps}, weight_decay={wd})"
            got_p, got_s = _unpack(student.adam_l2_step(got_p, g, got_s, lr, betas, eps, wd), what)
            want_p, want_s = reference.adam_l2_step(want_p, g, want_s, lr, betas, eps, wd)
            wrong = [_variant(wp, g, ws, lr, betas, eps, wd, **kw) for (wp, ws), (kw, _) in zip(wrong, MISTAKES)]
            expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL,
                         mistakes=[(wp, msg) for (wp, _), (_, msg) in zip(wrong, MISTAKES)])
            check_state(got_s, want_s, what, betas)


@pytest.mark.points(0.5)
def test_resume_mid_training_small_gradients(student, reference):
    rng = np.random.default_rng(142)
    shape = (3, 5)
    state = {"m": rng.normal(scale=1e-4, size=shape), "v": rng.uniform(1e-9, 4e-8, size=shape), "step": 9}
    p = rng.normal(size=shape)
    g = rng.normal(scale=1e-4, size=shape)
    args = (1e-3, (0.9, 0.999), 1e-5, 0.0)
    what = "adam_l2_step resuming from a state with step=9 and gradients of size 1e-4 (eps=1e-5, weight_decay=0)"
    got_p, got_s = _unpack(student.adam_l2_step(p, g, dict(state), *args), what)
    want_p, want_s = reference.adam_l2_step(p, g, dict(state), *args)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, state, *args))
    check_state(got_s, want_s, what)
    big = rng.normal(scale=1e6, size=shape)
    what = "adam_l2_step with gradients of size 1e6 (weight_decay=0.01)"
    got_p, _ = _unpack(student.adam_l2_step(p, big, _fresh(shape), 1e-3, (0.9, 0.999), 1e-8, 0.01), what)
    want_p, _ = reference.adam_l2_step(p, big, _fresh(shape), 1e-3, (0.9, 0.999), 1e-8, 0.01)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_defaults_scalar_parameter_and_zero_lr(student, reference):
    rng = np.random.default_rng(1700)
    p, g = rng.normal(size=(2, 4))
    what = "adam_l2_step(param, grad, fresh state) with every default (lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)"
    got_p, got_s = _unpack(student.adam_l2_step(p, g, _fresh(p.shape)), what)
    want_p, want_s = reference.adam_l2_step(p, g, _fresh(p.shape))
    defaults = [(_variant(p, g, _fresh(p.shape), 1e-3, (0.9, 0.999), eps, wd),
                 f"a default is not torch.optim.Adam's (this is eps={eps:g}, weight_decay={wd:g}): the defaults are "
                 "lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0")
                for eps in (1e-8, 1e-6) for wd in (0.0, 1e-2, 1e-4) if (eps, wd) != (1e-8, 0.0)]
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL,
                 mistakes=[(value[0], msg) for value, msg in defaults]
                 + _mistakes(p, g, _fresh(p.shape), 1e-3, (0.9, 0.999), 1e-8, 0.0))
    expect_array(got_s["m"], want_s["m"], f"{what}: new_state['m']", rtol=RTOL, atol=ATOL,
                 mistakes=[(value[1]["m"], msg) for value, msg in defaults])   # at step 1 a weight decay moves m only
    check_state(got_s, want_s, what)
    state = {"m": np.array(0.02), "v": np.array(4e-4), "step": 3}
    what = "adam_l2_step on a 0-d parameter (a scalar array) resuming at step 3"
    got_p, got_s = _unpack(student.adam_l2_step(np.array(1.5), np.array(-0.3), dict(state), 0.1, (0.9, 0.999), 1e-8, 0.2), what)
    want_p, want_s = reference.adam_l2_step(np.array(1.5), np.array(-0.3), dict(state), 0.1, (0.9, 0.999), 1e-8, 0.2)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(np.array(1.5), np.array(-0.3), state, 0.1, (0.9, 0.999), 1e-8, 0.2))
    check_state(got_s, want_s, what)
    what = "adam_l2_step(..., lr=0): the parameter does not move, the moments still update"
    got_p, got_s = _unpack(student.adam_l2_step(p, g, _fresh(p.shape), 0.0, (0.9, 0.999), 1e-8, 0.3), what)
    want_p, want_s = reference.adam_l2_step(p, g, _fresh(p.shape), 0.0, (0.9, 0.999), 1e-8, 0.3)
    expect_array(got_p, want_p, what, rtol=0, atol=0)
    check_state(got_s, want_s, what)


@pytest.mark.points(0.25)
def test_float64_results_and_int_step(student, reference):
    rng = np.random.default_rng(1701)
    p, g = rng.normal(size=(2, 3, 3)).astype(np.float32)
    state = {"m": np.zeros((3, 3), dtype=np.float32), "v": np.zeros((3, 3), dtype=np.float32), "step": 0}
    what = "adam_l2_step with float32 param, grad and moments"
    got_p, got_s = _unpack(student.adam_l2_step(p, g, state, 0.01, (0.9, 0.999), 1e-8, 0.1), what)
    for label, value in (("new_param", got_p), ("new_state['m']", got_s["m"]), ("new_state['v']", got_s["v"])):
        expect_dtype(value, np.float64, f"{what}: {label}",
                     "np.asarray(param, dtype=np.float64), and the same for grad and the moments")
    expect_true(type(got_s["step"]) is int, f"{what}: new_state['step'] must be a Python int (state['step'] + 1), got "
                                            f"{type(got_s['step']).__name__}")
    want_p, want_s = reference.adam_l2_step(p, g, state, 0.01, (0.9, 0.999), 1e-8, 0.1)
    expect_float64_accuracy(got_p, want_p, f"{what}: new_param", "convert param, grad and the moments to float64 "
                            "first (np.asarray(param, dtype=np.float64))", rtol=RTOL, atol=ATOL, float32_atol=1e-7)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL)
    check_state(got_s, want_s, what)


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(1702)
    p, g, m = rng.normal(size=(3, 4, 2))
    state = {"m": 0.1 * m, "v": np.abs(0.01 * m), "step": 4}
    student.adam_l2_step(p, g, state, 0.01, (0.9, 0.999), 1e-8, 0.1)
    expect_unchanged(student.last_call, "return a new parameter and a new dict, e.g. {'m': m, 'v': v, 'step': t}; "
                                        "never write into param, grad or state (param -= ..., state['m'] *= ..., "
                                        "state['step'] += 1 change the caller's arrays)")


@pytest.mark.points(0.25)
def test_random_shapes_and_hyperparameters(student, reference):
    rng = np.random.default_rng(1703)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 4))))
        p, g = rng.normal(size=(2,) + shape) * float(rng.choice([1e-3, 1.0, 1e3]))
        state = {"m": rng.normal(scale=0.1, size=shape), "v": rng.uniform(0, 0.01, size=shape),
                 "step": int(rng.integers(0, 50))}
        lr, wd, eps = float(rng.choice([1e-4, 1e-2, 0.3])), float(rng.choice([0.0, 0.01, 0.5])), float(rng.choice([1e-8, 1e-6]))
        betas = (float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.9999)))
        what = (f"adam_l2_step with param of shape {shape}, state step {state['step']}, lr={lr:g}, betas=({betas[0]:.4g}, "
                f"{betas[1]:.4g}), eps={eps:g}, weight_decay={wd:g} (random draw)")
        got_p, got_s = _unpack(student.adam_l2_step(p, g, dict(state), lr, betas, eps, wd), what)
        want_p, want_s = reference.adam_l2_step(p, g, dict(state), lr, betas, eps, wd)
        expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, state, lr, betas, eps, wd))
        check_state(got_s, want_s, what, betas)
