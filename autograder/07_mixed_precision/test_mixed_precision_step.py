"""Hidden tests of mixed_precision_step: scaler.step(optimizer) (skipped on inf/nan) and scaler.update(),
with an fp32 master copy of fp16 weights updated by SGD.

mixed_precision_step is graded on its own: its calls of fp16_round, loss_scaled_fp16_grads and scaler_update are
answered by the reference (student.with_reference); test_with_your_helpers checks them together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_new,
    expect_true,
    expect_unchanged,
    type_name,
)

HELPERS = ("fp16_round", "loss_scaled_fp16_grads", "scaler_update")

KEYS = ["fp16_weights", "master_weights", "scaler_state", "skipped"]
BASE = {"scale": 65536.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2000, "_growth_tracker": 0}


def _fp(x, dtype):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(x, dtype=np.float64).astype(dtype).astype(np.float64)


def _mistakes(reference, master, g, lr, state):
    S = state["scale"]
    ghat = reference.loss_scaled_fp16_grads(g, S)["grads"]
    with np.errstate(over="ignore", invalid="ignore"):
        return [
            (_fp(_fp(master, np.float16) - lr * ghat, np.float16),
             "the update is applied to the fp16 weights: keep an fp32 master copy, update it, and round a copy to fp16"),
            (_fp(master - lr * S * ghat, np.float32),
             "the update uses the scaled gradients: divide the fp16 gradients by the loss scale first"),
            (_fp(master - lr * _fp(g, np.float16), np.float32),
             "the loss scale is not used: the fp16 gradients are those of scale * loss, divided back by the scale"),
            (_fp(master - lr * np.asarray(g, dtype=np.float64), np.float32),
             "the update uses the exact gradients: the optimizer only sees the fp16 gradients of the scaled loss, "
             "unscaled: update with loss_scaled_fp16_grads(grads, scale)['grads']"),
        ]


def _your_helpers(student, reference, master, g, lr, state):
    """With YOUR helpers: the helper that makes mixed_precision_step go wrong on this input, or None."""
    try:
        new_master = np.array(reference.mixed_precision_step(master, g, lr, dict(state))["master_weights"])
        student.fp16_round(new_master)
        if student.last_call is not None and student.last_call.changed:
            return ("your fp16_round changed the array it was given (here the new master weights, which then hold "
                    "fp16 values instead of fp32 ones): it must return a new array; see fp16_round's failures")
        out = student.loss_scaled_fp16_grads(g, state["scale"])
        want = reference.loss_scaled_fp16_grads(g, state["scale"])
        if isinstance(out, dict) and "found_inf" in out and bool(out["found_inf"]) != want["found_inf"]:
            return (f"your loss_scaled_fp16_grads returned found_inf={bool(out['found_inf'])} for these gradients: "
                    "found_inf is True when any fp16 gradient is inf OR nan (np.isfinite, not only np.isinf); see "
                    "loss_scaled_fp16_grads's failures")
    except StudentCodeError:
        return None
    return None


def _check(student, reference, master, g, lr, state, what, got=None, own=False):
    if got is None:
        got = (student if own else student.with_reference(*HELPERS)).mixed_precision_step(master, g, lr, dict(state))
    if not own:
        return _compare(reference, master, g, lr, state, what, got)
    try:
        return _compare(reference, master, g, lr, state, what, got)
    except Mismatch:
        cause = _your_helpers(student, reference, master, g, lr, state)
        if cause is None:
            raise
        raise Mismatch(f"{what}: {cause}") from None


def _compare(reference, master, g, lr, state, what, got):
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {type(got).__name__}; return a dict with the keys {KEYS}")
    expect_equal(sorted(got), KEYS, f"the keys of {what}")
    want = reference.mixed_precision_step(master, g, lr, dict(state))
    mistakes = _mistakes(reference, master, g, lr, state)
    if want["skipped"]:
        with np.errstate(invalid="ignore"):
            applied = _fp(master - lr * reference.loss_scaled_fp16_grads(g, state["scale"])["grads"], np.float32)
        expect_array(got["master_weights"], want["master_weights"], f"{what}['master_weights']", rtol=0, atol=0,
                     mistakes=[(applied, "the step was applied although the gradients contain inf or nan: "
                                         "skip the update (keep the master weights) when found_inf")])
    else:
        expect_array(got["master_weights"], want["master_weights"], f"{what}['master_weights']", rtol=2.5e-7,
                     atol=1e-30, mistakes=mistakes)
        m = np.asarray(got["master_weights"], dtype=np.float64)
        expect_true(np.array_equal(_fp(m, np.float32), m),
                    f"{what}['master_weights'] are not float32 values: round the updated master weights with fp32_round")
    expect_dtype(np.asarray(got["master_weights"]), np.float64, f"{what}['master_weights']",
                 "an array of fp32 values in float64, also when the step is skipped: "
                 "np.asarray(master_weights, dtype=np.float64).copy(), not the array you were given")
    expect_equal(bool(got["skipped"]), want["skipped"],
                 f"{what}['skipped'] (True exactly when the fp16 gradients contain inf or nan)")
    expect_array(got["fp16_weights"], want["fp16_weights"], f"{what}['fp16_weights']", rtol=0, atol=0,
                 mistakes=[(_fp(master, np.float16), "fp16_weights are the rounded OLD master weights: round the "
                                                     "updated master weights")])
    st = got["scaler_state"]
    expect_true(isinstance(st, dict), f"{what}['scaler_state'] must be the new scaler state dict")
    expect_array(st.get("scale"), want["scaler_state"]["scale"], f"{what}['scaler_state']['scale']", rtol=0, atol=0,
                 mistakes=[(state["scale"], "the scaler state is not updated: call scaler_update(state, found_inf)")])
    expect_equal(int(st.get("_growth_tracker", -1)), want["scaler_state"]["_growth_tracker"],
                 f"{what}['scaler_state']['_growth_tracker']")
    return got


@pytest.mark.points(1)
def test_good_step_updates_fp32_master(student, reference):
    rng = np.random.default_rng(73)
    master = _fp(rng.normal(size=(6, 5)), np.float32)
    g = rng.normal(scale=1e-6, size=(6, 5))
    for lr, state in [(10.0, BASE), (300.0, dict(BASE, scale=1024.0, _growth_tracker=5)),
                      (1.0, dict(BASE, scale=2.0 ** 20, growth_interval=3, _growth_tracker=2))]:
        _check(student, reference, master, g, lr, state,
               f"mixed_precision_step(master (6, 5), grads ~1e-6, lr={lr}, scale={state['scale']:g})")


@pytest.mark.points(0.75)
def test_overflow_or_nan_skips_the_step(student, reference):
    rng = np.random.default_rng(74)
    master = _fp(rng.normal(size=8), np.float32)
    g = rng.normal(scale=1e-3, size=8)
    g_big = g.copy(); g_big[3] = 2.0                       # 2 * 2**16 overflows fp16
    _check(student, reference, master, g_big, 0.1, BASE, "mixed_precision_step(grads with 2.0 at scale 2**16: overflow)")
    g_nan = g.copy(); g_nan[5] = np.nan
    _check(student, reference, master, g_nan, 0.1, dict(BASE, scale=8.0, _growth_tracker=7),
           "mixed_precision_step(grads with a nan)")
    _check(student, reference, master.astype(np.float32), g_nan, 0.1, BASE,
           "mixed_precision_step(float32 master weights, grads with a nan: a skipped step)")


@pytest.mark.points(0.5)
def test_small_updates_accumulate_in_the_master_copy(student, reference):
    # 1e-4 per step is below half an fp16 ulp at 1.0: only the master copy sees it, until it adds up
    master, state = np.ones(4), dict(BASE, growth_interval=4)
    g = np.full(4, 1e-6)
    ref_master, ref_state = master.copy(), dict(state)
    for step in range(12):
        what = f"mixed_precision_step, step {step + 1} of 12 with updates of 1e-4 on weights of 1.0"
        got = _check(student, reference, ref_master, g, 100.0, ref_state, what)
        want = reference.mixed_precision_step(ref_master, g, 100.0, ref_state)
        ref_master, ref_state = want["master_weights"], want["scaler_state"]
    expect_true(float(np.asarray(got["fp16_weights"])[0]) < 1.0,
                "after 12 updates of 1e-4 the fp16 copy of the weights must have moved below 1.0")


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(75)
    master = _fp(rng.normal(size=(3, 4)), np.float32)
    g = rng.normal(scale=1e-5, size=(3, 4))
    state = dict(BASE, growth_interval=1)
    got = student.with_reference(*HELPERS).mixed_precision_step(master, g, 50.0, state)
    expect_unchanged(student.last_call, "`master_weights -= lr * grads` updates the caller's master copy (and a "
                                        "changed scaler_state dict is the caller's too): compute new arrays "
                                        "(fp32_round(master - lr * grads)) and a new state")
    _check(student, reference, master, g, 50.0, state, "mixed_precision_step(master (3, 4), lr=50)", got=got)
    expect_true(type(got["skipped"]) is bool,
                f"mixed_precision_step(master (3, 4), lr=50)['skipped'] must be a Python bool, got "
                f"{type_name(got['skipped'])} ({got['skipped']!r}): NumPy's any() and its | of booleans give a "
                "numpy.bool_: use bool(...)")
    g_nan = g.copy()
    g_nan[0, 0] = np.nan
    student.with_reference(*HELPERS).mixed_precision_step(master, g_nan, 50.0, dict(state))
    expect_new(student.last_call, "a skipped step too returns new master weights, as the docstring says "
                                  "(np.asarray(master_weights, dtype=np.float64).copy()): np.asarray of float64 "
                                  "weights is the caller's array, which the next update would then change")


@pytest.mark.points(0.25)
def test_zero_learning_rate_and_empty_weights(student, reference):
    rng = np.random.default_rng(76)
    master = _fp(rng.normal(size=5), np.float32)
    _check(student, reference, master, rng.normal(scale=1e-4, size=5), 0.0, BASE,
           "mixed_precision_step(..., lr=0): the master weights stay, the scaler still updates")
    _check(student, reference, np.zeros(0), np.zeros(0), 0.1, dict(BASE, _growth_tracker=1999),
           "mixed_precision_step with no weights at all (empty arrays): nothing overflows, the scale still grows")


@pytest.mark.points(0.25)
def test_random_steps(student, reference):
    rng = np.random.default_rng(77)
    for case in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 3))))
        master = _fp(rng.normal(size=shape), np.float32)
        g = rng.normal(scale=float(10 ** rng.uniform(-8, -1)), size=shape)
        state = dict(BASE, scale=float(2.0 ** rng.integers(0, 20)), growth_interval=int(rng.integers(1, 5)),
                     _growth_tracker=0)
        lr = float(10 ** rng.uniform(-2, 2))
        _check(student, reference, master, g, lr, state,
               f"mixed_precision_step(random master of shape {shape}, lr={lr:.3g}, scale={state['scale']:g}) "
               f"(case {case})")


@pytest.mark.points(0.25)
def test_with_your_helpers(student, reference):
    rng = np.random.default_rng(78)
    master = _fp(rng.normal(size=6), np.float32)
    g = rng.normal(scale=1e-6, size=6)
    _check(student, reference, master, g, 20.0, dict(BASE, scale=4096.0, growth_interval=1),
           "mixed_precision_step(master of size 6, lr=20, scale=4096, growth_interval=1) computed with YOUR "
           "fp16_round, loss_scaled_fp16_grads and scaler_update", own=True)
    g[2] = 100.0
    _check(student, reference, master, g, 20.0, dict(BASE, scale=4096.0),
           "mixed_precision_step(grads with 100 at scale 4096: overflow) computed with YOUR fp16_round, "
           "loss_scaled_fp16_grads and scaler_update", own=True)
    g[2] = np.nan
    _check(student, reference, master, g, 20.0, dict(BASE, scale=2.0, _growth_tracker=3),
           "mixed_precision_step(grads with a nan) computed with YOUR fp16_round, loss_scaled_fp16_grads and "
           "scaler_update", own=True)
