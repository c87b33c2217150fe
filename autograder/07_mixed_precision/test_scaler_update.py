"""Hidden tests of scaler_update: torch.amp.GradScaler.update() (torch._amp_update_scale_, which computes the new
scale in double and stores it in a float32 tensor: static_cast<float> for a growth, kept only if finite). The
sequences in test_matches_torch_sequence were produced by torch.amp.GradScaler("cpu", ...) on a CPU (torch 2.13),
with inf/nan gradients at the marked steps; FLT_MAX_SEQUENCE likewise (a growth just above FLT_MAX is kept as
FLT_MAX)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_equal, expect_true, expect_unchanged

KEYS = ["_growth_tracker", "backoff_factor", "growth_factor", "growth_interval", "scale"]
BASE = {"scale": 65536.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2000, "_growth_tracker": 0}
# (found_inf, scale after update, tracker after update) from torch 2.13, GradScaler("cpu", 8.0, 3.0, 0.25, 3)
TORCH_SEQUENCE = [(False, 8.0, 1), (False, 8.0, 2), (False, 24.0, 0), (False, 24.0, 1), (True, 6.0, 0),
                  (False, 6.0, 1), (True, 1.5, 0), (False, 1.5, 1), (False, 1.5, 2), (False, 4.5, 0),
                  (False, 4.5, 1), (False, 4.5, 2), (False, 13.5, 0), (True, 3.375, 0)]
# GradScaler("cpu", init_scale=0.1, growth_factor=1.7, backoff_factor=0.3, growth_interval=2): every new scale is
# rounded to float32 (the state_dict's scale is float32(0.1) from the start)
ODD_START = 0.10000000149011612
ODD_SEQUENCE = [(False, 0.10000000149011612, 1), (False, 0.17000000178813934, 0), (True, 0.050999999046325684, 0),
                (False, 0.050999999046325684, 1), (False, 0.08669999986886978, 0), (False, 0.08669999986886978, 1),
                (True, 0.026009999215602875, 0), (True, 0.0078029995784163475, 0), (False, 0.0078029995784163475, 1),
                (False, 0.013265099376440048, 0)]
# GradScaler("cpu", init_scale=2**127, growth_factor=1.9999999, growth_interval=1): 2**127 * 1.9999999 is above
# FLT_MAX but rounds to it in float32, so torch's new scale is FLT_MAX; growing FLT_MAX again gives inf: not applied
FLT_MAX_SEQUENCE = [(False, 3.4028234663852886e+38, 0), (False, 3.4028234663852886e+38, 0),
                    (True, 1.7014117331926443e+38, 0), (False, 3.4028232635611926e+38, 0)]
FLT_MAX = float(np.finfo(np.float32).max)


def _f32(x):
    """The float32 value torch stores (round to nearest), as a Python float; inf on overflow."""
    with np.errstate(over="ignore"):
        return float(np.float32(x))


def _variant(state, found_inf, mistake):
    s = dict(state)
    if found_inf:
        if mistake == "divide_by_growth":
            s["scale"] = _f32(state["scale"] / state["growth_factor"])
        elif mistake == "not_float32":
            s["scale"] = state["scale"] * state["backoff_factor"]
        else:
            s["scale"] = _f32(state["scale"] * state["backoff_factor"])
        if mistake != "no_reset_on_inf":
            s["_growth_tracker"] = 0
        return s
    t = state["_growth_tracker"] + 1
    if mistake == "late":
        if state["_growth_tracker"] == state["growth_interval"]:
            s["scale"] = _f32(state["scale"] * state["growth_factor"]); s["_growth_tracker"] = 0
        else:
            s["_growth_tracker"] = t
        return s
    if t == state["growth_interval"]:
        grown = state["scale"] * state["growth_factor"]          # in double, as torch computes it
        if mistake == "no_fp32_guard":
            s["scale"] = grown
        elif mistake == "inf_growth_applied":
            s["scale"] = _f32(grown)
        elif mistake == "overflow_keeps_tracker" and not np.isfinite(_f32(grown)):
            s["_growth_tracker"] = t
            return s
        elif mistake == "guard_in_float64":
            if grown <= FLT_MAX:
                s["scale"] = _f32(grown)
        elif mistake == "not_float32":
            if np.isfinite(_f32(grown)):
                s["scale"] = grown
        elif np.isfinite(_f32(grown)):
            s["scale"] = _f32(grown)
        s["_growth_tracker"] = t if mistake == "no_reset_on_growth" else 0
    else:
        s["_growth_tracker"] = t
    return s


MESSAGES = {
    "not_float32": "the new scale was kept in float64: PyTorch stores the scale in a float32 tensor, so round every "
                   "new scale to float32 with fp32_round, after a back-off as well as after a growth",
    "guard_in_float64": "the growth was tested in float64 (scale * growth_factor <= float32 max) and not applied: "
                        "PyTorch first rounds the grown scale to float32 and keeps it when that is finite; a product "
                        "just above the float32 maximum rounds to the maximum, which becomes the new scale",
    "divide_by_growth": "on inf/nan the scale was divided by growth_factor: multiply it by backoff_factor",
    "no_reset_on_inf": "the growth tracker is not reset to 0 after an inf/nan step",
    "inf_growth_applied": "the scale grew to inf: a growth whose float32 result is inf is not applied (the scale "
                          "stays as it is; the tracker is still reset to 0)",
    "overflow_keeps_tracker": "a growth that overflows float32 is rightly not applied, but the tracker is still reset "
                              "to 0: when tracker + 1 == growth_interval the tracker restarts at 0 whether or not the "
                              "scale could grow",
    "late": "the scale grows one step late: it grows when growth_interval good steps in a row have been counted "
            "(tracker + 1 == growth_interval), then the tracker restarts at 0",
    "no_reset_on_growth": "the growth tracker is not reset to 0 when the scale grows",
    "no_fp32_guard": "the scale grew beyond the float32 range: PyTorch keeps the scale as a float32 tensor and does "
                     "not apply a growth that overflows it (the tracker is still reset)",
}


def _run(student, start, flags, what):
    """Feed the flags through the student's scaler_update; compare every state with the reference and mistakes."""
    s_student, states = dict(start), {m: dict(start) for m in MESSAGES}
    s_ref = dict(start)
    for i, flag in enumerate(flags):
        got = student.scaler_update(s_student, flag)
        if not isinstance(got, dict):
            raise AssertionError(f"scaler_update returned a {type(got).__name__}; return the new state dict")
        expect_equal(sorted(got), KEYS, "the keys of the state returned by scaler_update")
        s_ref = _variant(s_ref, flag, None)
        states = {m: _variant(states[m], flag, m) for m in states}
        where = f"{what}, step {i + 1} (found_inf={flag})"
        for m, st in states.items():
            wrong = (st["scale"], st["_growth_tracker"])
            if (got["scale"], got["_growth_tracker"]) == wrong and wrong != (s_ref["scale"], s_ref["_growth_tracker"]):
                raise AssertionError(f"{where}: {MESSAGES[m]}")
        expect_array(got["scale"], s_ref["scale"], f"{where}: scale", rtol=1e-12, atol=0)
        expect_equal(int(got["_growth_tracker"]), s_ref["_growth_tracker"], f"{where}: _growth_tracker")
        for key in ("growth_factor", "backoff_factor", "growth_interval"):
            expect_equal(got[key], start[key], f"{where}: {key} (the constants are carried over unchanged)")
        s_student = got
        for m in states:    # mistakes are compared one step at a time from the correct state
            states[m] = dict(s_ref)
    return s_student


