"""Hidden tests of disentangled_self_attention (mirrors transformers' DisentangledSelfAttention.forward with
pos_att_type ["p2c", "c2p"], share_att_key False, no dropout; the reference agrees with the PyTorch module
to 1e-15 when its scale is computed in float64).

disentangled_self_attention is graded on its own: its calls of disentangled_attention_scores are answered by
the reference (student.with_reference); test_with_your_disentangled_attention_scores checks the two together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_float64_accuracy, expect_true, expect_unchanged

SCORES = "disentangled_attention_scores"

NAMES = ("query", "key", "value", "pos_query", "pos_key")


def _setup(seed, B, N, D, H, k, buckets=None):
    rng = np.random.default_rng(seed)
    params = {f"{n}_w": rng.normal(scale=0.6, size=(D, D)) for n in NAMES}
    params.update({f"{n}_b": rng.normal(scale=0.2, size=D) for n in NAMES})
    hs = rng.normal(size=(B, N, D))
    rel_e = rng.normal(size=(2 * k, D))
    mask = np.ones((B, N), dtype=np.int64)
    for b in range(1, B):
        mask[b, N - b:] = 0
    return params, hs, rel_e, mask


def _softmax(s, axis):
    s = s - s.max(axis=axis, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=axis, keepdims=True)


def _variants(reference, hs, mask, params, rel_e, R, H, qs=None):
    """Known mistakes, computed with the reference's score function."""
    B, N, D = hs.shape
    d = D // H
    # in float64, as the reference: variants computed from float32 inputs would agree with a float32 result
    hs, rel_e = np.asarray(hs, dtype=np.float64), np.asarray(rel_e, dtype=np.float64)
    params = {key: np.asarray(value, dtype=np.float64) for key, value in params.items()}
    qs = hs if qs is None else np.asarray(qs, dtype=np.float64)

    def proj(x, name):
        return x @ params[f"{name}_w"] + params[f"{name}_b"]

    def split(x):
        return np.swapaxes(x.reshape(x.shape[:-1] + (H, d)), -2, -3)

    def bad_split(x):                       # reshape straight to (..., H, L, d) without a transpose
        return x.reshape(x.shape[:-2] + (H, x.shape[-2], d))

    out = []
    pair = mask.astype(bool)[:, None, :, None] & mask.astype(bool)[:, None, None, :]
    for splitter, message in [(bad_split, "the heads are split with a reshape to (B, h, N, d) without transposing: "
                                          "reshape to (B, N, h, d), then swap the N and h axes")]:
        q, k, v = splitter(proj(qs, "query")), splitter(proj(hs, "key")), splitter(proj(hs, "value"))
        qr = splitter(proj(rel_e, "pos_query")[None])[0]
        kr = splitter(proj(rel_e, "pos_key")[None])[0]
        s = reference.disentangled_attention_scores(q, k, qr, kr, R)["scores"]
        s = np.where(pair, s, np.finfo(float).min)
        ctx = _softmax(s, -1) @ v
        out.append((ctx.reshape(B, N, D), message))
    q, k, v = split(proj(qs, "query")), split(proj(hs, "key")), split(proj(hs, "value"))
    qr, kr = split(proj(rel_e, "pos_query")), split(proj(rel_e, "pos_key"))
    s = reference.disentangled_attention_scores(q, k, qr, kr, R)["scores"]
    merge = lambda c: np.swapaxes(c, 1, 2).reshape(B, N, D)
    additive = s + (1.0 - mask[:, None, None, :]) * -10000.0
    out.append((merge(_softmax(additive, -1) @ v), "padded keys are masked by adding -10000 (BERT's additive mask): "
                "a padded key whose score is more than 10000 above the others still gets attention; set the masked "
                "scores to the most negative float (np.finfo(np.float64).min), as transformers' masked_fill"))
    out.append((merge(_softmax(s, -1) @ v), "padded keys receive attention: set the scores of pairs with "
                                             "attention_mask 0 to the most negative float before the softmax"))
    masked = np.where(pair, s, np.finfo(float).min)
    out.append((merge(_softmax(masked, -2) @ v), "the softmax is taken over the queries (axis -2): normalise over "
                                                  "the keys, the last axis"))
    keys_only = np.where(mask.astype(bool)[:, None, None, :], s, np.finfo(float).min)
    for scores in (keys_only, masked):      # padded query rows leak into real rows: mask by keys only or by pairs
        out.append(((_softmax(scores, -1) @ v).reshape(B, N, D),
                    "the heads are merged with reshape(B, N, D) straight from (B, h, N, d): swap the h and N axes back "
                    "first (np.swapaxes(context, 1, 2)), so that head h fills columns h*d:(h+1)*d"))
    qr_bad, kr_bad = (proj(rel_e, name).reshape(H, -1, d) for name in ("pos_query", "pos_key"))
    s_bad = reference.disentangled_attention_scores(q, k, qr_bad, kr_bad, R)["scores"]
    out.append((merge(_softmax(np.where(pair, s_bad, np.finfo(float).min), -1) @ v),
                "the relative-position projections (2k, D) are reshaped to (h, 2k, d) without a transpose: split them "
                "like the content, reshape to (2k, h, d), then swap the first two axes"))
    out.append((np.broadcast_to(v.mean(-2, keepdims=True), v.shape).swapaxes(1, 2).reshape(B, N, D),
                "every key gets the same weight (uniform attention), as when every score is masked: ~attention_mask on "
                "a 0/1 integer mask gives -2 and -1, both true; select the padded keys with attention_mask == 0"))
    k_from_q = split(proj(qs, "key"))
    v_from_q = split(proj(qs, "value"))
    s2 = reference.disentangled_attention_scores(q, k_from_q, qr, kr, R)["scores"]
    out.append((merge(_softmax(np.where(pair, s2, np.finfo(float).min), -1) @ v_from_q),
                "keys and values are projected from query_states: only the queries come from query_states, keys "
                "and values from hidden_states"))
    out.append((merge(_softmax(masked, -1) @ v_from_q),
                "the values are projected from query_states: only the queries come from query_states, keys and values "
                "from hidden_states"))
    q_from_hs = split(proj(hs, "query"))
    s3 = reference.disentangled_attention_scores(q_from_hs, k, qr, kr, R)["scores"]
    out.append((merge(_softmax(np.where(pair, s3, np.finfo(float).min), -1) @ v),
                "query_states is ignored: when it is given, project the queries from query_states (keys and values "
                "still from hidden_states)"))
    qr_nb, kr_nb = split(rel_e @ params["pos_query_w"]), split(rel_e @ params["pos_key_w"])
    s4 = reference.disentangled_attention_scores(q, k, qr_nb, kr_nb, R)["scores"]
    out.append((merge(_softmax(np.where(pair, s4, np.finfo(float).min), -1) @ v),
                "the relative-position embeddings are projected without their biases: Q_r = rel_embeddings @ "
                "pos_query_w + pos_query_b, K_r = rel_embeddings @ pos_key_w + pos_key_b"))
    return out


