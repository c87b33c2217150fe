"""Hidden tests of adamw_step (mirrors one step of torch.optim.AdamW(params, lr, betas, eps, weight_decay):
param *= 1 - lr * weight_decay, then the Adam update computed from the raw gradient)."""
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

RAW_GRADIENT = " (AdamW's {key} sees the raw gradient)"


def _variant(param, grad, state, lr, betas, eps, wd, *, fixed_betas=False, decoupled=True, bias_correction=True,
             eps_inside=False, no_eps=False, eps_squared=False, step_offset=0, decay="before",
             l2_too=False):
    """Adam/AdamW with a known mistake switched on, to name the mistake in the feedback."""
    beta1, beta2 = (0.9, 0.999) if fixed_betas else betas
    p = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    if l2_too:
        g = g + wd * p
    if not decoupled:
        g = g + wd * p
    elif decay == "before":
        p = p * (1 - lr * wd)
    elif decay == "no_lr":
        p = p * (1 - wd)
    t = int(state["step"]) + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    v = beta2 * state["v"] + (1 - beta2) * g * g
    tb = t + step_offset
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m / (1 - beta1 ** tb) if bias_correction else m
        v_hat = v / (1 - beta2 ** tb) if bias_correction else v
        denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat + eps ** 2) if eps_squared \
            else np.sqrt(v_hat) + (0.0 if no_eps else eps)
        new = p - lr * m_hat / denom
    if decoupled and decay == "after":
        new = new * (1 - lr * wd)
    return new, {"m": m, "v": v, "step": t}


MISTAKES = [
    (dict(decoupled=False), "this is Adam with L2 regularisation (weight_decay * param added to the gradient): "
                            "AdamW decays the parameter directly, param *= 1 - lr * weight_decay, and m, v see the raw gradient"),
    (dict(bias_correction=False), "Adam's bias correction is left out: divide m by 1 - beta1**t and v by 1 - beta2**t"),
    (dict(eps_inside=True), "eps is added inside the square root: use sqrt(v_hat) + eps, as PyTorch does"),
    (dict(no_eps=True), "eps is left out: divide by sqrt(v_hat) + eps (without it a zero gradient gives 0 / 0)"),
    (dict(eps_squared=True), "the denominator is sqrt(v_hat + eps**2): PyTorch adds eps outside the square root, "
                             "sqrt(v_hat) + eps"),
    (dict(step_offset=-1), "the bias correction uses the step count before this step: "
                           "t = state['step'] + 1 (t is 1 at the first step)"),
    (dict(decay="after"), "the decay is applied after the Adam update: PyTorch first multiplies the parameter by "
                          "1 - lr * weight_decay, then subtracts the update"),
    (dict(decay="no_lr"), "the decay factor is 1 - weight_decay: in torch.optim.AdamW it is multiplied by lr, "
                          "param *= 1 - lr * weight_decay"),
    (dict(decay="none"), "weight_decay is ignored: multiply the parameter by 1 - lr * weight_decay"),
    (dict(l2_too=True), "weight decay is applied twice: the parameter is decayed (right) and weight_decay * param is "
                        "also added to the gradient (Adam's L2 term): AdamW's m and v see the raw gradient only"),
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
    rng = np.random.default_rng(150)
    p, g = rng.normal(size=(2, 4, 3))
    args = (0.02, (0.9, 0.999), 1e-8, 0.5)
    what = "adamw_step(param, grad, fresh state, lr=0.02, weight_decay=0.5) with param of shape (4, 3)"
    got_p, got_s = _unpack(student.adamw_step(p, g, _fresh(p.shape), *args), what)
    want_p, want_s = reference.adamw_step(p, g, _fresh(p.shape), *args)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, _fresh(p.shape), *args))
    check_state(got_s, want_s, what, note=RAW_GRADIENT)


@pytest.mark.points(0.5)
def test_several_steps_several_shapes(student, reference):
    rng = np.random.default_rng(151)
    lr, betas, eps, wd = 0.05, (0.85, 0.98), 1e-6, 0.2
    for shape in [(7,), (3, 4), (2, 2, 3)]:
        p0 = rng.normal(size=shape)
        grads = rng.normal(scale=2.0, size=(8,) + shape)
        got_p, got_s = p0, _fresh(shape)
        want_p, want_s = p0, _fresh(shape)
        wrong = [(p0, _fresh(shape)) for _ in MISTAKES]
        for t, g in enumerate(grads, start=1):
            what = f"adamw_step at step {t} of 8 (param shape {shape}, lr={lr}, betas={betas}, eps={eps}, weight_decay={wd})"
            got_p, got_s = _unpack(student.adamw_step(got_p, g, got_s, lr, betas, eps, wd), what)
            want_p, want_s = reference.adamw_step(want_p, g, want_s, lr, betas, eps, wd)
            wrong = [_variant(wp, g, ws, lr, betas, eps, wd, **kw) for (wp, ws), (kw, _) in zip(wrong, MISTAKES)]
            expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL,
                         mistakes=[(wp, msg) for (wp, _), (_, msg) in zip(wrong, MISTAKES)])
            check_state(got_s, want_s, what, betas, note=RAW_GRADIENT)