def _torch_sequence(student, start, sequence, what):
    _run(student, start, [f for f, _, _ in sequence], what)
    s = dict(start)
    for i, (flag, scale, tracker) in enumerate(sequence):
        s = student.scaler_update(s, flag)
        expect_array(s["scale"], scale, f"{what}: scale after step {i + 1} of the torch sequence", rtol=0, atol=0)
        expect_equal(int(s["_growth_tracker"]), tracker,
                     f"{what}: _growth_tracker after step {i + 1} of the torch sequence")


@pytest.mark.points(0.75)
def test_matches_torch_sequence(student, reference):
    _torch_sequence(student, dict(BASE, scale=8.0, growth_factor=3.0, backoff_factor=0.25, growth_interval=3),
                    TORCH_SEQUENCE, "GradScaler(init_scale=8, growth_factor=3, backoff_factor=0.25, growth_interval=3)")
    _torch_sequence(student, dict(BASE, scale=ODD_START, growth_factor=1.7, backoff_factor=0.3, growth_interval=2),
                    ODD_SEQUENCE, "GradScaler(init_scale=0.1, growth_factor=1.7, backoff_factor=0.3, growth_interval=2)")


@pytest.mark.points(0.75)
def test_defaults_grow_after_2000_good_steps(student, reference):
    s = dict(BASE, _growth_tracker=1996)          # 1996 good steps so far: the same state as after 1996 updates
    for i in range(3):
        s = student.scaler_update(s, False)
    expect_array(s["scale"], 65536.0, "scale after 1999 good steps with the defaults (no growth yet)", rtol=0, atol=0,
                 mistakes=[(131072.0, MESSAGES["late"].replace("one step late", "one step early"))])
    expect_equal(int(s["_growth_tracker"]), 1999, "_growth_tracker after 1999 good steps")
    s = student.scaler_update(s, False)
    expect_array(s["scale"], 131072.0, "scale after 2000 good steps with the defaults (2**16 -> 2**17)", rtol=0, atol=0,
                 mistakes=[(65536.0, MESSAGES["late"])])
    expect_equal(int(s["_growth_tracker"]), 0, "_growth_tracker right after the scale grew")
    s = student.scaler_update(s, True)
    expect_array(s["scale"], 65536.0, "scale after an inf step (back-off 0.5)", rtol=0, atol=0)


