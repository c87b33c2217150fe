"""Hidden tests of enhanced_mask_decoder (emd_context_layer of DeBERTa's masked-LM head, attention only:
I = H + Z, then n_steps applications of the shared layer with the previous output as the query).

enhanced_mask_decoder is graded on its own: its calls of disentangled_self_attention are answered by the
reference (student.with_reference); test_with_your_disentangled_self_attention checks the two together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged

ATTENTION = "disentangled_self_attention"

NAMES = ("query", "key", "value", "pos_query", "pos_key")


def _setup(seed, B, N, D, k):
    rng = np.random.default_rng(seed)
    params = {f"{n}_w": rng.normal(scale=0.6, size=(D, D)) for n in NAMES}
    params.update({f"{n}_b": rng.normal(scale=0.2, size=D) for n in NAMES})
    mask = np.ones((B, N), dtype=np.int64)
    mask[-1, N - 2:] = 0
    return params, rng.normal(size=(B, N, D)), rng.normal(size=(N, D)), rng.normal(size=(2 * k, D)), mask


def _mistakes(reference, hs, z, mask, params, rel_e, R, H, n_steps):
    attn = reference.disentangled_self_attention
    real = mask.astype(bool)
    q = hs + z
    not_updated = attn(hs, mask, params, rel_e, R, H, query_states=hs + z)
    kv_with_z = hs + z
    for _ in range(n_steps):
        kv_with_z = attn(hs + z, mask, params, rel_e, R, H, query_states=kv_with_z)
    plain = hs
    for _ in range(n_steps):
        plain = attn(hs, mask, params, rel_e, R, H, query_states=plain)
    chained = hs
    for _ in range(n_steps):
        chained = attn(chained + z, mask, params, rel_e, R, H)
    one = attn(hs, mask, params, rel_e, R, H, query_states=q)
    stacked, keys = q, hs
    for _ in range(n_steps):
        stacked = attn(keys, mask, params, rel_e, R, H, query_states=stacked)
        keys = stacked
    extra = []
    if np.ndim(z) == 3:                     # (B, N, D) positions given a new leading axis, as if they were (N, D)
        try:
            table = hs + z[None]
            for _ in range(n_steps):
                table = attn(hs, mask, params, rel_e, R, H, query_states=table)
            if table.shape == hs.shape:
                extra.append((table[real], "abs_position_embeddings may be (B, N, D) as well as (N, D): add it to "
                                           "hidden_states as it is (broadcasting handles both), without a new axis"))
        except (ValueError, IndexError):
            pass
    return extra + [
        (not_updated[real], "the query is not updated between steps: each step's output is the next step's query"),
        (kv_with_z[real], "the absolute positions are added to the keys and values too: only the query starts from "
                          "H + Z; keys and values come from H"),
        (plain[real], "the absolute position embeddings are not added: the first query is H + Z"),
        (chained[real], "the output is fed back as hidden states: keys and values stay the hidden_states H at every "
                        "step; only the query changes"),
        (one[real], "only one step was applied: apply the layer n_steps times"),
        (stacked[real], "the previous output was fed as hidden_states too (keys and values), as in a stack of layers: "
                        "keys and values stay the hidden_states H at every step; only query_states changes"),
    ]


def _fewer(reference, hs, z, mask, params, rel_e, R, H, n_steps):
    """One step fewer than asked (range(1, n_steps))."""
    q = hs + z
    for _ in range(n_steps - 1):
        q = reference.disentangled_self_attention(hs, mask, params, rel_e, R, H, query_states=q)
    return [(q[mask.astype(bool)], f"{max(n_steps - 1, 0)} step(s) were applied, one fewer than n_steps={n_steps} "
                                   "(range(1, n_steps)?): apply the layer exactly n_steps times")]


@pytest.mark.points(0.75)
def test_two_steps(student, reference):
    for seed, (B, N, D, H, k) in [(30, (2, 6, 8, 2, 3)), (31, (3, 9, 6, 3, 5))]:
        params, hs, z, rel_e, mask = _setup(seed, B, N, D, k)
        R = reference.relative_positions(N, N)
        want = reference.enhanced_mask_decoder(hs, z, mask, params, rel_e, R, H)
        got = np.asarray(student.with_reference(ATTENTION).enhanced_mask_decoder(hs, z, mask, params, rel_e, R, H),
                         dtype=float)
        real = mask.astype(bool)
        expect_array(got[real] if got.shape == want.shape else got, want[real],
                     f"enhanced_mask_decoder(B={B}, N={N}, D={D}, {H} heads) (rows of real tokens)",
                     rtol=1e-9, atol=1e-10,
                     mistakes=[(reference.disentangled_self_attention(hs, mask, params, rel_e, R, H,
                                                                      query_states=hs + z)[real],
                                "only one step was applied: called without n_steps, enhanced_mask_decoder must use "
                                "the docstring's default n_steps=2")]
                     + _mistakes(reference, hs, z, mask, params, rel_e, R, H, 2))


@pytest.mark.points(0.25)
def test_other_step_counts(student, reference):
    params, hs, z, rel_e, mask = _setup(32, 2, 7, 4, 3)
    R = reference.relative_positions(7, 7)
    real = mask.astype(bool)
    for n_steps in (1, 3, 0):
        want = reference.enhanced_mask_decoder(hs, z, mask, params, rel_e, R, 2, n_steps=n_steps)
        got = np.asarray(student.with_reference(ATTENTION).enhanced_mask_decoder(hs, z, mask, params, rel_e, R, 2,
                                                                                 n_steps=n_steps), dtype=float)
        expect_array(got[real] if got.shape == want.shape else got, want[real],
                     f"enhanced_mask_decoder(..., n_steps={n_steps}) (rows of real tokens)"
                     + (": with n_steps=0 no layer is applied and the result is I = H + Z" if n_steps == 0 else ""),
                     rtol=1e-9, atol=1e-10,
                     mistakes=(_fewer(reference, hs, z, mask, params, rel_e, R, 2, n_steps)
                               + _mistakes(reference, hs, z, mask, params, rel_e, R, 2, n_steps)[:4]) if n_steps
                     else [(hs[real], "the absolute positions were not added: with n_steps=0 return "
                                      "hidden_states + abs_position_embeddings")])
    got = np.asarray(student.with_reference(ATTENTION).enhanced_mask_decoder(
        hs.astype(np.float32), z.astype(np.float32), mask, params, rel_e, R, 2, n_steps=0))
    expect_dtype(got, np.float64, "enhanced_mask_decoder(..., n_steps=0) with float32 hidden_states and "
                 "abs_position_embeddings", "the result I = H + Z must be float64 too: convert the inputs with "
                 "np.asarray(x, dtype=np.float64) before adding them")


def _expect_real_rows(got, want, mask, what, mistakes=()):
    got = np.asarray(got)
    expect_dtype(got, np.float64, what)
    real = mask.astype(bool)
    expect_array(got[real] if got.shape == want.shape else got, want[real], f"{what} (rows of real tokens)",
                 rtol=1e-9, atol=1e-10, mistakes=mistakes)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    params, hs, z, rel_e, mask = _setup(33, 2, 5, 4, 2)
    R = reference.relative_positions(5, 5)
    got = student.with_reference(ATTENTION).enhanced_mask_decoder(hs, z, mask, params, rel_e, R, 2)
    expect_unchanged(student.last_call, "`query = hidden_states; query += abs_position_embeddings` adds the positions "
                                        "into the caller's hidden_states: write query = hidden_states + "
                                        "abs_position_embeddings (a new array)")
    _expect_real_rows(got, reference.enhanced_mask_decoder(hs, z, mask, params, rel_e, R, 2), mask,
                      "enhanced_mask_decoder(B=2, N=5, D=4, 2 heads)",
                      _mistakes(reference, hs, z, mask, params, rel_e, R, 2, 2))


@pytest.mark.points(0.5)
def test_batched_positions_and_random_shapes(student, reference):
    rng = np.random.default_rng(34)
    for case in range(3):
        B, N, H, d, k = (int(n) for n in rng.integers(1, 5, size=5))
        N += 2
        params, hs, z, rel_e, mask = _setup(int(rng.integers(1000)), B, N, H * d, k)
        if case != 1:
            z = rng.normal(size=(B, N, H * d))                  # one row of absolute positions per sequence
        R = reference.relative_positions(N, N)
        n_steps = int(rng.integers(1, 4))
        what = (f"enhanced_mask_decoder(B={B}, N={N}, D={H * d}, {H} heads, n_steps={n_steps}) with "
                f"abs_position_embeddings of shape {z.shape} (case {case})")
        try:
            got = student.with_reference(ATTENTION).enhanced_mask_decoder(hs, z, mask, params, rel_e, R, H,
                                                                           n_steps=n_steps)
        except StudentCodeError as exc:
            if exc.kind != "error" or z.ndim != 3:
                raise
            raise AssertionError(f"{what}: {exc}: abs_position_embeddings may be (B, N, D) as well as (N, D): add it "
                                 "to hidden_states as it is (broadcasting handles both), without adding an axis") from None
        expect_true(np.shape(got) == hs.shape, f"{what} has shape {np.shape(got)}, expected {hs.shape}: "
                                               "abs_position_embeddings may be (B, N, D) as well as (N, D): add it to "
                                               "hidden_states as it is (broadcasting handles both)")
        _expect_real_rows(got, reference.enhanced_mask_decoder(hs, z, mask, params, rel_e, R, H, n_steps=n_steps),
                          mask, what, _mistakes(reference, hs, z, mask, params, rel_e, R, H, n_steps))


@pytest.mark.points(0.25)
def test_with_your_disentangled_self_attention(student, reference):
    params, hs, z, rel_e, mask = _setup(35, 2, 6, 6, 3)
    R = reference.relative_positions(6, 6)
    _expect_real_rows(student.enhanced_mask_decoder(hs, z, mask, params, rel_e, R, 3),
                      reference.enhanced_mask_decoder(hs, z, mask, params, rel_e, R, 3), mask,
                      "enhanced_mask_decoder(B=2, N=6, D=6, 3 heads) computed with YOUR disentangled_self_attention")