def _check(student, reference, hs, mask, params, rel_e, R, H, what, qs=None, got=None, own_scores=False):
    kwargs = {} if qs is None else {"query_states": qs}
    want = reference.disentangled_self_attention(hs, mask, params, rel_e, R, H, **kwargs)
    if got is None:
        proxy = student if own_scores else student.with_reference(SCORES)
        got = proxy.disentangled_self_attention(hs, mask, params, rel_e, R, H, **kwargs)
    got = np.asarray(got)
    expect_dtype(got, np.float64, what)
    expect_true(got.shape == want.shape, f"{what} has shape {got.shape}, expected {want.shape}")
    expect_true(bool(np.all(np.isfinite(got))), f"{what} contains nan or inf: is the masking or the softmax unstable?")
    real = mask.astype(bool)                                        # rows of padded queries are not checked
    if hs.dtype == np.float32:
        expect_float64_accuracy(got[real], want[real], what, "convert hidden_states, params and rel_embeddings to "
                                "float64 first (np.asarray(x, dtype=np.float64)) and compute in float64 (with float32 "
                                "inputs, x @ w + b stays float32)", rtol=1e-9, atol=1e-10, float32_rtol=1e-4,
                                float32_atol=1e-5)
    mistakes = [(value[real], message) for value, message in _variants(reference, hs, mask, params, rel_e, R, H, qs)]
    expect_array(got[real], want[real], f"{what} (rows of real tokens)", rtol=1e-9, atol=1e-10, mistakes=mistakes)


@pytest.mark.points(1.5)
def test_multi_head_with_padding(student, reference):
    for seed, (B, N, D, H, k) in [(20, (3, 7, 8, 2, 4)), (21, (2, 10, 12, 3, 6)), (22, (1, 5, 6, 1, 2))]:
        params, hs, rel_e, mask = _setup(seed, B, N, D, H, k)
        R = reference.relative_positions(N, N)
        _check(student, reference, hs, mask, params, rel_e, R, H,
               f"disentangled_self_attention(B={B}, N={N}, D={D}, num_heads={H}, k={k}) with padding")


