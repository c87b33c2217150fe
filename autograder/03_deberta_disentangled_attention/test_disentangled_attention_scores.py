"""Hidden tests of disentangled_attention_scores (mirrors DisentangledSelfAttention.forward and
disentangled_attention_bias in transformers' deberta_v2: c2p gathered at clamp(R + k), p2c at
clamp(-R + k) on the key side then transposed, scale sqrt(3 d))."""
import re

import numpy as np
import pytest

from coursekit.expect import expect_array, expect_float64_if_float, expect_true, expect_unchanged

RTOL, ATOL = 1e-10, 1e-10


def _inputs(seed, lead, N, d, k):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=lead + (N, d)), rng.normal(size=lead + (N, d)),
            rng.normal(size=lead[1:] + (2 * k, d)), rng.normal(size=lead[1:] + (2 * k, d)))


def _gather(all_scores, idx):
    n = idx.shape[0]
    return np.take_along_axis(all_scores, np.broadcast_to(idx, all_scores.shape[:-2] + (n, n)), axis=-1)


def _variants(q, kc, qr, kr, R):
    span, d = kr.shape[-2] // 2, q.shape[-1]
    c2c = q @ np.swapaxes(kc, -1, -2)
    c2p = _gather(q @ np.swapaxes(kr, -1, -2), np.clip(R + span, 0, 2 * span - 1))
    p2c_all = kc @ np.swapaxes(qr, -1, -2)
    p2c = np.swapaxes(_gather(p2c_all, np.clip(-R + span, 0, 2 * span - 1)), -1, -2)
    p2c_paper = np.swapaxes(_gather(p2c_all, np.clip(R + span, 0, 2 * span - 1)), -1, -2)   # delta(j, i)
    p2c_untransposed = _gather(p2c_all, np.clip(-R + span, 0, 2 * span - 1))
    c2p_neg = _gather(q @ np.swapaxes(kr, -1, -2), np.clip(-R + span, 0, 2 * span - 1))
    upper_only = ("R + k was clipped only from above (np.minimum): distances below -k give negative indices, which "
                  "wrap to the END of the table: clip to [0, 2k - 1] with np.clip(R + k, 0, 2 * k - 1)")
    extra_c2p, extra_p2c = [], []
    if (R + span).min() >= -2 * span:        # beyond -2k the wrapped index raises instead
        extra_c2p.append((_gather(q @ np.swapaxes(kr, -1, -2), np.minimum(R + span, 2 * span - 1)), upper_only))
    if (-R + span).min() >= -2 * span:
        extra_p2c.append((np.swapaxes(_gather(p2c_all, np.minimum(-R + span, 2 * span - 1)), -1, -2), upper_only))
    if kr.ndim > 2 and kr.shape[0] // 2 != span:
        wrong = kr.shape[0] // 2
        first_axis = ("k was taken from pos_key.shape[0]: with per-head tables (h, 2k, d) that is h // 2; the span "
                      "is pos_key.shape[-2] // 2")
        extra_c2p.append((_gather(q @ np.swapaxes(kr, -1, -2), np.clip(R + wrong, 0, 2 * span - 1)), first_axis))
        extra_p2c.append((np.swapaxes(_gather(p2c_all, np.clip(-R + wrong, 0, 2 * span - 1)), -1, -2), first_axis))
    n = q.shape[-2]
    scale_n = [((c2c + c2p + p2c) / np.sqrt(3 * n), "the scale uses the sequence length N = query.shape[-2]: d is "
                "the head size, query.shape[-1]")] if n != d else []
    return {
        "c2p": [(c2p_neg, "c2p uses the index -R + k: content-to-position reads row clip(R[i, j] + k) of K_r, "
                          "R[i, j] = i - j")] + extra_c2p,
        "p2c": extra_p2c + [(p2c_paper, "p2c uses the paper's index delta(j, i) = clip(j - i + k): transformers gathers at "
                            "clip(-R[j, i] + k) on the key side and transposes, i.e. row clip(R[i, j] + k) of Q_r"),
                (p2c_untransposed, "p2c is not transposed back: the gather gives [key j, query i]; swap the last two "
                                   "axes")],
        "scores": [((c2c + c2p + p2c) / np.sqrt(d), "the scores are divided by sqrt(d): with three terms the scale is "
                                                     "sqrt(3 d)"),
                   ((c2c + c2p + p2c) / np.sqrt(2 * d), "the scores are divided by sqrt(2 d): with three terms "
                                                         "(c2c, c2p, p2c) the scale is sqrt(3 d)"),
                   ((c2c + c2p + p2c_paper) / np.sqrt(3 * d),
                    "p2c uses the paper's index delta(j, i): follow transformers' convention (row clip(R[i, j] + k) "
                    "of Q_r)"),
                   (c2c + c2p + p2c, "the scores are not scaled: divide by sqrt(3 d)"),
                   ((c2c + c2p + p2c) / np.float64(np.sqrt(np.float32(3 * d))),
                    "the scale sqrt(3 d) is computed in float32 (as transformers' torch code does): compute it in "
                    "float64 (np.sqrt(3 * d))")] + scale_n,
    }


def _float32_variants(q, kc, qr, kr, R):
    """Every output computed in float32 (the inputs' dtype) and converted to float64 only at the end."""
    span, d = kr.shape[-2] // 2, q.shape[-1]
    c2c = q @ np.swapaxes(kc, -1, -2)
    c2p = _gather(q @ np.swapaxes(kr, -1, -2), np.clip(R + span, 0, 2 * span - 1))
    p2c = np.swapaxes(_gather(kc @ np.swapaxes(qr, -1, -2), np.clip(-R + span, 0, 2 * span - 1)), -1, -2)
    message = ("computed in float32, the inputs' dtype: convert query, key, pos_query and pos_key to float64 first "
               "(np.asarray(x, dtype=np.float64)), then compute")
    return {"c2c": [(c2c, message)], "c2p": [(c2p, message)], "p2c": [(p2c, message)],
            "scores": [((c2c + c2p + p2c) / np.sqrt(np.float32(3 * d)), message)]}


