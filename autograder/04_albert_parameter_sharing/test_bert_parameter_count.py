"""Hidden tests of bert_parameter_count: sum(p.numel() for p in BertModel(BertConfig(**config)).parameters()).

The expected totals below were obtained by instantiating transformers' BertModel with random weights."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_equal, expect_python_int, expect_true, expect_unchanged

EXACT = dict(rtol=0, atol=0)
BERT_BASE = dict(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                 intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2)
BERT_LARGE = dict(BERT_BASE, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096)
SMALL = dict(vocab_size=1000, hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
             intermediate_size=100, max_position_embeddings=77, type_vocab_size=3)   # I != 4H on purpose
TINY = dict(vocab_size=500, hidden_size=32, num_hidden_layers=5, num_attention_heads=4,
            intermediate_size=48, max_position_embeddings=40, type_vocab_size=1)
TRANSFORMERS_TOTAL = {"bert-base": (BERT_BASE, 109_482_240), "bert-large": (BERT_LARGE, 335_141_888),
                      "small": (SMALL, 162_988), "tiny": (TINY, 55_952)}
KEYS = ["embeddings", "encoder", "layer", "pooler", "total"]


def _mistakes(c):
    V, H, L, I = c["vocab_size"], c["hidden_size"], c["num_hidden_layers"], c["intermediate_size"]
    P, T = c["max_position_embeddings"], c["type_vocab_size"]
    emb, pool = (V + P + T) * H + 2 * H, H * H + H
    layer = 4 * (H * H + H) + 2 * H + 2 * H * I + I + H + 2 * H
    return [
        (emb + L * (4 * H * H + 2 * H * I + 4 * H) + H * H,
         "the biases of the linear layers are missing: every linear map R^m -> R^n has m*n weights AND n biases"),
        ((V + P + T) * H + L * (4 * H * H + 2 * H * I) + H * H,
         "the biases of the linear layers are missing: every linear map R^m -> R^n has m*n weights AND n biases"),
        (emb + L * (layer - 4 * H) + pool - 2 * H,
         "the LayerNorm parameters are missing: each LayerNorm has a gain and a bias per feature (2H), "
         "one after the embeddings and two in every layer"),
        (emb + L * (layer - H * H - H) + pool,
         "one H x H attention matrix is missing: attention has four projections W_Q, W_K, W_V and the output W_O"),
        (emb + L * (layer - 2 * H * I - I + 8 * H * H + 4 * H) + pool,
         "the feed-forward size is taken as 4H: use config['intermediate_size'] (I), which need not be 4H"),
        (emb + L * layer, "the pooler (an H x H linear map with H biases on the [CLS] state) is missing"),
        (V * H + L * layer + pool,
         "the position and token-type embeddings (and the embedding LayerNorm) are missing: "
         "embeddings = (V + P + T) * H + 2H"),
        (emb + layer + pool, "only one layer is counted: BERT has num_hidden_layers distinct layers"),
        (emb - 2 * H + L * layer + pool,
         "the LayerNorm of the embeddings is missing: embeddings = (V + P + T) * H + 2H (a gain and a bias per "
         "feature)"),
        (emb + L * (layer - 2 * H) + pool,
         "one LayerNorm per layer is counted: every layer has TWO LayerNorms (2H each), one after attention and one "
         "after the feed-forward block"),
    ] + ([] if T == 2 else [
        ((V + P + 2) * H + 2 * H + L * layer + pool,
         f"two token types are counted: read config['type_vocab_size'] (T = {T} here), the token-type table is T x H"),
    ]) + ([] if P == 512 else [
        ((V + 512 + T) * H + 2 * H + L * layer + pool,
         f"512 positions are counted: read config['max_position_embeddings'] (P = {P} here), the table is P x H"),
    ])


def _total(got, what):
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {type(got).__name__}; return a dict with the keys {KEYS}")
    expect_equal(sorted(got), KEYS, f"the keys of {what}")
    return got["total"]


@pytest.mark.points(0.75)
def test_matches_transformers_bert_base_and_large(student, reference):
    for name in ("bert-base", "bert-large"):
        config, total = TRANSFORMERS_TOTAL[name]
        what = f"bert_parameter_count({name} config)"
        got = student.bert_parameter_count(dict(config))
        expect_array(_total(got, what), total, f"{what}['total'] (transformers' BertModel has {total:,})",
                     mistakes=_mistakes(config), **EXACT)


@pytest.mark.points(0.75)
def test_small_configs_and_breakdown(student, reference):
    for name in ("small", "tiny"):
        config, total = TRANSFORMERS_TOTAL[name]
        what = f"bert_parameter_count({config})"
        got = student.bert_parameter_count(dict(config))
        expect_array(_total(got, what), total, f"{what}['total'] (transformers' BertModel has {total:,})",
                     mistakes=_mistakes(config), **EXACT)
        want = reference.bert_parameter_count(dict(config))
        for key in ("embeddings", "layer", "encoder", "pooler"):
            expect_array(got[key], want[key], f"{what}[{key!r}]", **EXACT)


@pytest.mark.points(0.25)
def test_heads_do_not_change_the_count(student, reference):
    config, total = TRANSFORMERS_TOTAL["tiny"]
    for heads in (1, 8, 32):
        what = f"bert_parameter_count(tiny config with num_attention_heads={heads})"
        got = student.bert_parameter_count(dict(config, num_attention_heads=heads))
        expect_array(_total(got, what), total, what + ": the number of heads splits the H x H projections, "
                     "it does not change how many parameters they have", mistakes=_mistakes(config), **EXACT)


def _expect_ints(got, what):
    for key, value in got.items():
        kind = np.asarray(value).dtype.kind if isinstance(value, (int, float, np.ndarray)) else "?"
        expect_true(kind in "iu" and np.ndim(value) == 0 and not isinstance(value, bool),
                    f"{what}[{key!r}] is {value!r} of type {type(value).__name__}: parameter counts are ints (the "
                    "docstring promises Python ints): use integer arithmetic (* and //, never /) or int(...)")
        expect_python_int(value, f"{what}[{key!r}]", "np.sum, np.prod and np.int64 arithmetic return NumPy integers")


def _check_all(got, want, what, config):
    expect_array(_total(got, what), want["total"], f"{what}['total']", mistakes=_mistakes(config), **EXACT)
    for key in ("embeddings", "layer", "encoder", "pooler"):
        expect_array(got[key], want[key], f"{what}[{key!r}]", **EXACT)
    _expect_ints(got, what)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    config = dict(TRANSFORMERS_TOTAL["small"][0])
    got = student.bert_parameter_count(config)
    expect_unchanged(student.last_call, "read the values with config[...] (or config.get); do not pop, add or change "
                                        "keys of the dict you were given")
    _check_all(got, reference.bert_parameter_count(config), "bert_parameter_count(small config)", config)


@pytest.mark.points(0.25)
def test_one_layer_and_int_counts(student, reference):
    for name, config in [("one layer", dict(TINY, num_hidden_layers=1)),
                         ("one layer, one type, I = H", dict(SMALL, num_hidden_layers=1, type_vocab_size=1,
                                                             intermediate_size=64)),
                         ("bert-base", BERT_BASE)]:
        what = f"bert_parameter_count({name} config)"
        _check_all(student.bert_parameter_count(dict(config)), reference.bert_parameter_count(dict(config)), what,
                   config)


@pytest.mark.points(0.25)
def test_random_configs(student, reference):
    rng = np.random.default_rng(7)
    for case in range(4):
        heads = int(rng.integers(1, 9))
        config = dict(vocab_size=int(rng.integers(10, 50000)), hidden_size=heads * int(rng.integers(1, 65)),
                      num_hidden_layers=int(rng.integers(1, 30)), num_attention_heads=heads,
                      intermediate_size=int(rng.integers(1, 5000)), max_position_embeddings=int(rng.integers(1, 2049)),
                      type_vocab_size=int(rng.integers(1, 5)))
        _check_all(student.bert_parameter_count(dict(config)), reference.bert_parameter_count(dict(config)),
                   f"bert_parameter_count({config}) (random case {case})", config)