@pytest.mark.points(0.75)
def test_log_buckets_and_large_scores(student, reference):
    params, hs, rel_e, mask = _setup(23, 2, 24, 8, 4, 4)
    hs = hs * 6.0                                                # large scores: the softmax must stay stable
    R = reference.relative_positions(24, 24, 8, 16)
    _check(student, reference, hs, mask, params, rel_e, R, 4,
           "disentangled_self_attention(N=24, 4 heads) with log-bucketed R and large hidden states")
    params, hs, rel_e, mask = _setup(31, 2, 6, 4, 1, 2)
    hs[mask == 0] *= 3e4                 # padded keys with scores far above 10000: they must still get nothing
    _check(student, reference, hs, mask, params, rel_e, reference.relative_positions(6, 6), 1,
           "disentangled_self_attention(B=2, N=6, D=4, 1 head) with huge hidden states at the padded positions")


@pytest.mark.points(0.75)
def test_query_states(student, reference):
    params, hs, rel_e, mask = _setup(24, 2, 8, 8, 2, 3)
    qs = np.random.default_rng(25).normal(size=hs.shape)
    R = reference.relative_positions(8, 8)
    _check(student, reference, hs, mask, params, rel_e, R, 2,
           "disentangled_self_attention(..., query_states=Q) (queries from Q, keys and values from hidden_states)",
           qs=qs)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    params, hs, rel_e, mask = _setup(26, 2, 5, 6, 2, 3)
    R = reference.relative_positions(5, 5)
    got = student.with_reference(SCORES).disentangled_self_attention(hs, mask, params, rel_e, R, 2)
    expect_unchanged(student.last_call, "leave hidden_states, params and the mask as they are: convert into new "
                                        "names (p = {k: np.asarray(v, dtype=np.float64) ...}) instead of writing "
                                        "into the dict or arrays you were given")
    _check(student, reference, hs, mask, params, rel_e, R, 2, "disentangled_self_attention(B=2, N=5, D=6, 2 heads)",
           got=got)


@pytest.mark.points(0.25)
def test_float32_one_token_and_head_size_one(student, reference):
    params, hs, rel_e, mask = _setup(27, 2, 6, 4, 4, 2)                  # 4 heads of size d = 1
    R = reference.relative_positions(6, 6)
    f32 = {k: v.astype(np.float32) for k, v in params.items()}
    got = student.with_reference(SCORES).disentangled_self_attention(hs.astype(np.float32), mask, f32,
                                                                      rel_e.astype(np.float32), R, 4)
    expect_unchanged(student.last_call, "float32 weights were converted by writing float64 arrays back into the "
                                        "params dict you were given: build a new dict instead "
                                        "(p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()})")
    _check(student, reference, hs.astype(np.float32), mask, f32, rel_e.astype(np.float32), R, 4,
           "disentangled_self_attention with float32 inputs and 4 heads of size 1 (D=4)", got=got)
    params, hs, rel_e, mask = _setup(28, 1, 1, 6, 3, 1)
    _check(student, reference, hs, mask, params, rel_e, reference.relative_positions(1, 1), 3,
           "disentangled_self_attention of one token (B=1, N=1, D=6, 3 heads, k=1)")


@pytest.mark.points(0.25)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(29)
    for case in range(3):
        B, N, H, d, k = (int(n) for n in rng.integers(1, 6, size=5))
        params, hs, rel_e, mask = _setup(int(rng.integers(1000)), B, N + 1, H * d, H, k)
        R = reference.relative_positions(N + 1, N + 1, int(rng.choice([-1, 4])), 12)
        _check(student, reference, hs, mask, params, rel_e, R, H, f"disentangled_self_attention(B={B}, N={N + 1}, "
               f"D={H * d}, num_heads={H}, k={k}) (random case {case})")


@pytest.mark.points(0.25)
def test_with_your_disentangled_attention_scores(student, reference):
    params, hs, rel_e, mask = _setup(30, 2, 7, 8, 2, 4)
    R = reference.relative_positions(7, 7)
    _check(student, reference, hs, mask, params, rel_e, R, 2, "disentangled_self_attention(B=2, N=7, D=8, 2 heads) "
           "computed with YOUR disentangled_attention_scores", own_scores=True)
