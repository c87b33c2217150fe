"""Hidden tests of switch_layer (mirrors transformers' SwitchTransformersSparseMLP plus the
residual of SwitchTransformersLayerFF, without its layer norm and dropout).

Graded on its own: all tests but one answer the student's calls of top1_router and dispatch_mask with the
reference, so a wrong helper costs its own points; test_with_your_router_and_mask checks them together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_new, expect_unchanged

HELPERS = ("top1_router", "dispatch_mask")

RTOL, ATOL = 1e-10, 1e-12


def _weights(seed, G, S, d, f, N, skew=0.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(G, S, d))
    w_r = rng.normal(size=(d, N))
    w_r[:, 0] += skew * x.mean(axis=(0, 1)) / (np.linalg.norm(x.mean(axis=(0, 1))) ** 2 + 1e-12)
    return x, w_r, rng.normal(scale=0.5, size=(N, d, f)), rng.normal(scale=0.5, size=(N, f, d))


def _mistakes(x, w_r, w_in, w_out, cf, reference):
    probs, idx, gate = reference.top1_router(x @ w_r)
    mask, _ = reference.dispatch_mask(idx, w_r.shape[1], cf)
    full = np.ones_like(mask) * (idx[..., None] == np.arange(w_r.shape[1]))
    def layer(m, g, residual=True, expert=lambda v, i: np.maximum(v @ w_in[i], 0) @ w_out[i]):
        out = np.zeros_like(x)
        for i in range(w_r.shape[1]):
            sel = m[..., i] > 0
            out[sel] = g[sel][:, None] * expert(x[sel], i)
        return x + out if residual else out
    kept = mask.sum(-1, keepdims=True)                                    # (G, S, 1): 0 for dropped tokens
    return [
        (layer(mask, gate, expert=lambda v, i: v @ w_in[i] @ w_out[i]),
         "the expert has no ReLU: it is relu(x @ w_in[e]) @ w_out[e]"),
        (layer(mask, gate, expert=lambda v, i: np.maximum(v @ w_in[i] @ w_out[i], 0)),
         "the ReLU is applied after w_out: the expert is relu(x @ w_in[e]) @ w_out[e], the ReLU between the two"),
        (layer(mask, gate) * kept, "tokens dropped by the capacity limit come out as zeros: they must pass through "
                                   "unchanged (x), the residual is added for every token"),
        (layer(mask, np.ones_like(gate)), "the expert output is not multiplied by the gate (the router "
                                          "probability of the chosen expert): without it the router gets no gradient"),
        (layer(mask, gate, residual=False), "the residual is missing: return x + gate * expert(x), and x itself "
                                            "for dropped tokens"),
        (layer(full, gate), "no token is dropped: apply the capacity mask from dispatch_mask"),
    ] + ([] if cf == 1.0 else [
        (layer(reference.dispatch_mask(idx, w_r.shape[1], 1.0)[0], gate),
         f"the capacity uses capacity_factor=1.0: pass the capacity_factor you are given ({cf}) on to dispatch_mask")
    ]) + ([] if x.shape[0] == 1 else [
        (layer(reference.dispatch_mask(idx.reshape(1, -1), w_r.shape[1], cf)[0].reshape(mask.shape), gate),
         "all G*S tokens were routed as ONE group: capacity and queue positions are per group, "
         "dispatch_mask(expert_index of shape (G, S), ...) on the (G, S) indices")
    ])


@pytest.mark.points(0.5)
def test_matches_reference(student, reference):
    for seed, (G, S, d, f, N), cf in [(20, (2, 8, 6, 12, 4), 1.0), (21, (3, 5, 4, 8, 3), 1.5)]:
        x, w_r, w_in, w_out = _weights(seed, G, S, d, f, N)
        expect_array(student.with_reference(*HELPERS).switch_layer(x, w_r, w_in, w_out, cf), reference.switch_layer(x, w_r, w_in, w_out, cf),
                     f"switch_layer(x of shape {(G, S, d)}, {N} experts, capacity_factor={cf})",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, w_r, w_in, w_out, cf, reference))


@pytest.mark.points(0.5)
def test_dropped_tokens_pass_through(student, reference):
    x, w_r, w_in, w_out = _weights(22, 2, 12, 5, 10, 4, skew=6.0)   # a skewed router: many drops
    expect_array(student.with_reference(*HELPERS).switch_layer(x, w_r, w_in, w_out, 1.0), reference.switch_layer(x, w_r, w_in, w_out, 1.0),
                 "switch_layer with a router that sends most tokens to expert 0 (capacity_factor=1.0)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, w_r, w_in, w_out, 1.0, reference))


def _run(code, reference, x, w_r, w_in, w_out, cf, what):
    args = (x, w_r, w_in, w_out) + ((cf,) if cf is not None else ())
    want = reference.switch_layer(*args)
    return expect_array(code.switch_layer(*args), want, what, rtol=RTOL, atol=ATOL,
                        mistakes=_mistakes(x, w_r, w_in, w_out, 1.0 if cf is None else cf, reference))


@pytest.mark.points(0.25)
def test_one_expert_default_capacity_and_dtype(student, reference):
    code = student.with_reference(*HELPERS)
    x, w_r, w_in, w_out = _weights(23, 2, 6, 4, 3, 1)
    _run(code, reference, x, w_r, w_in, w_out, 1.0, "switch_layer with N=1 expert (capacity S: every token kept, gate 1)")
    x, w_r, w_in, w_out = _weights(24, 2, 8, 5, 7, 4, skew=3.0)
    _run(code, reference, x, w_r, w_in, w_out, None, "switch_layer(x, w_router, w_in, w_out) with the default "
                                                     "capacity_factor=1.0")
    got = code.switch_layer(x.astype(np.float32), w_r, w_in, w_out, 1.0)
    expect_dtype(got, np.float64, "switch_layer of a float32 x", "np.asarray(x, dtype=np.float64) first")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    x, w_r, w_in, w_out = _weights(25, 2, 6, 4, 5, 3)
    code = student.with_reference(*HELPERS)
    code.switch_layer(x, w_r, w_in, w_out, 1.0)
    expect_unchanged(student.last_call, "return x + out as a new array (never x += out or x[sel] = ...)")
    empty = np.zeros((2, 0, 4))                     # S = 0: nothing to route, still a new array
    got = code.switch_layer(empty, w_r, w_in, w_out, 1.0)
    expect_new(student.last_call, "return a new float64 array even when there are no tokens (S = 0): "
                                  "x + out, or x.copy(), never x itself or np.asarray(x)")
    expect_array(got, empty, "switch_layer(x of shape (2, 0, 4)) (no tokens)", rtol=0, atol=0)


@pytest.mark.points(0.25)
def test_random_layers(student, reference):
    rng = np.random.default_rng(26)
    code = student.with_reference(*HELPERS)
    for _ in range(2):
        G, S, d, f, N = (int(n) for n in rng.integers(1, 7, size=5))
        cf = float(rng.choice([0.5, 1.0, 2.0]))
        x, w_r, w_in, w_out = _weights(int(rng.integers(1 << 30)), G, S, d, f, N, skew=float(rng.choice([0.0, 4.0])))
        _run(code, reference, x, w_r, w_in, w_out, cf,
             f"switch_layer(x of shape {(G, S, d)}, f={f}, {N} experts, capacity_factor={cf}) (random draw)")


@pytest.mark.points(0.25)
def test_with_your_router_and_mask(student, reference):
    x, w_r, w_in, w_out = _weights(27, 2, 10, 5, 8, 4, skew=4.0)
    _run(student, reference, x, w_r, w_in, w_out, 1.0, "switch_layer with your own top1_router and dispatch_mask (if "
                                                       "their own tests fail, fix them first)")
