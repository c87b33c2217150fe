"""Hidden tests of freelb_step: FreeLB's init, K ascent steps with gradients averaged over K, no update after the
last step, projection onto the adv_max_norm ball (run_glue_freelb.py, norm_type l2)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_python_float, expect_true, expect_unchanged

RTOL, ATOL = 1e-9, 1e-12


def _problem(seed, B=3, S=5, d=4, C=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(B, S, d))
    M = (np.arange(S)[None, :] < rng.integers(1, S + 1, size=B)[:, None]).astype(float)
    W, b = rng.normal(size=(d, C)), rng.normal(size=C)
    y = rng.integers(0, C, size=B)
    U = rng.uniform(-1, 1, size=(B, S, d))
    return X, M, W, b, y, U


def _norm(a):
    return np.sqrt((a.reshape(a.shape[0], -1) ** 2).sum(axis=1))[:, None, None]


def _variant(ref, X, M, W, b, y, lr, mx, K, mag, U, *, mean=True, last_only=False, init_scaled=True,
             update_after_last=False, init_masked=True, project_at_zero=False, init_tokens=True):
    m = np.asarray(M, float)
    delta = U * (m[:, :, None] if init_masked else 1.0)
    tokens = m.sum(1) if init_tokens else np.full(len(m), float(X.shape[1]))
    delta = delta * ((mag / np.sqrt(tokens * X.shape[-1]))[:, None, None] if init_scaled else mag)
    loss, gW, gb = 0.0, 0.0, 0.0
    for t in range(K):
        out = ref.linear_model(X + delta, M, W, b, y)
        f = 1.0 / K if mean else 1.0
        if last_only:
            loss, gW, gb = out["loss"], out["grad_W"], out["grad_b"]
        else:
            loss, gW, gb = loss + f * out["loss"], gW + f * out["grad_W"], gb + f * out["grad_b"]
        if t == K - 1 and not update_after_last:
            break
        g = out["grad_embeds"]
        delta = delta + lr * g / np.maximum(_norm(g), 1e-8)
        if mx > 0 or project_at_zero:
            n = _norm(delta)
            delta = delta * np.where(n > mx, mx / np.where(n > 0, n, 1.0), 1.0)
    return {"loss": loss, "grad_W": gW, "grad_b": gb, "delta": delta}


MESSAGES = {
    "mean": "the losses and gradients of the K ascent steps are summed: average them (FreeLB divides the loss by "
            "adv_steps before backward)",
    "last_only": "only the last ascent step's loss and gradients are used: FreeLB accumulates those of all K steps",
    "init_scaled": "the initial perturbation is not scaled: multiply init_uniform * mask by "
                   "adv_init_mag / sqrt(d * number of real tokens)",
    "init_tokens": "the initial perturbation is scaled by adv_init_mag / sqrt(d * S), all positions: divide by "
                   "sqrt(d * tokens_n), the example's number of real tokens (mask sum)",
    "init_masked": "the initial perturbation is not zero on padding: multiply init_uniform by the mask",
    "update_after_last": "delta was updated after the last ascent step: FreeLB stops (break) before updating delta "
                         "at t = K - 1",
    "project_at_zero": "delta was projected onto a ball of radius 0: adv_max_norm = 0 means no projection at all",
}


def _check(got, ref, args, what, keys=("loss", "grad_W", "grad_b", "delta")):
    expect_true(isinstance(got, dict) and set(got) >= {"loss", "grad_W", "grad_b", "delta"},
                f"{what} must return a dict with the keys loss, grad_W, grad_b, delta")
    want = ref.freelb_step(*args)
    variants = {name: _variant(ref, *args, **{name: not {"mean": True, "last_only": False, "init_scaled": True,
                                                          "update_after_last": False, "init_masked": True, "init_tokens": True,
                                                          "project_at_zero": False}[name]})
                for name in MESSAGES}
    for key in keys:
        mistakes = [(v[key], MESSAGES[name]) for name, v in variants.items()]
        expect_array(got[key], want[key], f"{what}['{key}']", rtol=RTOL, atol=ATOL, mistakes=mistakes)


@pytest.mark.points(1)
def test_accumulated_loss_and_gradients(student, reference):
    X, M, W, b, y, U = _problem(120)
    for lr, mx, K, mag in [(0.3, 0.5, 3, 0.2), (0.1, 0.0, 2, 1.0), (0.5, 1.0, 4, 0.0)]:
        args = (X, M, W, b, y, lr, mx, K, mag, U)
        _check(student.freelb_step(*args), reference, args,
               f"freelb_step(adv_lr={lr}, adv_max_norm={mx}, adv_steps={K}, adv_init_mag={mag})",
               keys=("loss", "grad_W", "grad_b"))


@pytest.mark.points(0.75)
def test_initial_perturbation(student, reference):
    X, M, W, b, y, U = _problem(121, B=4, S=6, d=3)
    args = (X, M, W, b, y, 0.2, 0.0, 1, 0.8, U)
    _check(student.freelb_step(*args), reference, args,
           "freelb_step(adv_steps=1, adv_init_mag=0.8) (delta is the initial perturbation)", keys=("delta", "loss"))


@pytest.mark.points(1)
def test_ascent_and_projection(student, reference):
    X, M, W, b, y, U = _problem(122, B=5, S=4, d=5, C=4)
    for lr, mx, K, mag in [(0.4, 0.5, 3, 0.3), (0.2, 0.0, 4, 0.1), (1.0, 0.3, 2, 0.5)]:
        args = (X, M, W, b, y, lr, mx, K, mag, U)
        _check(student.freelb_step(*args), reference, args,
               f"freelb_step(adv_lr={lr}, adv_max_norm={mx}, adv_steps={K}, adv_init_mag={mag})",
               keys=("delta", "grad_W"))


@pytest.mark.points(0.25)
def test_one_example_zero_weights_and_types(student, reference):
    X, M, W, b, y, U = _problem(123)
    args = (X[:1], M[:1], W, b, y[:1], 0.3, 0.5, 3, 0.2, U[:1])
    _check(student.freelb_step(*args), reference, args, "freelb_step on a batch of one example (B=1)")
    args = (X, M, np.zeros_like(W), b, y, 0.3, 0.5, 3, 0.2, U)
    _check(student.freelb_step(*args), reference, args, "freelb_step with W = 0 (zero embedding gradients: the ascent "
                                                        "steps are 0, never nan)")
    got = student.freelb_step(X, M, W, b, y, 0.3, 0.5, 2, 0.2, U)
    expect_python_float(got["loss"], "freelb_step(...)['loss']", "np.sum, np.mean and np.log return NumPy floats")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_alone(student, reference):
    X, M, W, b, y, U = _problem(124)
    student.freelb_step(X, M, W, b, y, 0.3, 0.5, 3, 0.2, U)
    expect_unchanged(student.last_call, "build delta as a new array (init_uniform * mask * ...), never delta = "
                                        "init_uniform followed by delta *= ...")


@pytest.mark.points(0.5)
def test_random_batches(student, reference):
    rng = np.random.default_rng(125)
    for _ in range(2):
        B, S, d, C = (int(n) for n in rng.integers(1, 6, size=4))
        X, M, W, b, y, U = _problem(int(rng.integers(1 << 30)), B, S, d, C + 1)
        lr, mx, K, mag = float(rng.uniform(0.05, 1)), float(rng.choice([0.0, 0.2, 1.0])), int(rng.integers(1, 5)), \
            float(rng.choice([0.0, 0.1, 1.0]))
        args = (X, M, W, b, y, lr, mx, K, mag, U)
        _check(student.freelb_step(*args), reference, args,
               f"freelb_step(B={B}, S={S}, d={d}, adv_lr={lr:.3g}, adv_max_norm={mx}, adv_steps={K}, "
               f"adv_init_mag={mag}) (random draw)")
