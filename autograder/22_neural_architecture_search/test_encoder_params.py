"""Hidden tests of encoder_params (mirrors sum(p.numel()) of the described encoder; BERT-base as
transformers' BertModel(BertConfig(), add_pooling_layer=False) = 108,891,648)."""
import numpy as np
import pytest
from _counts import expect_named_count, student_count

from coursekit.expect import Mismatch, expect_python_int, expect_unchanged

HS = (128, 192, 256, 384, 512)


def _parts(reference, arch, hs, e, V=30522, P=512, T=2):
    ops, dims = reference.decode_architecture(arch, hs)
    mha, ffn = ops == 1, ops == 2
    d = dims
    chain = np.concatenate([[e], dims[ops != 0]])
    din, dout = chain[:-1], chain[1:]
    change = din != dout
    return dict(emb=(V + P + T) * e, emb_ln=2 * e,
                mha_w=int((4 * d[mha] ** 2).sum()), mha_b=int((4 * d[mha]).sum()), mha_ln=int((2 * d[mha]).sum()),
                ffn_w=int((8 * d[ffn] ** 2).sum()), ffn_b=int((5 * d[ffn]).sum()), ffn_ln=int((2 * d[ffn]).sum()),
                ffn_w_inner_d=int((2 * d[ffn] ** 2).sum()), ffn_b_inner_d=int((2 * d[ffn]).sum()),
                tr_w=int((din * dout)[change].sum()), tr_b=int(dout[change].sum()),
                tr_all_w=int((din * dout).sum()), tr_all_b=int(dout.sum()),
                first_tr=int(chain[0] * chain[1] + chain[1]) if len(chain) > 1 and chain[0] != chain[1] else 0,
                last_tr=int(chain[-1] * e + e) if chain[-1] != e else 0)


def check(student, reference, arch, hs, e, what, **kw):
    got = student_count(lambda: student.encoder_params(arch, hs, e, **kw), what)
    want = reference.encoder_params(arch, hs, e, **kw)
    if got == want:
        return
    p = _parts(reference, arch, hs, e, kw.get("vocab_size", 30522), kw.get("max_positions", 512),
               kw.get("type_vocab_size", 2))
    full = sum(v for k, v in p.items() if k in ("emb", "emb_ln", "mha_w", "mha_b", "mha_ln", "ffn_w", "ffn_b",
                                                 "ffn_ln", "tr_w", "tr_b"))
    assert full == want
    hints = [
        (want - p["mha_b"] - p["ffn_b"] - p["tr_b"], "the biases of the linear layers are missing "
                                                      "(MHA: 4d, FFN: 4d + d, transformations: d_out)"),
        (want - p["mha_ln"] - p["ffn_ln"] - p["emb_ln"], "the LayerNorms are missing (2d per sub-layer, 2e for the embeddings)"),
        (want - p["mha_ln"] - p["ffn_ln"], "the sub-layers' LayerNorms are missing (2d each)"),
        (want - p["tr_w"] - p["tr_b"], "the hidden-size transformations are missing: add d_in * d_out + d_out "
                                       "wherever the width changes (also from the embedding size e to the first sub-layer)"),
        (want - p["ffn_w"] - p["ffn_b"] + p["ffn_w_inner_d"] + p["ffn_b_inner_d"],
         "the FFN's inner size is d, not 4d: W1 is d x 4d, W2 is 4d x d"),
        (want + (p["tr_all_w"] - p["tr_w"]) + (p["tr_all_b"] - p["tr_b"]),
         "a transformation was counted between sub-layers of the SAME width: only where the width changes"),
        (want - p["emb"] - p["emb_ln"], "the embeddings are missing: (V + P + T) * e + 2e"),
        (want - p["tr_b"], "the transformations' biases are missing: each costs d_in * d_out + d_out"),
        (want - p["first_tr"], "the transformation from the embedding size e to the first sub-layer's width is "
                               "missing: the chain of widths starts at e, (e, d_1, ..., d_M)"),
        (want + p["last_tr"], "a transformation back to the embedding size e was added after the last sub-layer: "
                              "the encoder ends at the last sub-layer's width (only changes along (e, d_1, ..., d_M))"),
    ]
    ops, dims = reference.decode_architecture(arch, hs)
    full = np.concatenate([[e], dims])                       # the identity positions (width 0) left in
    change = full[:-1] != full[1:]
    hints.append((want - p["tr_w"] - p["tr_b"] + int((full[:-1] * full[1:] + full[1:])[change].sum()),
                  "an identity position was treated as a sub-layer of width 0: remove the identity positions first, "
                  "then a transformation goes wherever the width changes along (e, d_1, ..., d_M), also across an "
                  "identity"))
    expect_named_count(got, want, what, hints)
    if got != want and (got - want) % e == 0 and abs(got - want) // e <= 8:
        raise Mismatch(f"{what} is {got:,}, expected {want:,}: the embeddings are off by {(got - want) // e:+d} x e: "
                       "they have (vocab_size + max_positions + type_vocab_size) * e + 2e parameters, with the values "
                       "passed in (defaults 30522, 512 and 2)")
    raise Mismatch(f"{what} is {got:,}, expected {want:,} (off by {got - want:+,})")