def _check(student, reference, args, what, got=None):
    try:
        got = student.disentangled_attention_scores(*args) if got is None else got
    except Exception as exc:  # the student's error, reported by the sandbox
        size = re.search(r"out of bounds for axis -?\d+ with size (\d+)", str(exc))
        leading = ("too many indices" in str(exc) or size is not None and int(size.group(1)) != np.shape(args[3])[-2])
        if leading and getattr(exc, "kind", "") == "error":
            raise AssertionError(f"{what}: {exc}: the gather indexes the wrong axes: query and key may have any number "
                                 "of leading axes (none for one head, (batch, heads) too): gather along the last axis "
                                 "only, e.g. c2p_all[..., rows, idx] or np.take_along_axis(..., axis=-1)") from None
        if "out of bounds" in str(exc):
            raise AssertionError(f"{what}: an index R[i, j] + k falls outside the table of 2k rows ({exc}): clip it "
                                 "with np.clip(R + k, 0, 2k - 1); distances beyond k share the edge rows") from None
        if np.ndim(args[0]) > 2 and getattr(exc, "kind", "") == "error":
            raise AssertionError(f"{what}: {exc}: query and key may have leading axes (..., N, d): transpose only "
                                 "the last two axes (np.swapaxes(key, -1, -2)); .T reverses all of them") from None
        raise
    want = reference.disentangled_attention_scores(*args)
    expect_true(isinstance(got, dict) and set(want) <= set(got),
                f"{what} must return a dict with the keys c2c, c2p, p2c, scores")
    variants = _variants(*[np.asarray(a, dtype=float) for a in args[:4]], np.asarray(args[4]))
    if np.asarray(args[0]).dtype == np.float32:
        for key, values in _float32_variants(*[np.asarray(a) for a in args[:4]], np.asarray(args[4])).items():
            variants[key] = variants.get(key, []) + values
    for key in ("c2c", "c2p", "p2c", "scores"):
        expect_float64_if_float(got[key], f"{what}['{key}']", "convert the inputs with np.asarray(x, dtype=np.float64)")
        expect_array(got[key], want[key], f"{what}['{key}']", rtol=RTOL, atol=ATOL, mistakes=variants.get(key, []))


@pytest.mark.points(1)
def test_one_head(student, reference):
    for seed, N, d, k in [(10, 6, 4, 3), (11, 9, 8, 16), (12, 12, 5, 4)]:
        q, kc, qr, kr = _inputs(seed, (), N, d, k)
        R = reference.relative_positions(N, N)
        _check(student, reference, (q, kc, qr, kr, R),
               f"disentangled_attention_scores for one head (N={N}, d={d}, k={k})")


@pytest.mark.points(1)
def test_batched_heads_and_buckets(student, reference):
    q, kc, qr, kr = _inputs(13, (2, 3), 20, 4, 4)
    R = reference.relative_positions(20, 20, 8, 16)
    _check(student, reference, (q, kc, qr, kr, R),
           "disentangled_attention_scores with (batch 2, heads 3), N=20, log-bucketed R (bucket_size=8, k=4)")
    q, kc, qr, kr = _inputs(14, (1, 2), 30, 6, 5)
    R = reference.relative_positions(30, 30)
    _check(student, reference, (q, kc, qr, kr, R),
           "disentangled_attention_scores with distances up to 29 and k=5 (indices must be clipped to [0, 2k))")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    q, kc, qr, kr = _inputs(15, (2,), 5, 4, 3)
    R = reference.relative_positions(5, 5)
    got = student.disentangled_attention_scores(q, kc, qr, kr, R)
    expect_unchanged(student.last_call, "`query /= ...` or `relative_pos += k` change the caller's arrays: compute "
                                        "new arrays (idx = np.clip(relative_pos + k, 0, 2 * k - 1))")
    _check(student, reference, (q, kc, qr, kr, R), "disentangled_attention_scores (2 heads, N=5, d=4, k=3)", got)


@pytest.mark.points(0.25)
def test_float32_inputs_and_tiny_sizes(student, reference):
    q, kc, qr, kr = _inputs(16, (2,), 7, 3, 2)
    R = reference.relative_positions(7, 7)
    _check(student, reference, tuple(a.astype(np.float32) for a in (q, kc, qr, kr)) + (R.astype(np.int32),),
           "disentangled_attention_scores with float32 inputs and an int32 relative_pos (2 heads, N=7, d=3, k=2)")
    q, kc, qr, kr = _inputs(17, (), 1, 1, 1)
    _check(student, reference, (q, kc, qr, kr, reference.relative_positions(1, 1)),
           "disentangled_attention_scores for one token (N=1, d=1, k=1)")


@pytest.mark.points(0.5)
def test_random_shapes(student, reference):
    rng = np.random.default_rng(18)
    for case in range(4):
        lead = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(0, 3))))
        N, d, k = int(rng.integers(1, 14)), int(rng.integers(1, 9)), int(rng.integers(1, 9))
        q, kc, qr, kr = _inputs(int(rng.integers(1000)), lead, N, d, k)
        b = int(rng.choice([-1, 4, 8]))
        R = reference.relative_positions(N, N, b, 2 * b + 4)
        _check(student, reference, (q, kc, qr, kr, R), f"disentangled_attention_scores (leading axes {lead}, N={N}, "
                                                       f"d={d}, k={k}, bucket_size={b}) (random case {case})")
