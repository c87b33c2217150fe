"""Hidden tests of lora_forward (mirrors peft's lora.Linear.forward without dropout:
base_layer(x) + lora_B(lora_A(x)) * scaling, scaling = lora_alpha / r or lora_alpha / sqrt(r) with use_rslora)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_float64_if_float, expect_unchanged

RTOL, ATOL = 1e-10, 1e-12


def _layer(rng, d_in, d_out, r):
    return (rng.normal(size=(d_out, d_in)), rng.normal(size=d_out), rng.normal(size=(r, d_in)),
            rng.normal(size=(d_out, r)))


def _mistakes(x, W, b, A, B, alpha, use_rslora):
    r = A.shape[0]
    base = x @ W.T + b
    upd = (x @ A.T) @ B.T
    right = alpha / np.sqrt(r) if use_rslora else alpha / r
    out = [
        (base + alpha * upd, "the update is scaled by alpha: scale it by alpha / r (peft's scaling)"),
        (base + upd, "the update is not scaled: multiply x A^T B^T by alpha / r"),
        (base + (r / alpha) * upd, "the update is scaled by r / alpha: the scaling is alpha / r"),
        (x @ W.T + right * upd, "the bias b of the frozen layer is missing"),
        (base, "the LoRA update is missing: add scaling * (x A^T) B^T to the frozen layer's output"),
    ]
    if use_rslora:
        out += [(base + alpha / r * upd, "use_rslora is ignored: with use_rslora=True the scaling is alpha / sqrt(r)"),
                (base + alpha * np.sqrt(r) * upd, "with use_rslora the scaling is alpha / sqrt(r), not alpha * sqrt(r)")]
    else:
        out.append((base + alpha / np.sqrt(r) * upd, "alpha / sqrt(r) is rank-stabilised LoRA: with "
                                                      "use_rslora=False the scaling is alpha / r"))
    for wrong, axis in [(A.shape[1], "A.shape[1] (d_in)"), (B.shape[0], "B.shape[0] (d_out)")]:
        if wrong != r:
            out.append((base + (alpha / np.sqrt(wrong) if use_rslora else alpha / wrong) * upd,
                        f"the rank is taken from {axis}: r is A.shape[0] (A is (r, d_in), B is (d_out, r))"))
    if W.shape[0] == W.shape[1]:
        out += [(x @ W + b + right * upd, "W is multiplied untransposed (x @ W): W is (d_out, d_in), torch's layout, "
                                          "so the frozen layer is x @ W.T + b"),
                (base + right * (x @ (B @ A)), "the update is transposed (x @ (B @ A)): it is "
                                                "(x @ A.T) @ B.T = x @ (B @ A).T")]
    floor = alpha // np.sqrt(r) if use_rslora else alpha // r
    if floor != right:
        out.append((base + floor * upd, "the scaling is computed with floor division (//), which drops its "
                                        "fraction: use alpha / r (true division)"))
    return [(v, m) for v, m in out if r != 1 or "sqrt" not in m]


@pytest.mark.points(0.75)
def test_matches_peft_linear(student, reference):
    rng = np.random.default_rng(220)
    x = rng.normal(size=(4, 10))
    W, b, A, B = _layer(rng, 10, 6, 3)
    Wsq, bsq, Asq, Bsq = _layer(rng, 10, 10, 3)      # a square layer (d_in = d_out), as BERT's query and value
    want = reference.lora_forward(x, Wsq, bsq, Asq, Bsq, 16.0)
    expect_array(student.lora_forward(x, Wsq, bsq, Asq, Bsq, 16.0), want,
                 "lora_forward(x, W, b, A, B, alpha=16) with x (4, 10), a square W (10, 10), r = 3",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, Wsq, bsq, Asq, Bsq, 16.0, False))
    want = reference.lora_forward(x, W, b, A, B, 16.0)
    expect_array(student.lora_forward(x, W, b, A, B, 16.0), want,
                 "lora_forward(x, W, b, A, B, alpha=16) with x (4, 10), W (6, 10), r = 3",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, W, b, A, B, 16.0, False))


@pytest.mark.points(0.75)
def test_rslora_and_other_ranks(student, reference):
    rng = np.random.default_rng(221)
    x = rng.normal(size=(5, 8))
    for r, alpha, rs in [(4, 8.0, True), (1, 2.0, False), (16, 32.0, True), (6, 3.0, False)]:
        W, b, A, B = _layer(rng, 8, 7, r)
        want = reference.lora_forward(x, W, b, A, B, alpha, rs)
        expect_array(student.lora_forward(x, W, b, A, B, alpha, rs), want,
                     f"lora_forward(x, W, b, A, B, alpha={alpha:g}, use_rslora={rs}) with r = {r}",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, W, b, A, B, alpha, rs))


@pytest.mark.points(0.5)
def test_batch_axes_and_zero_B(student, reference):
    rng = np.random.default_rng(222)
    x = rng.normal(size=(2, 3, 9))
    W, b, A, B = _layer(rng, 9, 4, 2)
    want = reference.lora_forward(x, W, b, A, B, 4.0)
    try:
        got = student.lora_forward(x, W, b, A, B, 4.0)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise AssertionError(f"lora_forward with x of shape (2, 3, 9): {exc}: x may have any number of leading axes "
                             "(..., d_in): use @ (x @ W.T), which works on the last axis whatever comes before "
                             "it") from None
    expect_array(got, want,
                 "lora_forward with x of shape (2, 3, 9) (batch, seq, d_in)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(x, W, b, A, B, 4.0, False))
    zero = np.zeros_like(B)
    expect_array(student.lora_forward(x, W, b, A, zero, 4.0), x @ W.T + b,
                 "lora_forward with B = 0 (peft's initialisation): the frozen layer's output", rtol=RTOL, atol=ATOL)


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(223)
    x = rng.normal(size=(3, 5))
    W, b, A, B = _layer(rng, 5, 4, 2)
    got = student.lora_forward(x, W, b, A, B, 8.0)
    expect_unchanged(student.last_call, "`W += scaling * B @ A` merges the update into the caller's frozen weight "
                                        "(every later call would add it again): compute x @ W.T + b + scaling * "
                                        "(x @ A.T) @ B.T without touching W")
    expect_array(got, reference.lora_forward(x, W, b, A, B, 8.0), "lora_forward(x (3, 5), W (4, 5), r = 2, alpha=8)",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(x, W, b, A, B, 8.0, False))


@pytest.mark.points(0.25)
def test_one_vector_empty_batch_and_float32(student, reference):
    rng = np.random.default_rng(224)
    layer = _layer(rng, 6, 3, 2)
    layer32 = tuple(p.astype(np.float32) for p in layer)
    x32 = rng.normal(size=(2, 6)).astype(np.float32)
    for x, (W, b, A, B), what in [
            (rng.normal(size=6), layer, "lora_forward of one input vector x of shape (6,)"),
            (np.zeros((0, 6)), layer, "lora_forward of an empty batch (x of shape (0, 6))"),
            (x32, layer, "lora_forward with float32 x"),
            (x32, layer32, "lora_forward with x, W, b, A and B all float32 (a layer loaded in float32)")]:
        got = student.lora_forward(x, W, b, A, B, 4.0)
        expect_float64_if_float(got, what, "np.asarray(x, dtype=np.float64)")
        expect_array(got, reference.lora_forward(x, W, b, A, B, 4.0), what, rtol=1e-9, atol=1e-12,
                     mistakes=_mistakes(np.asarray(x, dtype=float), *(np.asarray(p, dtype=float) for p in (W, b, A, B)),
                                        4.0, False))


@pytest.mark.points(0.25)
def test_random_layers(student, reference):
    rng = np.random.default_rng(225)
    for case in range(4):
        lead = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(1, 3))))
        d_in, d_out, r = (int(n) for n in rng.integers(1, 12, size=3))
        x = rng.normal(size=lead + (d_in,))
        W, b, A, B = _layer(rng, d_in, d_out, r)
        alpha, rs = float(rng.uniform(0.5, 64)), bool(case % 2)
        expect_array(student.lora_forward(x, W, b, A, B, alpha, rs), reference.lora_forward(x, W, b, A, B, alpha, rs),
                     f"lora_forward(random x {x.shape}, W ({d_out}, {d_in}), r = {r}, alpha={alpha:.3g}, "
                     f"use_rslora={rs}) (case {case})", rtol=RTOL, atol=1e-10,
                     mistakes=_mistakes(x, W, b, A, B, alpha, rs))