@pytest.mark.points(0.5)
def test_resume_mid_training(student, reference):
    rng = np.random.default_rng(152)
    shape = (4, 6)
    state = {"m": rng.normal(scale=1e-3, size=shape), "v": rng.uniform(1e-7, 4e-6, size=shape), "step": 9}
    p = rng.normal(size=shape)
    g = rng.normal(scale=1e-3, size=shape)
    args = (0.01, (0.9, 0.999), 1e-4, 0.1)
    what = "adamw_step resuming from a state with step=9 (lr=0.01, eps=1e-4, weight_decay=0.1)"
    got_p, got_s = _unpack(student.adamw_step(p, g, dict(state), *args), what)
    want_p, want_s = reference.adamw_step(p, g, dict(state), *args)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, state, *args))
    check_state(got_s, want_s, what, note=RAW_GRADIENT)


@pytest.mark.points(0.5)
def test_zero_and_extreme_gradients(student, reference):
    rng = np.random.default_rng(153)
    p = rng.normal(size=(5,))
    what = "adamw_step(param, zeros, fresh state, lr=0.1, weight_decay=0.3): a zero gradient only decays"
    got_p, _ = _unpack(student.adamw_step(p, np.zeros(5), _fresh((5,)), 0.1, (0.9, 0.999), 1e-8, 0.3), what)
    expect_array(got_p, p * (1 - 0.1 * 0.3), what, rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(p, np.zeros(5), _fresh((5,)), 0.1, (0.9, 0.999), 1e-8, 0.3))
    for scale in (1e-9, 1e8):
        g = rng.normal(scale=scale, size=(5,))
        args = (1e-3, (0.9, 0.999), 1e-8, 0.01)
        what = f"adamw_step with gradients of size {scale:g} (eps=1e-8)"
        got_p, _ = _unpack(student.adamw_step(p, g, _fresh((5,)), *args), what)
        want_p, _ = reference.adamw_step(p, g, _fresh((5,)), *args)
        expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, _fresh((5,)), *args))


@pytest.mark.points(0.5)
def test_defaults_scalar_parameter_and_zero_lr(student, reference):
    rng = np.random.default_rng(1710)
    p, g = rng.normal(size=(2, 4))
    what = "adamw_step(param, grad, fresh state) with every default (lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)"
    got_p, got_s = _unpack(student.adamw_step(p, g, _fresh(p.shape)), what)
    want_p, want_s = reference.adamw_step(p, g, _fresh(p.shape))
    defaults = [(_variant(p, g, _fresh(p.shape), 1e-3, (0.9, 0.999), 1e-8, 0.0)[0],
                 "the default weight_decay is 0 (Adam's or transformers.AdamW's default): torch.optim.AdamW's default "
                 "is weight_decay=1e-2"),
                (_variant(p, g, _fresh(p.shape), 1e-3, (0.9, 0.999), 1e-6, 0.01)[0],
                 "the default eps is 1e-6 (Hugging Face's transformers.AdamW and BERT's optimizer): torch.optim.AdamW's "
                 "default is eps=1e-8")]
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL,
                 mistakes=defaults + _mistakes(p, g, _fresh(p.shape), 1e-3, (0.9, 0.999), 1e-8, 0.01))
    check_state(got_s, want_s, what, note=RAW_GRADIENT)
    state = {"m": np.array(0.02), "v": np.array(4e-4), "step": 3}
    what = "adamw_step on a 0-d parameter (a scalar array) resuming at step 3"
    got_p, got_s = _unpack(student.adamw_step(np.array(1.5), np.array(-0.3), dict(state), 0.1, (0.9, 0.999), 1e-8, 0.2), what)
    want_p, want_s = reference.adamw_step(np.array(1.5), np.array(-0.3), dict(state), 0.1, (0.9, 0.999), 1e-8, 0.2)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(np.array(1.5), np.array(-0.3), state, 0.1, (0.9, 0.999), 1e-8, 0.2))
    check_state(got_s, want_s, what, note=RAW_GRADIENT)
    what = "adamw_step(..., lr=0): the parameter does not move, the moments still update"
    got_p, got_s = _unpack(student.adamw_step(p, g, _fresh(p.shape), 0.0, (0.9, 0.999), 1e-8, 0.3), what)
    want_p, want_s = reference.adamw_step(p, g, _fresh(p.shape), 0.0, (0.9, 0.999), 1e-8, 0.3)
    expect_array(got_p, want_p, what, rtol=0, atol=0)
    check_state(got_s, want_s, what, note=RAW_GRADIENT)
    p, g = rng.normal(size=(2, 3, 5))
    what = "adamw_step(..., weight_decay=0) (no decay: the same step as Adam)"
    got_p, _ = _unpack(student.adamw_step(p, g, _fresh(p.shape), 0.01, (0.9, 0.999), 1e-8, 0.0), what)
    expect_array(got_p, reference.adamw_step(p, g, _fresh(p.shape), 0.01, (0.9, 0.999), 1e-8, 0.0)[0], what,
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, _fresh(p.shape), 0.01, (0.9, 0.999), 1e-8, 0.0))