@pytest.mark.points(0.5)
def test_backoff_and_tracker_reset(student, reference):
    start = dict(BASE, scale=1024.0, growth_factor=4.0, backoff_factor=0.125, growth_interval=4)
    _run(student, start, [False, False, True, False, False, False, False, True, True, False, False, False, False],
         "GradScaler(init_scale=1024, growth_factor=4, backoff_factor=0.125, growth_interval=4)")


@pytest.mark.points(0.25)
def test_growth_that_overflows_float32_is_not_applied(student, reference):
    start = dict(BASE, scale=2.0 ** 126, growth_interval=1)
    _run(student, start, [False, False, False, True, False],
         "GradScaler(init_scale=2**126, growth_interval=1): 2**127 is fine, growing to 2**128 overflows float32")
    _torch_sequence(student, dict(BASE, scale=2.0 ** 127, growth_factor=1.9999999, growth_interval=1), FLT_MAX_SEQUENCE,
                    "GradScaler(init_scale=2**127, growth_factor=1.9999999, growth_interval=1): 2**127 * 1.9999999 "
                    "rounds to the float32 maximum")
    # a scale that does not change comes back as it was given, even when it is not a float32 value
    for state, flag, why in [(dict(BASE, scale=0.1, growth_interval=5), False, "no growth yet"),
                             (dict(BASE, scale=3e38, growth_interval=1), False, "a growth that overflows float32")]:
        got = student.scaler_update(dict(state), flag)
        scale = got.get("scale") if isinstance(got, dict) else got
        expect_array(scale, state["scale"], f"scaler_update({state}, found_inf={flag}) ({why}): scale", rtol=0, atol=0,
                     mistakes=[(_f32(state["scale"]),
                                f"a scale that does not change is returned as it was given (here {state['scale']!r}, "
                                "not its float32 value): round only a new scale with fp32_round")])


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    for flag, tracker in ((False, 3), (False, 1), (True, 2)):
        state = dict(BASE, scale=512.0, growth_interval=2, _growth_tracker=tracker)
        got = student.scaler_update(state, flag)
        expect_unchanged(student.last_call, "`state['scale'] *= ...` then `return state` changes the caller's dict: "
                                            "start from new = dict(state) and return new")
        want = reference.scaler_update(dict(state), flag)
        what = f"scaler_update({state}, found_inf={flag})"
        scale = got.get("scale") if isinstance(got, dict) else None
        kind = np.asarray(scale).dtype if isinstance(scale, (float, np.ndarray)) else type(scale).__name__
        expect_equal(str(kind) if kind != np.float64 else "float", "float",
                     f"{what}: the type of the returned scale (the docstring promises a Python float, like "
                     "GradScaler.state_dict(): fp32_round gives the float32 value as a float; convert with float(...))")
        expect_true(isinstance(scale, float),
                    f"{what}: the returned scale is a {np.ndim(scale)}-d {type(scale).__name__}, not a float: the "
                    "docstring promises a Python float, like GradScaler.state_dict() (fp32_round returns an array; "
                    "a 0-d array is not a float and json.dumps refuses it): convert with float(...)")
        mistakes = []
        if not flag and tracker + 1 > state["growth_interval"]:
            mistakes = [(want["scale"] * state["growth_factor"],
                         f"a tracker already past growth_interval (here {tracker} + 1 > {state['growth_interval']}, "
                         "as after GradScaler.set_growth_interval() lowers the interval) never grows: torch grows only "
                         "when tracker + 1 == growth_interval exactly (test ==, not >=)")]
        elif not flag and tracker + 1 == state["growth_interval"]:
            mistakes = [(state["scale"], MESSAGES["late"])]
        expect_array(got["scale"] if isinstance(got, dict) and "scale" in got else got, want["scale"],
                     f"{what}: scale", rtol=0, atol=0, mistakes=mistakes)


@pytest.mark.points(0.25)
def test_random_sequences(student, reference):
    rng = np.random.default_rng(78)
    for case in range(2):
        start = dict(BASE, scale=float(np.float32(2.0 ** rng.uniform(-5, 30))),
                     growth_factor=float(rng.choice([2.0, rng.uniform(1.01, 4.0)])),
                     backoff_factor=float(rng.choice([0.5, rng.uniform(0.05, 0.95)])),
                     growth_interval=int(rng.integers(1, 4)), _growth_tracker=0)
        flags = [bool(f) for f in rng.random(8) < 0.3]
        _run(student, start, flags, f"random GradScaler state {start} (case {case})")
