"""Hidden tests of encoder_flops (mirrors torch.utils.flop_counter.FlopCounterMode on the described
encoder; BERT-base at n=128: 22,347,251,712)."""
import numpy as np
import pytest
from _counts import expect_named_count, student_count

from coursekit.expect import Mismatch, expect_python_int, expect_true, expect_unchanged

HS = (128, 192, 256, 384, 512)


def check(student, reference, arch, hs, e, n, what):
    got = student_count(lambda: student.encoder_flops(arch, hs, e, n), what)
    want = reference.encoder_flops(arch, hs, e, n)
    if got == want:
        return
    ops, dims = reference.decode_architecture(arch, hs)
    d_mha, d_ffn = dims[ops == 1], dims[ops == 2]
    chain = np.concatenate([[e], dims[ops != 0]])
    din, dout = chain[:-1], chain[1:]
    tr = int((2 * n * din * dout)[din != dout].sum())
    scores = int((4 * n ** 2 * d_mha).sum())
    heads = d_mha // 64
    hints = [
        (want // 2, "this is half the expected value: count 2 FLOPs per multiply-add (an m x k by k x p product "
                    "costs 2mkp)"),
        (want - scores, "the attention products QK^T and AV are missing: MHA costs 8nd^2 + 4n^2 d"),
        (want - scores // 2, "only one of the two attention products was counted: QK^T and AV cost 2n^2 d each, "
                             "4n^2 d together"),
        (want - scores + int((4 * n ** 2 * (d_mha // np.maximum(heads, 1))).sum()),
         "the attention products were counted for one head only: over all heads QK^T and AV cost 2n^2 d each"),
        (want - tr, "the hidden-size transformations are missing: 2 n d_in d_out wherever the width changes"),
        (want - int((12 * n * d_ffn ** 2).sum()), "the FFN's inner size is d, not 4d: an FFN costs 16 n d^2"),
        (want + int((2 * n * dout)[din != dout].sum()), "the transformations' biases were counted: only matrix "
                                                       "products count, a transformation costs 2 n d_in d_out"),
        (want - (2 * n * int(chain[0] * chain[1]) if len(chain) > 1 and chain[0] != chain[1] else 0),
         "the transformation from the embedding size e to the first sub-layer's width is missing: the chain of "
         "widths starts at e, (e, d_1, ..., d_M)"),
        (want + (2 * n * int(chain[-1]) * e if chain[-1] != e else 0),
         "a transformation back to the embedding size e was added after the last sub-layer: the encoder ends at "
         "the last sub-layer's width"),
    ]
    full = np.concatenate([[e], dims])                       # the identity positions (width 0) left in
    hints.append((want - tr + int((2 * n * full[:-1] * full[1:])[full[:-1] != full[1:]].sum()),
                  "an identity position was treated as a sub-layer of width 0: remove the identity positions first, "
                  "then a transformation goes wherever the width changes along (e, d_1, ..., d_M), also across an "
                  "identity"))
    expect_named_count(got, want, what, hints)
    raise Mismatch(f"{what} is {got:,}, expected {want:,} (off by {got - want:+,})")


@pytest.mark.points(0.75)
def test_bert_like(student, reference):
    check(student, reference, [1, 2] * 12, (768,), 768, 128, "encoder_flops(BERT-base, seq_len=128)")
    check(student, reference, [1, 2] * 6, (512,), 512, 37, "encoder_flops([1, 2] * 6, (512,), 512, seq_len=37)")


@pytest.mark.points(0.75)
def test_mixed_widths(student, reference):
    rng = np.random.default_rng(70)
    for t in range(4):
        arch = np.where(rng.random(24) < 0.4, 0, rng.integers(1, 11, 24)).tolist()
        e, n = (128, 256, 512, 192)[t], (128, 64, 50, 200)[t]
        check(student, reference, arch, HS, e, n, f"encoder_flops({arch}, NAS_BERT_HIDDEN, {e}, seq_len={n})")


@pytest.mark.points(0.5)
def test_sequence_length_scaling(student, reference):
    arch = [5, 10, 5, 10, 0, 1, 6]
    for n in (1, 16, 512):
        check(student, reference, arch, HS, 512, n, f"encoder_flops({arch}, NAS_BERT_HIDDEN, 512, seq_len={n})")
    check(student, reference, [0, 0, 0], HS, 128, 128, "encoder_flops([0, 0, 0], ...) (all identity)")


@pytest.mark.points(0.25)
def test_empty_architecture_default_length_and_python_int(student, reference):
    check(student, reference, [], HS, 128, 128, "encoder_flops([], NAS_BERT_HIDDEN, 128) (L = 0: no FLOPs)")
    want = reference.encoder_flops([1, 2] * 2, (256,), 128)
    got = student.encoder_flops([1, 2] * 2, (256,), 128)
    expect_true(got == want, f"encoder_flops([1, 2] * 2, (256,), 128) with the default seq_len=128 is {got}, "
                             f"expected {want:,}")
    expect_python_int(got, "encoder_flops([1, 2] * 2, (256,), 128)", "np.sum, np.prod and NumPy integer arithmetic "
                      "return NumPy integers")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.encoder_flops([3, 0, 8, 1, 10], list(HS), 256, 64)
    expect_unchanged(student.last_call, "read arch and hidden_sizes without sorting, appending or removing")


@pytest.mark.points(0.5)
def test_random_architectures(student, reference):
    rng = np.random.default_rng(71)
    for _ in range(4):
        K = int(rng.integers(1, 6))
        hs = tuple(int(h) for h in np.sort(rng.choice(np.arange(64, 1025, 64), size=K, replace=False)))
        L = int(rng.integers(0, 30))
        arch = np.where(rng.random(L) < 0.3, 0, rng.integers(1, 2 * K + 1, L)).tolist()
        e, n = int(rng.choice([64, 128, 768])), int(rng.integers(1, 1024))
        check(student, reference, arch, hs, e, n, f"encoder_flops({arch}, {hs}, {e}, seq_len={n}) (random draw)")