@pytest.mark.points(0.25)
def test_float64_results_and_int_step(student, reference):
    rng = np.random.default_rng(1711)
    p, g = rng.normal(size=(2, 3, 3)).astype(np.float32)
    state = {"m": np.zeros((3, 3), dtype=np.float32), "v": np.zeros((3, 3), dtype=np.float32), "step": 0}
    what = "adamw_step with float32 param, grad and moments"
    got_p, got_s = _unpack(student.adamw_step(p, g, state, 0.01, (0.9, 0.999), 1e-8, 0.1), what)
    for label, value in (("new_param", got_p), ("new_state['m']", got_s["m"]), ("new_state['v']", got_s["v"])):
        expect_dtype(value, np.float64, f"{what}: {label}",
                     "np.asarray(param, dtype=np.float64), and the same for grad and the moments")
    expect_true(type(got_s["step"]) is int, f"{what}: new_state['step'] must be a Python int (state['step'] + 1), got "
                                            f"{type(got_s['step']).__name__}")
    want_p, want_s = reference.adamw_step(p, g, state, 0.01, (0.9, 0.999), 1e-8, 0.1)
    expect_float64_accuracy(got_p, want_p, f"{what}: new_param", "convert param, grad and the moments to float64 "
                            "first (np.asarray(param, dtype=np.float64))", rtol=RTOL, atol=ATOL, float32_atol=1e-7)
    expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL)
    check_state(got_s, want_s, what, note=RAW_GRADIENT)


@pytest.mark.points(0.75)
def test_leaves_its_arguments_alone(student, reference):
    rng = np.random.default_rng(1712)
    p, g, m = rng.normal(size=(3, 4, 2))
    state = {"m": 0.1 * m, "v": np.abs(0.01 * m), "step": 4}
    student.adamw_step(p, g, state, 0.01, (0.9, 0.999), 1e-8, 0.1)
    expect_unchanged(student.last_call, "return a new parameter and a new dict, e.g. {'m': m, 'v': v, 'step': t}; "
                                        "never write into param, grad or state (param -= ..., state['m'] *= ..., "
                                        "state['step'] += 1 change the caller's arrays)")


@pytest.mark.points(0.5)
def test_random_shapes_and_hyperparameters(student, reference):
    rng = np.random.default_rng(1713)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(0, 4))))
        p, g = rng.normal(size=(2,) + shape) * float(rng.choice([1e-3, 1.0, 1e3]))
        state = {"m": rng.normal(scale=0.1, size=shape), "v": rng.uniform(0, 0.01, size=shape),
                 "step": int(rng.integers(0, 50))}
        lr, wd, eps = float(rng.choice([1e-4, 1e-2, 0.3])), float(rng.choice([0.0, 0.01, 0.5])), float(rng.choice([1e-8, 1e-6]))
        betas = (float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.9999)))
        what = (f"adamw_step with param of shape {shape}, state step {state['step']}, lr={lr:g}, betas=({betas[0]:.4g}, "
                f"{betas[1]:.4g}), eps={eps:g}, weight_decay={wd:g} (random draw)")
        got_p, got_s = _unpack(student.adamw_step(p, g, dict(state), lr, betas, eps, wd), what)
        want_p, want_s = reference.adamw_step(p, g, dict(state), lr, betas, eps, wd)
        expect_array(got_p, want_p, what, rtol=RTOL, atol=ATOL, mistakes=_mistakes(p, g, state, lr, betas, eps, wd))
        check_state(got_s, want_s, what, betas, note=RAW_GRADIENT)
