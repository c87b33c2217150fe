"""Hidden tests of top1_router (mirrors the softmax / argmax / max of transformers'
SwitchTransformersTop1Router.forward)."""
import numpy as np
import pytest

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_float64_accuracy,
    expect_unchanged,
)

RTOL, ATOL = 1e-12, 1e-14


def _unpack(out, what):
    if not (isinstance(out, (tuple, list)) and len(out) == 3):
        raise Mismatch(f"{what} must return a tuple (probs, expert_index, gate)")
    return out


@pytest.mark.points(0.5)
def test_probs_index_gate(student, reference):
    rng = np.random.default_rng(0)
    for shape in [(2, 5, 4), (1, 7, 8), (3, 3, 3)]:   # (3, 3, 3): a wrong softmax axis keeps the shape
        logits = rng.normal(scale=2.0, size=shape)
        what = f"top1_router(logits of shape {shape})"
        probs, idx, gate = _unpack(student.top1_router(logits), what)
        want_p, want_i, want_g = reference.top1_router(logits)
        wrong_axis = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        expect_array(probs, want_p, f"{what}: probs", rtol=RTOL, atol=ATOL,
                     mistakes=[(wrong_axis, "the softmax is taken over the token axis: normalise over the "
                                            "experts (the last axis)")])
        expect_equal(np.asarray(idx), want_i, f"{what}: expert_index")
        expect_array(gate, want_g, f"{what}: gate", rtol=RTOL, atol=ATOL,
                     mistakes=[(logits.max(-1), "gate is the PROBABILITY of the chosen expert, not its logit")])


@pytest.mark.points(0.5)
def test_stable_and_ties(student, reference):
    logits = np.array([[[800.0, -800.0, 0.0], [1.0, 1.0, 0.0], [0.0, 2.0, 2.0]]])
    what = "top1_router([[[800, -800, 0], [1, 1, 0], [0, 2, 2]]])"
    probs, idx, gate = _unpack(student.top1_router(logits), what)
    want_p, want_i, want_g = reference.top1_router(logits)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = np.exp(logits)
        unshifted = e / e.sum(-1, keepdims=True)                        # 800 overflows: inf / inf
        e = np.exp(logits - logits.max())
        global_shift = e / e.sum(-1, keepdims=True)                     # rows far below 800 underflow: 0 / 0
    expect_array(probs, want_p, f"{what}: probs", rtol=RTOL, atol=ATOL,
                 mistakes=[(unshifted, "exp(800) overflows: subtract each token's largest logit before exp "
                                       "(z - z.max(axis=-1, keepdims=True))"),
                           (global_shift, "the logits were shifted by the largest logit of the whole array, so a "
                                          "token far below it underflows to 0 / 0: subtract each token's own maximum, "
                                          "per token (z.max(axis=-1, keepdims=True))")])
    expect_equal(np.asarray(idx), want_i, f"{what}: expert_index (ties go to the lowest index, as argmax)")
    expect_array(gate, want_g, f"{what}: gate", rtol=RTOL, atol=ATOL)


def _check(student, reference, logits, what):
    probs, idx, gate = _unpack(student.top1_router(logits), what)
    want_p, want_i, want_g = reference.top1_router(logits)
    expect_array(probs, want_p, f"{what}: probs", rtol=RTOL, atol=ATOL)
    expect_equal(np.asarray(idx), want_i, f"{what}: expert_index")
    expect_array(gate, want_g, f"{what}: gate", rtol=RTOL, atol=ATOL)
    return probs, idx, gate


@pytest.mark.points(0.5)
def test_one_expert_no_tokens_and_dtypes(student, reference):
    rng = np.random.default_rng(1)
    _check(student, reference, rng.normal(size=(2, 3, 1)), "top1_router with N=1 expert (probability 1, index 0)")
    _check(student, reference, np.zeros((2, 0, 4)), "top1_router with S=0 tokens (empty arrays of shapes (2, 0, 4) "
                                                    "and (2, 0))")
    logits32 = rng.normal(size=(2, 4, 3)).astype(np.float32)
    probs, idx, gate = _unpack(student.top1_router(logits32), "top1_router of float32 logits")
    for name, value, dtype in (("probs", probs, np.float64), ("expert_index", idx, np.int64), ("gate", gate, np.float64)):
        expect_dtype(value, dtype, f"top1_router(float32 logits): {name}")
    want_p = reference.top1_router(logits32)[0]
    expect_float64_accuracy(probs, want_p, "top1_router of float32 logits: probs", "convert the logits to float64 "
                            "(np.asarray(router_logits, dtype=np.float64)) BEFORE the softmax, not after", rtol=RTOL,
                            atol=ATOL, float32_atol=1e-7)
    _check(student, reference, logits32, "top1_router of float32 logits")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.top1_router(np.random.default_rng(2).normal(scale=3.0, size=(2, 4, 3)))
    expect_unchanged(student.last_call, "subtract the maximum into a new array (z = z - z.max(...), never "
                                        "router_logits -= ...)")


@pytest.mark.points(0.25)
def test_random_logits(student, reference):
    rng = np.random.default_rng(3)
    for _ in range(3):
        shape = tuple(int(n) for n in rng.integers(1, 7, size=3))
        logits = rng.normal(scale=float(rng.choice([0.1, 3.0, 300.0])), size=shape)
        _check(student, reference, logits, f"top1_router(logits of shape {shape}) (random draw)")