@pytest.mark.points(0.75)
def test_bert_like_configs(student, reference):
    check(student, reference, [1, 2] * 12, (768,), 768, "encoder_params(BERT-base: [1, 2] * 12, (768,), 768)")
    check(student, reference, [1, 2] * 4, (256,), 256, "encoder_params([1, 2] * 4, (256,), 256, vocab_size=1000)",
          vocab_size=1000, max_positions=128, type_vocab_size=2)
    check(student, reference, [2, 5] * 3, (128, 384, 1024), 384,
          "encoder_params([2, 5] * 3, (128, 384, 1024), 384) (MHA-384 and FFN-384)")


@pytest.mark.points(0.75)
def test_mixed_widths_and_identity(student, reference):
    rng = np.random.default_rng(60)
    for t in range(4):
        arch = np.where(rng.random(24) < 0.4, 0, rng.integers(1, 11, 24)).tolist()
        e = (128, 256, 512, 192)[t]
        check(student, reference, arch, HS, e, f"encoder_params({arch}, NAS_BERT_HIDDEN, embed_dim={e})")


@pytest.mark.points(0.5)
def test_edge_cases(student, reference):
    check(student, reference, [0] * 24, HS, 128, "encoder_params([0] * 24, NAS_BERT_HIDDEN, 128) (all identity)")
    check(student, reference, [3, 3, 8, 0, 8, 3], HS, 256,
          "encoder_params([3, 3, 8, 0, 8, 3], NAS_BERT_HIDDEN, 256) (all width 256 = embed_dim: no transformation)")
    check(student, reference, [10, 0, 0, 1, 0, 10], HS, 64,
          "encoder_params([10, 0, 0, 1, 0, 10], NAS_BERT_HIDDEN, 64, vocab_size=50, max_positions=16, type_vocab_size=1)",
          vocab_size=50, max_positions=16, type_vocab_size=1)


@pytest.mark.points(0.25)
def test_empty_architecture_numpy_input_and_python_int(student, reference):
    check(student, reference, [], HS, 128, "encoder_params([], NAS_BERT_HIDDEN, 128) (L = 0: the embeddings only)")
    arch = np.array([1, 7, 0, 4, 10])
    check(student, reference, arch, HS, 256, "encoder_params(np.array([1, 7, 0, 4, 10]), NAS_BERT_HIDDEN, 256)")
    got = student.encoder_params([1, 2] * 12, (768,), 768)
    expect_python_int(got, "encoder_params([1, 2] * 12, (768,), 768)", "np.sum, np.prod and NumPy integer arithmetic "
                      "return NumPy integers")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.encoder_params([3, 0, 8, 1, 10], list(HS), 256)
    expect_unchanged(student.last_call, "read arch and hidden_sizes without sorting, appending or removing")


@pytest.mark.points(0.5)
def test_random_architectures(student, reference):
    rng = np.random.default_rng(61)
    for _ in range(4):
        K = int(rng.integers(1, 6))
        hs = tuple(int(h) for h in np.sort(rng.choice(np.arange(64, 1025, 64), size=K, replace=False)))
        L = int(rng.integers(0, 30))
        arch = np.where(rng.random(L) < 0.3, 0, rng.integers(1, 2 * K + 1, L)).tolist()
        e = int(rng.choice([64, 128, 768]))
        kw = dict(vocab_size=int(rng.integers(10, 50000)), max_positions=int(rng.integers(1, 1024)),
                  type_vocab_size=int(rng.integers(1, 3)))
        check(student, reference, arch, hs, e, f"encoder_params({arch}, {hs}, {e}, {kw}) (random draw)", **kw)
