"""Hidden tests of linformer_attention: softmax(q (E k)^T / sqrt(d)) (F v), as the compress_k /
compress_v projections of fairseq's Linformer."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_float64_if_float, expect_unchanged

RTOL, ATOL = 1e-9, 1e-11


def _softmax(s):
    s = s - s.max(-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(-1, keepdims=True)


def _mistakes(q, k, v, E, F):
    d, kp = q.shape[-1], E.shape[0]
    kbar, vbar = E @ k, F @ v
    s = q @ np.swapaxes(kbar, -1, -2)
    return [(_softmax(s / np.sqrt(kp)) @ vbar,
             "scale by 1 / sqrt(d) (the head dimension, last axis of q), not 1 / sqrt(k) (the projected length)"),
            (_softmax(s / np.sqrt(d)) @ (E @ v), "project the values with F, not with E"),
            (_softmax(q @ np.swapaxes(F @ k, -1, -2) / np.sqrt(d)) @ (E @ v),
             "E and F are swapped: E projects the keys, F the values"),
            (_softmax(s) @ vbar, "scale the scores by 1 / sqrt(d)"),
            (np.swapaxes(_softmax(np.swapaxes(s / np.sqrt(d), -1, -2)), -1, -2) @ vbar,
             "normalise over the k projected positions (the last axis of the scores), not over the queries")] + ([
            (_softmax(s / np.sqrt(v.shape[-1])) @ vbar,
             "scale by 1 / sqrt(d), d the last axis of q and k, not 1 / sqrt(d_v), the last axis of v")]
        if v.shape[-1] != d else [])


@pytest.mark.points(0.75)
def test_matches_reference(student, reference):
    rng = np.random.default_rng(300)
    q, k = rng.normal(size=(2, 2, 3, 16, 8)); v = rng.normal(size=(2, 3, 16, 5))
    E, F = rng.normal(scale=0.5, size=(2, 4, 16))
    try:
        got = student.linformer_attention(q, k, v, E, F)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        if "einstein" in str(exc):
            raise AssertionError(f"linformer_attention with q, k (2, 3, 16, 8): {exc}: q, k, v may have any number of "
                                 "leading axes (here batch and head): an einsum that spells out one batch axis "
                                 "('kn,bnd->bkd') fits 3-axis inputs only; write '...' for the leading axes "
                                 "(np.einsum('kn,...nd->...kd', E, k)) or use E @ k, which broadcasts") from None
        raise AssertionError(f"linformer_attention with q, k (2, 3, 16, 8): {exc}: q, k, v have leading (batch, head) "
                             "axes: transpose only the last two axes (np.swapaxes(x, -1, -2)); .T reverses all of "
                             "them") from None
    expect_array(got, reference.linformer_attention(q, k, v, E, F),
                 "linformer_attention with q, k (2, 3, 16, 8), v (2, 3, 16, 5), E, F (4, 16)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(q, k, v, E, F))


@pytest.mark.points(0.5)
def test_identity_projection_is_dense_attention(student, reference):
    rng = np.random.default_rng(301)
    q, k, v = rng.normal(size=(3, 9, 6))
    eye = np.eye(9)
    expect_array(student.linformer_attention(q, k, v, eye, eye),
                 reference.masked_attention(q, k, v, np.ones((9, 9), dtype=bool)),
                 "linformer_attention(q, k, v, E=I, F=I): with identity projections it is dense attention",
                 rtol=RTOL, atol=ATOL)
    E, F = rng.normal(size=(2, 3, 9))
    expect_array(student.linformer_attention(q, k, v, E, F), reference.linformer_attention(q, k, v, E, F),
                 "linformer_attention with (9, 6) inputs and E, F of shape (3, 9)", rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(q, k, v, E, F))


@pytest.mark.points(0.5)
def test_stable_for_large_scores(student, reference):
    rng = np.random.default_rng(302)
    q, k, v = rng.normal(size=(3, 10, 4))
    E, F = rng.normal(size=(2, 5, 10))
    expect_array(student.linformer_attention(300.0 * q, k, v, E, F),
                 reference.linformer_attention(300.0 * q, k, v, E, F),
                 "linformer_attention(300 * q, k, v, E, F): large scores", rtol=1e-8, atol=1e-10,
                 mistakes=_mistakes(300.0 * q, k, v, E, F))


def _check(got, reference, q, k, v, E, F, what):
    expect_float64_if_float(got, what, "np.asarray(q, dtype=np.float64)")
    expect_array(got, reference.linformer_attention(q, k, v, E, F), what, rtol=RTOL, atol=ATOL,
                 mistakes=_mistakes(*(np.asarray(a, dtype=float) for a in (q, k, v, E, F))))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    rng = np.random.default_rng(303)
    q, k, v = rng.normal(size=(3, 7, 4))
    E, F = rng.normal(size=(2, 3, 7))
    got = student.linformer_attention(q, k, v, E, F)
    expect_unchanged(student.last_call, "`q /= np.sqrt(d)` scales the caller's queries: compute new arrays")
    _check(got, reference, q, k, v, E, F, "linformer_attention with (7, 4) inputs and E, F of shape (3, 7)")


@pytest.mark.points(0.25)
def test_one_projected_position_wide_projection_and_float32(student, reference):
    rng = np.random.default_rng(304)
    q, k, v = rng.normal(size=(3, 6, 4))
    E, F = rng.normal(size=(2, 1, 6))
    _check(student.linformer_attention(q, k, v, E, F), reference, q, k, v, E, F,
           "linformer_attention with E, F of shape (1, 6) (one projected position: every query gets F v)")
    E, F = rng.normal(size=(2, 9, 6))
    _check(student.linformer_attention(q, k, v, E, F), reference, q, k, v, E, F,
           "linformer_attention with E, F of shape (9, 6) (more projected positions than tokens)")
    args = tuple(a.astype(np.float32) for a in (q, k, v, E[:4], F[:4]))
    _check(student.linformer_attention(*args), reference, *args, "linformer_attention with float32 inputs")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(305)
    for case in range(4):
        lead = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(0, 3))))
        n, d, dv, kp = (int(x) for x in rng.integers(1, 10, size=4))
        q, k = rng.normal(scale=float(10 ** rng.uniform(-1, 1.5)), size=(2,) + lead + (n, d))
        v = rng.normal(size=lead + (n, dv))
        E, F = rng.normal(size=(2, kp, n))
        _check(student.linformer_attention(q, k, v, E, F), reference, q, k, v, E, F,
               f"linformer_attention(q, k {q.shape}, v {v.shape}, E, F ({kp}, {n})) (case {case})")
