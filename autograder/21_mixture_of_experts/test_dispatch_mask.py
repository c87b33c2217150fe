"""Hidden tests of dispatch_mask (mirrors the cumsum capacity mask of transformers'
SwitchTransformersTop1Router.forward, with expert_capacity = ceil(S / N * capacity_factor))."""
import math

import numpy as np
import pytest

from coursekit.expect import (
    Mismatch,
    expect_array,
    expect_dtype,
    expect_equal,
    expect_true,
    expect_unchanged,
    type_name,
)


def _unpack(out, what):
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise Mismatch(f"{what} must return a tuple (mask, capacity)")
    return out


def _mistakes(idx, n, cf):
    one_hot = (idx[..., None] == np.arange(n)).astype(float)
    S = idx.shape[-1]
    cap = math.ceil(S / n * cf)
    pos = np.cumsum(one_hot, axis=-2)
    flat_pos = np.cumsum(one_hot.reshape(-1, n), axis=0).reshape(one_hot.shape)
    rev_pos = np.cumsum(one_hot[:, ::-1], axis=-2)[:, ::-1]
    return [
        (one_hot * (pos < cap), "one token too few is kept per expert: keep tokens whose queue position "
                                "(1-based cumsum) is <= capacity = ceil(S / N * capacity_factor)"),
        (one_hot * (flat_pos <= cap), "the queue runs across groups: count positions within each group "
                                      "(cumsum over the sequence axis, axis=1)"),
        (one_hot * (rev_pos <= cap), "later tokens got priority: earlier tokens in the sequence go first"),
        (one_hot * (pos <= math.ceil(S * idx.shape[0] / n * cf)),
         "the capacity counts all G*S tokens: it is per group, ceil(S / N * capacity_factor)"),
    ]


def check(student, idx, n, cf):
    what = f"dispatch_mask(expert_index of shape {idx.shape}, num_experts={n}, capacity_factor={cf})"
    mask, cap = _unpack(student.dispatch_mask(idx, n, cf), what)
    S = idx.shape[-1]
    want_cap = math.ceil(S / n * cf)
    if cap != want_cap:
        hint = " (round UP: ceil)" if cap == math.floor(S / n * cf) else ""
        raise Mismatch(f"{what}: capacity is {cap!r}, expected ceil({S} / {n} * {cf}) = {want_cap}{hint}")
    one_hot = (idx[..., None] == np.arange(n)).astype(float)
    want = one_hot * (np.cumsum(one_hot, axis=-2) <= want_cap)
    expect_array(mask, want, f"{what}: mask", rtol=0, atol=0, mistakes=_mistakes(idx, n, cf))
    return mask, cap


@pytest.mark.points(0.75)
def test_capacity_and_priority(student, reference):
    idx = np.array([[0, 1, 0, 0, 2, 0, 1, 0], [3, 3, 3, 3, 3, 0, 1, 2]])
    check(student, idx, 4, 1.25)          # capacity ceil(2.5) = 3
    want, cap = reference.dispatch_mask(idx, 4, 1.25)
    mask, _ = _unpack(student.dispatch_mask(idx, 4, 1.25), "dispatch_mask")
    expect_equal(np.asarray(mask).sum(axis=-1).astype(int).tolist(), want.sum(axis=-1).astype(int).tolist(),
                 "which tokens are kept (1) or dropped (0), per group")


@pytest.mark.points(0.75)
def test_random_routing_many_shapes(student, reference):
    rng = np.random.default_rng(10)
    for G, S, n, cf in [(3, 16, 4, 1.0), (2, 10, 4, 1.0), (4, 9, 3, 0.5), (1, 12, 5, 2.0)]:
        p = rng.dirichlet(np.full(n, 0.5))          # skewed routing, so that capacity binds
        idx = rng.choice(n, size=(G, S), p=p)
        check(student, idx, n, cf)


@pytest.mark.points(0.5)
def test_ample_capacity_keeps_everything(student, reference):
    rng = np.random.default_rng(11)
    idx = rng.integers(0, 4, size=(2, 8))
    check(student, idx, 4, 4.0)                     # capacity 8 = S: nothing dropped
    idx = np.zeros((2, 8), dtype=np.int64)          # and a collapsed router in the same test
    check(student, idx, 4, 1.0)


@pytest.mark.points(0.5)
def test_small_capacity_one_expert_and_types(student, reference):
    rng = np.random.default_rng(12)
    check(student, rng.integers(0, 4, size=(2, 8)), 4, 0.1)            # capacity ceil(0.2) = 1
    check(student, np.zeros((3, 5), dtype=np.int64), 1, 1.0)           # one expert takes every token
    mask, cap = check(student, rng.integers(0, 3, size=(2, 7)).astype(np.int32), 3, 1.5)
    expect_true(type(cap) is int, f"dispatch_mask returned the capacity as {type_name(cap)}: the docstring "
                                  "promises a Python int, int(math.ceil(...))")
    expect_dtype(mask, np.float64, "dispatch_mask(int32 expert_index of shape (2, 7), num_experts=3, "
                                   "capacity_factor=1.5): the mask", "0.0 / 1.0, the dtype the layer multiplies with")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.dispatch_mask(np.array([[0, 1, 0, 0, 2, 0, 1, 0]]), 3, 1.0)
    expect_unchanged(student.last_call, "build the one-hot and the mask as new arrays; never write into expert_index")


@pytest.mark.points(0.25)
def test_random_routing(student, reference):
    rng = np.random.default_rng(13)
    done = 0
    while done < 3:
        G, S, n = int(rng.integers(1, 5)), int(rng.integers(1, 20)), int(rng.integers(1, 7))
        cf = float(rng.choice([0.25, 0.5, 1.0, 1.25, 2.0, 3.0]))
        if math.ceil(S / n * cf) != math.ceil(S * cf / n):
            continue                                   # floating-point ties of the ceil: not a fair test
        p = rng.dirichlet(np.full(n, 0.5))
        check(student, rng.choice(n, size=(G, S), p=p), n, cf)
        done += 1
