"""Hidden tests of trainable_parameter_counts: BertModel's parameter count (as
sum(p.numel() for p in BertModel(config).parameters()) in transformers), two Houlsby adapters per layer
(2md + d + m each), LoRA on query and value (r (d_in + d_out) each)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_equal, expect_python_float, expect_python_int, expect_true

KEYS = ["bert", "houlsby", "houlsby_fraction", "lora", "lora_fraction"]


def _get(student, **kwargs):
    got = student.trainable_parameter_counts(**kwargs)
    expect_true(isinstance(got, dict), f"trainable_parameter_counts returned a {type(got).__name__}; return a dict "
                                       "with the keys " + ", ".join(KEYS))
    expect_equal(sorted(got), KEYS, "the keys of the returned dict")
    return got


def _bert_mistakes(H=768, L=12, I=3072, V=30522, P=512, T=2):
    emb = (V + P + T) * H + 2 * H
    layer = 4 * (H * H + H) + 2 * H + (H * I + I) + (I * H + H) + 2 * H
    pool = H * H + H
    return [
        (emb + L * layer, "the pooler (a dense H x H layer with bias) is missing: BertModel includes it"),
        (V * H + 2 * H + L * layer + pool, "the position and token-type embeddings are missing"),
        (emb - 2 * H + L * (layer - 4 * H) + pool, "the LayerNorm parameters (weight and bias, 2H each) are missing"),
        (emb - 2 * H + L * layer + pool, "the LayerNorm of the embeddings (weight and bias, 2H) is missing: BertModel "
                                         "normalises the sum of the three embeddings"),
        (emb + L * (layer - 4 * H - I - H) + pool - H, "the biases of the dense layers are missing"),
        (emb + L * (layer - 2 * H * I - I - H + H * I + I) + pool, "the feed-forward block has two dense layers "
                                                                    "(H -> I and I -> H)"),
    ] + _ignored(H, L, I, V, P, T)


def _bert(H, L, I, V, P, T):
    return (V + P + T) * H + 2 * H + L * (4 * (H * H + H) + 2 * H + (H * I + I) + (I * H + H) + 2 * H) + H * H + H


def _ignored(H, L, I, V, P, T):
    """The counts when one argument is ignored (BERT-base's value, or 4 * hidden, used instead)."""
    right = _bert(H, L, I, V, P, T)
    out = []
    for name, args in [("intermediate", (H, L, 4 * H, V, P, T)), ("intermediate", (H, L, 3072, V, P, T)),
                       ("type_vocab_size", (H, L, I, V, P, 2)), ("max_positions", (H, L, I, V, 512, T)),
                       ("vocab_size", (H, L, I, 30522, P, T)), ("layers", (H, 12, I, V, P, T))]:
        if _bert(*args) != right:
            out.append((_bert(*args), f"the {name} argument is ignored (a fixed value is used instead): count with "
                                      f"the {name} you are given"))
    return out


def _houlsby_mistakes(H, L, m):
    right = 2 * m * H + H + m
    return [
        (L * right, "one adapter per layer counted: Houlsby et al. insert two adapters per layer"),
        (L * 2 * 2 * m * H, "the adapter biases are missing: each adapter has 2md + d + m parameters"),
        (L * 2 * (m * H + m), "only the down-projection is counted: each adapter has W_down, b_down, W_up, b_up"),
        (L * 2 * right + L * 2 * 2 * H, "the layer norms are counted: count the adapters' weights and biases only"),
    ]


def _lora_mistakes(H, L, r):
    return [
        (L * r * 2 * H, "half the expected LoRA count: count A (r x d_in) and B (d_out x r) for both the query "
                        "and the value matrix of every layer"),
        (L * 3 * r * 2 * H, "LoRA is counted on three matrices (query, key and value): peft's default for BERT "
                            "adapts query and value only"),
        (L * 4 * r * 2 * H, "LoRA is counted on four attention matrices: peft's default for BERT adapts query and "
                            "value only"),
        (L * 2 * H * H, "this counts full H x H matrices: LoRA trains r (d_in + d_out) parameters per matrix"),
    ]


@pytest.mark.points(1)
def test_bert_base(student, reference):
    got = _get(student)
    want = reference.trainable_parameter_counts()
    expect_array(got["bert"], want["bert"], "trainable_parameter_counts()['bert'] (BERT-base)", rtol=0, atol=0.5,
                 mistakes=_bert_mistakes())
    expect_array(got["houlsby"], want["houlsby"], "trainable_parameter_counts()['houlsby'] (m = 64)", rtol=0,
                 atol=0.5, mistakes=_houlsby_mistakes(768, 12, 64))
    expect_array(got["houlsby"], want["houlsby"], "trainable_parameter_counts()['houlsby'] (m = 64)", rtol=0,
                 atol=0.5, mistakes=_houlsby_mistakes(768, 12, 64) + [
                     (12 * 2 * (2 * m * 768 + 768 + m), f"the default bottleneck is not 64 (this is the count for "
                                                        f"bottleneck={m}): use the docstring's defaults")
                     for m in (8, 16, 32, 48, 128, 256)])
    expect_array(got["lora"], want["lora"], "trainable_parameter_counts()['lora'] (r = 8)", rtol=0, atol=0.5,
                 mistakes=_lora_mistakes(768, 12, 8) + [
                     (12 * 2 * r * 2 * 768, f"the default lora_r is not 8 (this is the count for lora_r={r}): use "
                                            "the docstring's defaults")
                     for r in (1, 2, 4, 16, 32, 64)])


@pytest.mark.points(0.75)
def test_bert_large_and_a_small_config(student, reference):
    for kw in [dict(hidden=1024, layers=24, intermediate=4096),
               dict(hidden=128, layers=2, intermediate=512, vocab_size=1000, max_positions=64, type_vocab_size=3)]:
        got = _get(student, **kw)
        want = reference.trainable_parameter_counts(**kw)
        H, L, I = kw["hidden"], kw["layers"], kw["intermediate"]
        V, P, T = kw.get("vocab_size", 30522), kw.get("max_positions", 512), kw.get("type_vocab_size", 2)
        expect_array(got["bert"], want["bert"], f"trainable_parameter_counts(**{kw})['bert']", rtol=0, atol=0.5,
                     mistakes=_bert_mistakes(H, L, I, V, P, T))


@pytest.mark.points(0.75)
def test_houlsby_sizes(student, reference):
    for kw in [dict(bottleneck=8), dict(bottleneck=256),
               dict(hidden=1024, layers=24, intermediate=4096, bottleneck=64)]:
        got = _get(student, **kw)
        want = reference.trainable_parameter_counts(**kw)
        H, L = kw.get("hidden", 768), kw.get("layers", 12)
        expect_array(got["houlsby"], want["houlsby"], f"trainable_parameter_counts(**{kw})['houlsby']", rtol=0,
                     atol=0.5, mistakes=_houlsby_mistakes(H, L, kw["bottleneck"]))
        expect_array(got["houlsby_fraction"], want["houlsby_fraction"],
                     f"trainable_parameter_counts(**{kw})['houlsby_fraction']", rtol=1e-12, atol=0,
                     mistakes=[(want["houlsby_fraction"] * 100, "the fraction is in percent: return houlsby / bert"),
                               (want["houlsby"] / (want["bert"] + want["houlsby"]), "the fraction is of the model with the "
                                "added parameters: divide by bert alone, houlsby / bert"),
                               *[(round(want["houlsby_fraction"], k), "the fraction is rounded: return the unrounded "
                                  "houlsby / bert (round only when printing)") for k in range(2, 7)],
                               (0.0, "the fraction is 0: houlsby // bert is integer division; use /")])


@pytest.mark.points(0.75)
def test_lora_ranks_and_fractions(student, reference):
    for kw in [dict(lora_r=1), dict(lora_r=64), dict(hidden=1024, layers=24, intermediate=4096, lora_r=16)]:
        got = _get(student, **kw)
        want = reference.trainable_parameter_counts(**kw)
        H, L = kw.get("hidden", 768), kw.get("layers", 12)
        expect_array(got["lora"], want["lora"], f"trainable_parameter_counts(**{kw})['lora']", rtol=0, atol=0.5,
                     mistakes=_lora_mistakes(H, L, kw["lora_r"]))
        expect_array(got["lora_fraction"], want["lora_fraction"], f"trainable_parameter_counts(**{kw})['lora_fraction']",
                     rtol=1e-12, atol=0,
                     mistakes=[(want["lora_fraction"] * 100, "the fraction is in percent: return lora / bert"),
                               (want["lora"] / (want["bert"] + want["lora"]), "the fraction is of the model with the "
                                "added parameters: divide by bert alone, lora / bert"),
                               *[(round(want["lora_fraction"], k), "the fraction is rounded: return the unrounded "
                                  "lora / bert (round only when printing)") for k in range(2, 7)],
                               (0.0, "the fraction is 0: lora // bert is integer division; use /")])


DEFAULTS = dict(hidden=768, layers=12, intermediate=3072, vocab_size=30522, max_positions=512, type_vocab_size=2)


def _check_all(got, want, what, kw):
    kw = {**DEFAULTS, **kw}
    for key in ("bert", "houlsby", "lora"):
        value = got[key]
        kind = np.asarray(value).dtype.kind if isinstance(value, (int, float, np.ndarray)) else "?"
        expect_true(kind in "iu" and np.ndim(value) == 0 and not isinstance(value, bool),
                    f"{what}[{key!r}] is {value!r} of type {type(value).__name__}: a parameter count is an int "
                    "(integer arithmetic: *, +, // never /)")
        expect_python_int(value, f"{what}[{key!r}]", "np.sum, np.prod and np.int64 arithmetic return NumPy integers")
        expect_array(value, want[key], f"{what}[{key!r}]", rtol=0, atol=0,
                     mistakes=_ignored(*(kw[k] for k in ("hidden", "layers", "intermediate", "vocab_size",
                                                          "max_positions", "type_vocab_size"))) if key == "bert" else [])
    for key in ("houlsby_fraction", "lora_fraction"):
        expect_array(got[key], want[key], f"{what}[{key!r}]", rtol=1e-12, atol=0,
                     mistakes=[(0.0, "the fraction is 0: count // bert is integer division; use / for the "
                                     "fraction"),
                               (want[key] * 100, "the fraction is in percent: return count / bert")])
        expect_python_float(got[key], f"{what}[{key!r}]", "np.divide and NumPy integers give NumPy floats: divide "
                                                           "the Python int counts with /")


@pytest.mark.points(0.5)
def test_int_counts_and_boundary_sizes(student, reference):
    for kw in [{}, dict(layers=1, bottleneck=1, lora_r=1), dict(layers=0),
               dict(hidden=64, layers=3, intermediate=64, vocab_size=10, max_positions=1, type_vocab_size=1,
                    bottleneck=64, lora_r=32)]:
        _check_all(_get(student, **kw), reference.trainable_parameter_counts(**kw),
                   f"trainable_parameter_counts(**{kw})", kw)


@pytest.mark.points(0.25)
def test_random_configs(student, reference):
    rng = np.random.default_rng(235)
    for case in range(4):
        kw = dict(hidden=int(rng.integers(1, 2048)), layers=int(rng.integers(1, 48)),
                  intermediate=int(rng.integers(1, 8192)), vocab_size=int(rng.integers(1, 100000)),
                  max_positions=int(rng.integers(1, 4096)), type_vocab_size=int(rng.integers(1, 4)),
                  bottleneck=int(rng.integers(1, 512)), lora_r=int(rng.integers(1, 128)))
        _check_all(_get(student, **kw), reference.trainable_parameter_counts(**kw),
                   f"trainable_parameter_counts(**{kw}) (random case {case})", kw)
