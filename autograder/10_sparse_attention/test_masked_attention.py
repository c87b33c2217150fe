"""Hidden tests of masked_attention (mirrors torch.nn.functional.scaled_dot_product_attention with a
boolean attn_mask, True = may attend, fully masked rows giving 0)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import (
    expect_array,
    expect_float64_if_float,
    expect_no_warnings,
    expect_true,
    expect_unchanged,
)

RTOL, ATOL = 1e-9, 1e-11


def _softmax(s):
    s = s - s.max(-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(-1, keepdims=True)


def _call(student, q, k, v, mask):
    """The student's output; a failure on a mask that only broadcasts to the scores' shape names it."""
    try:
        return student.masked_attention(q, k, v, mask)
    except StudentCodeError as exc:
        shape = np.broadcast_shapes(np.shape(q)[:-1] + np.shape(k)[-2:-1], np.shape(mask))
        hints = []
        if np.ndim(k) != 3 and ("axes don't match" in str(exc) or "matmul" in str(exc)):
            hints.append(f"k has {np.ndim(k)} axes: k.T and k.transpose(0, 2, 1) only transpose keys of 2 and 3 "
                         "axes; swap the last two axes for any number of leading axes: np.swapaxes(k, -1, -2)")
        if np.shape(mask) != shape:
            hints.append(f"the mask only broadcasts to the scores' shape {shape}: broadcast it first "
                         "(np.broadcast_to(mask, scores.shape)) before indexing with it or with mask.any(-1)")
        if exc.kind != "error" or not hints:
            raise
        raise AssertionError(f"masked_attention(q {np.shape(q)}, k {np.shape(k)}, v {np.shape(v)}, mask "
                             f"{np.shape(mask)}): {exc}: " + "; or ".join(hints)) from None


def _masked(s, m, v):
    """softmax over the allowed keys (fully masked rows 0) times v."""
    top = np.where(m, s, -np.inf).max(-1, keepdims=True, initial=-np.inf)
    e = np.where(m, np.exp(np.where(m, s, 0.0) - np.where(np.isfinite(top), top, 0.0)), 0.0)
    total = e.sum(-1, keepdims=True)
    return e / np.where(total > 0, total, 1.0) @ v


def _mistakes(q, k, v, mask):
    d = q.shape[-1]
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    m = np.broadcast_to(mask, s.shape)
    out = []
    with np.errstate(all="ignore"):
        if v.shape[-1] != d:
            out.append((_masked(s * np.sqrt(d) / np.sqrt(v.shape[-1]), m, v),
                        "scale by 1 / sqrt(d), d the last axis of q and k, not 1 / sqrt(d_v), the last axis of v"))
        if q.shape[-2] not in (d, 0):
            out.append((_masked(s * np.sqrt(d) / np.sqrt(q.shape[-2]), m, v),
                        "scale by 1 / sqrt(d), d = q.shape[-1] (the head dimension), not by the number of "
                        "queries q.shape[-2]"))
        out.append((_softmax(np.where(m, s * np.sqrt(d), -np.inf)) @ v,
                    "scale the scores by 1 / sqrt(d), d the size of the last axis of q"))
        out.append((_softmax(s) @ v, "the mask is ignored: masked positions must get probability 0"))
        p = _softmax(s) * m
        out.append((p @ v, "masking after the softmax leaves rows that do not sum to 1: apply the mask before "
                           "the softmax (masked scores -> -inf)"))
        out.append((_softmax(np.where(m, -np.inf, s)) @ v, "the mask is inverted: True means 'may attend'"))
        out.append((_softmax(np.where(m, s, np.finfo(np.float64).min)) @ v,
                    "a fully masked row must give an output of 0 (as torch's scaled_dot_product_attention), "
                    "not the average of all values that an additive large negative mask produces"))
        s_t = np.swapaxes(np.where(m, s, -np.inf), -1, -2)
        out.append((np.swapaxes(_softmax(s_t), -1, -2) @ v, "normalise over the keys (the last axis), not the queries"))
        e = np.where(m, np.exp(s - s.max(-1, keepdims=True)), 0.0)          # shifted by the max over ALL keys
        total = e.sum(-1, keepdims=True)
        out.append((e / np.where(total > 0, total, 1.0) @ v,
                    "the softmax is shifted by the maximum over ALL keys, masked ones included: when a masked score "
                    "is far above the allowed ones, the allowed exps underflow to 0 and the row comes out 0; "
                    "subtract the maximum over the ALLOWED keys (set the masked scores to -inf first)"))
        out.append((np.where(m.any(-1)[..., None], _softmax(s + np.where(m, 0.0, -10000.0)) @ v, 0.0),
                    "an additive mask of -10000 (BERT's extended attention mask) still lets a masked key whose "
                    "score is more than ~10000 above the allowed ones win: a masked key must get probability "
                    "exactly 0 (set the masked scores to -inf, or zero their exps)"))
        out.append((np.where(m.any(-1)[..., None], _softmax(np.where(m, s, -1e9)) @ v, 0.0),
                    "the masked scores are set to a finite -1e9 (masked_fill(mask == 0, -1e9), as in the Annotated "
                    "Transformer): when the allowed scores are even lower (here about -1e12) the masked keys win; a "
                    "masked key must get probability exactly 0 (set the masked scores to -inf, or zero their exps)"))
    return out


@pytest.mark.points(0.5)
def test_all_true_mask_is_dense(student, reference):
    rng = np.random.default_rng(200)
    q, k, v = rng.normal(size=(3, 6, 5))
    mask = np.ones((6, 6), dtype=bool)
    expect_array(_call(student, q, k, v, mask), reference.masked_attention(q, k, v, mask),
                 "masked_attention(q, k, v, all-True mask) with q, k, v of shape (6, 5)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(q, k, v, mask))


@pytest.mark.points(0.75)
def test_batched_heads_with_longformer_mask(student, reference):
    rng = np.random.default_rng(201)
    q = rng.normal(size=(2, 3, 10, 4)); k = rng.normal(size=(2, 3, 12, 4)); v = rng.normal(size=(2, 3, 12, 6))
    pos_q, pos_k = np.arange(10), np.arange(12)
    mask = (np.abs(pos_q[:, None] - pos_k[None, :]) <= 2) | (pos_k[None, :] == 0) | (pos_q[:, None] == 0)
    expect_array(_call(student, q, k, v, mask), reference.masked_attention(q, k, v, mask),
                 "masked_attention with q (2, 3, 10, 4), k (2, 3, 12, 4), v (2, 3, 12, 6) and a (10, 12) window mask",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(q, k, v, mask))


@pytest.mark.points(0.75)
def test_fully_masked_rows_give_zero(student, reference):
    rng = np.random.default_rng(202)
    q, k, v = rng.normal(size=(3, 2, 7, 4))
    mask = rng.random((2, 7, 7)) < 0.5
    mask[0, 3] = False
    mask[1, 0] = False
    mask[1, 6] = False
    got = _call(student, q, k, v, mask)
    expect_true(np.all(np.isfinite(np.asarray(got, dtype=float))),
                "masked_attention with fully masked rows returned nan or inf: a row with no allowed key must give "
                "an output of 0 (do not divide 0 by 0)")
    expect_array(got, reference.masked_attention(q, k, v, mask),
                 "masked_attention with a (2, 7, 7) random mask whose rows [0, 3], [1, 0], [1, 6] are fully masked",
                 rtol=RTOL, atol=ATOL, mistakes=_mistakes(q, k, v, mask))
    expect_no_warnings(student.last_call, "a fully masked row must be handled explicitly (section 3: no nan, no "
                                          "warning): computing 0 / 0 or -inf - (-inf) and cleaning up afterwards "
                                          "(np.nan_to_num) is not; e.g. take the maximum over the allowed keys with "
                                          "np.where(mask, s, -np.inf).max(...), replace a row maximum of -inf by 0, "
                                          "and divide by np.maximum(row sum, tiny) where the sum is 0")


@pytest.mark.points(0.75)
def test_stable_for_large_scores(student, reference):
    rng = np.random.default_rng(203)
    q, k, v = rng.normal(size=(3, 8, 4))
    q = 400.0 * q
    mask = np.tril(np.ones((8, 8), dtype=bool))
    expect_array(_call(student, q, k, v, mask), reference.masked_attention(q, k, v, mask),
                 "masked_attention(400 * q, k, v, causal mask): scores of size ~1e3", rtol=1e-8, atol=1e-10,
                 mistakes=_mistakes(q, k, v, mask))
    # masked scores far ABOVE the allowed ones (row 0: by ~21000; row 1: by ~1.4; row 2: below them)
    q1 = np.array([[30000.0, 1.0], [3.0, 1.0], [-5.0, 2.0]])
    k1 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, -1.0], [0.0, 0.5]])
    v1 = np.array([[10.0, -4.0], [1.0, 2.0], [-3.0, 0.5], [2.0, 7.0]])
    m1 = np.array([[False, True, True, True], [False, True, True, True], [False, True, True, False]])
    expect_array(_call(student, q1, k1, v1, m1), reference.masked_attention(q1, k1, v1, m1),
                 "masked_attention(q=[[30000, 1], [3, 1], [-5, 2]], k=[[1, 0], [0, 1], [0, -1], [0, 0.5]], v (4, 2), "
                 "key 0 masked in every row): the masked key's score is ~21000 in row 0, far above the allowed ones, "
                 "and must still get probability 0", rtol=1e-9, atol=1e-11, mistakes=_mistakes(q1, k1, v1, m1))
    # allowed scores far BELOW any finite fill value (about -1.4e12; keys 2 and 3, masked, score about 0)
    q2 = np.array([[-2e6, 3.0], [-2e6, -1.0]])
    k2 = np.array([[1e6, 0.0], [1e6, 1.0], [0.0, 0.0], [0.0, 2.0]])
    v2 = np.array([[1.0, -2.0], [3.0, 0.5], [-7.0, 9.0], [4.0, -6.0]])
    m2 = np.array([[True, True, False, False], [True, True, False, False]])
    expect_array(_call(student, q2, k2, v2, m2), reference.masked_attention(q2, k2, v2, m2),
                 "masked_attention(q=[[-2e6, 3], [-2e6, -1]], k=[[1e6, 0], [1e6, 1], [0, 0], [0, 2]], v (4, 2), keys 2 "
                 "and 3 masked): the allowed scores are about -1.4e12 and the masked keys must still get probability 0",
                 rtol=1e-9, atol=1e-11, mistakes=_mistakes(q2, k2, v2, m2))


def _check(got, reference, q, k, v, mask, what):
    expect_float64_if_float(got, what, "np.asarray(q, dtype=np.float64)")
    expect_array(got, reference.masked_attention(q, k, v, mask), what, rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(np.asarray(q, dtype=float), np.asarray(k, dtype=float),
                                    np.asarray(v, dtype=float), mask))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(204)
    q, k, v = rng.normal(size=(3, 5, 4))
    mask = rng.random((5, 5)) < 0.6
    mask[:, 0] = True
    got = _call(student, q, k, v, mask)
    expect_unchanged(student.last_call, "`q /= np.sqrt(d)` scales the caller's queries: write "
                                        "scores = q @ k.T / np.sqrt(d) (a new array)")
    _check(got, reference, q, k, v, mask, "masked_attention with q, k, v of shape (5, 4)")


@pytest.mark.points(0.25)
def test_float32_no_queries_and_per_batch_masks(student, reference):
    rng = np.random.default_rng(205)
    q, k, v = rng.normal(size=(3, 2, 6, 3)).astype(np.float32)
    mask = rng.random((2, 1, 6)) < 0.5                        # one mask row per batch, broadcast over queries
    mask[:, :, 0] = True
    _check(_call(student, q, k, v, mask), reference, q, k, v, mask,
           "masked_attention with float32 q, k, v (2, 6, 3) and a (2, 1, 6) mask broadcast over the queries")
    q0, k0, v0 = np.zeros((0, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    got = _call(student, q0, k0, v0, np.ones((0, 5), dtype=bool))
    expect_true(np.shape(got) == (0, 2), f"masked_attention with no queries (q of shape (0, 4)) has shape "
                                         f"{np.shape(got)}, expected (0, 2)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(206)
    for case in range(4):
        lead = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(0, 3))))
        nq, nk, dk, dv = (int(n) for n in rng.integers(1, 9, size=4))
        q, k = rng.normal(scale=float(10 ** rng.uniform(-1, 2)), size=(2,) + lead + (nq, dk))
        k = k[..., :nk, :] if nk <= nq else rng.normal(size=lead + (nk, dk))
        v = rng.normal(size=lead + (nk, dv))
        mask = rng.random((nq, nk)) < float(rng.uniform(0.2, 0.9))
        _check(_call(student, q, k, v, mask), reference, q, k, v, mask,
               f"masked_attention(q {q.shape}, k {k.shape}, v {v.shape}, a random ({nq}, {nk}) mask) (case {case})")
