"""Hidden tests of merge_lora (mirrors peft's merge(): W + (lora_B.weight @ lora_A.weight) * scaling)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_float64_if_float, expect_new, expect_unchanged

RTOL, ATOL = 1e-12, 1e-12


def _mistakes(W, A, B, alpha, use_rslora):
    r = A.shape[0]
    s = alpha / np.sqrt(r) if use_rslora else alpha / r
    out = [
        (W + B @ A, "the update is not scaled: W + (alpha / r) * B @ A"),
        (W + alpha * (B @ A), "the update is scaled by alpha: scale it by alpha / r"),
        (s * (B @ A), "W is missing: the merged weight is W + scaling * B @ A"),
    ]
    if W.shape[0] == W.shape[1]:
        out.append((W + s * (A.T @ B.T), "the update is transposed: W has the torch layout (d_out, d_in), "
                                          "so the update is B @ A (d_out x r times r x d_in)"))
    if use_rslora:
        out.append((W + alpha / r * (B @ A), "use_rslora is ignored: with use_rslora=True the scaling is alpha / sqrt(r)"))
    return out


@pytest.mark.points(0.5)
def test_matches_peft_merge(student, reference):
    rng = np.random.default_rng(230)
    W, A, B = rng.normal(size=(6, 10)), rng.normal(size=(3, 10)), rng.normal(size=(6, 3))
    want = reference.merge_lora(W, A, B, 16.0)
    expect_array(student.merge_lora(W, A, B, 16.0), want, "merge_lora(W, A, B, alpha=16) with W (6, 10), r = 3",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(W, A, B, 16.0, False))


@pytest.mark.points(0.5)
def test_square_weights_and_rslora(student, reference):
    rng = np.random.default_rng(231)
    for d, r, alpha, rs in [(8, 2, 4.0, False), (8, 4, 8.0, True), (5, 5, 1.0, False)]:
        W, A, B = rng.normal(size=(d, d)), rng.normal(size=(r, d)), rng.normal(size=(d, r))
        want = reference.merge_lora(W, A, B, alpha, rs)
        expect_array(student.merge_lora(W, A, B, alpha, rs), want,
                     f"merge_lora(W, A, B, alpha={alpha:g}, use_rslora={rs}) with square W ({d}, {d}), r = {r}",
                     rtol=RTOL, atol=ATOL, mistakes=_mistakes(W, A, B, alpha, rs))


@pytest.mark.points(0.5)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(232)
    W, A, B = rng.normal(size=(5, 7)), rng.normal(size=(2, 7)), rng.normal(size=(5, 2))
    got = student.merge_lora(W, A, B, 4.0)
    expect_unchanged(student.last_call, "`W += scaling * B @ A` merges into the caller's weight (peft does that to "
                                        "its own layer; here merge_lora is pure): return W + scaling * B @ A, a new "
                                        "array")
    expect_array(got, reference.merge_lora(W, A, B, 4.0), "merge_lora(W (5, 7), A, B, alpha=4)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(W, A, B, 4.0, False))
    student.merge_lora(W, A, np.zeros_like(B), 4.0)
    expect_new(student.last_call, "with B all zeros (peft's initialisation) too, return a new array, as the "
                                  "docstring says: W + scaling * (B @ A), not W itself (np.asarray of a float64 W is W)")
    student.merge_lora(W, A, B, 0.0)
    expect_new(student.last_call, "with alpha = 0 (a zero scaling) too, return a new array, as the docstring says: "
                                  "W + 0 * (B @ A), not W itself (np.asarray of a float64 W is W)")


@pytest.mark.points(0.25)
def test_float32_weights_and_default_rslora(student, reference):
    rng = np.random.default_rng(233)
    W, A, B = (rng.normal(size=s).astype(np.float32) for s in [(4, 6), (3, 6), (4, 3)])
    got = student.merge_lora(W, A, B, 6.0)
    expect_float64_if_float(got, "merge_lora with float32 W, A, B", "np.asarray(W, dtype=np.float64), and the same for A and B")
    in_float32 = W.astype(np.float64) + 6.0 / 3 * (B @ A).astype(np.float64)
    expect_array(got, reference.merge_lora(W, A, B, 6.0), "merge_lora(float32 W (4, 6), A, B, alpha=6) with the default "
                 "use_rslora=False", rtol=1e-9, atol=1e-12,
                 mistakes=[(in_float32, "B @ A is computed in float32 and converted afterwards: convert A and B to "
                                        "float64 first (the docstring: computed in float64)")]
                 + _mistakes(W.astype(float), A.astype(float), B.astype(float), 6.0, False))
    zero_B = np.zeros((4, 3), dtype=np.float32)
    got = student.merge_lora(W, A, zero_B, 6.0)
    expect_float64_if_float(got, "merge_lora(float32 W, A, B = 0) (peft's initialisation)",
                   "with B = 0 the result is still a new float64 array: do not return W itself when the update is zero")
    expect_array(got, W.astype(np.float64), "merge_lora(float32 W, A, B = 0): the merged weight is W, as float64",
                 rtol=0, atol=0)


@pytest.mark.points(0.25)
def test_random_weights(student, reference):
    rng = np.random.default_rng(234)
    for case in range(4):
        d_out, d_in, r = (int(n) for n in rng.integers(1, 12, size=3))
        W, A, B = rng.normal(size=(d_out, d_in)), rng.normal(size=(r, d_in)), rng.normal(size=(d_out, r))
        alpha, rs = float(rng.uniform(0.5, 64)), bool(case % 2)
        expect_array(student.merge_lora(W, A, B, alpha, rs), reference.merge_lora(W, A, B, alpha, rs),
                     f"merge_lora(random W ({d_out}, {d_in}), r = {r}, alpha={alpha:.3g}, use_rslora={rs}) "
                     f"(case {case})", rtol=RTOL, atol=1e-10, mistakes=_mistakes(W, A, B, alpha, rs))
