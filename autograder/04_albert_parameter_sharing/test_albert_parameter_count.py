"""Hidden tests of albert_parameter_count: sum(p.numel() for p in AlbertModel(AlbertConfig(**config)).parameters()).

The expected totals below were obtained by instantiating transformers' AlbertModel with random weights
(sharing="all" is num_hidden_groups=1, sharing="none" is num_hidden_groups=num_hidden_layers)."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_equal, expect_python_int, expect_true, expect_unchanged

EXACT = dict(rtol=0, atol=0)
BASE = dict(vocab_size=30000, embedding_size=128, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
            intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2)
LARGE = dict(BASE, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096)
XLARGE = dict(BASE, hidden_size=2048, num_hidden_layers=24, num_attention_heads=16, intermediate_size=8192)
XXLARGE = dict(BASE, hidden_size=4096, num_hidden_layers=12, num_attention_heads=64, intermediate_size=16384)
SMALL = dict(vocab_size=1000, embedding_size=16, hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
             intermediate_size=100, max_position_embeddings=77, type_vocab_size=3)
TINY = dict(vocab_size=500, embedding_size=8, hidden_size=32, num_hidden_layers=5, num_attention_heads=4,
            intermediate_size=48, max_position_embeddings=40, type_vocab_size=1)
# (config, sharing) -> AlbertModel's count
TRANSFORMERS_TOTAL = {"albert-base-v2": (BASE, "all", 11_683_584), "albert-large": (LARGE, "all", 17_683_968),
                      "albert-xlarge": (XLARGE, "all", 58_724_864), "albert-xxlarge": (XXLARGE, "all", 222_595_584),
                      "albert-base, no sharing": (BASE, "none", 89_650_176),
                      "small": (SMALL, "all", 52_420), "small, no sharing": (SMALL, "none", 112_140),
                      "tiny": (TINY, "all", 13_192), "tiny, no sharing": (TINY, "none", 43_208)}
KEYS = ["embeddings", "encoder", "pooler", "projection", "total"]


def _parts(c):
    V, E, H, L, I = c["vocab_size"], c["embedding_size"], c["hidden_size"], c["num_hidden_layers"], c["intermediate_size"]
    P, T = c["max_position_embeddings"], c["type_vocab_size"]
    att = 4 * (H * H + H) + 2 * H
    ffn = 2 * H * I + I + H + 2 * H
    return dict(V=V, E=E, H=H, L=L, I=I, P=P, T=T, emb=(V + P + T) * E + 2 * E, proj=E * H + H, att=att, ffn=ffn,
                pool=H * H + H)


def _encoder(p, sharing):
    n_att, n_ffn = {"all": (1, 1), "attention": (1, p["L"]), "ffn": (p["L"], 1), "none": (p["L"], p["L"])}[sharing]
    return n_att * p["att"] + n_ffn * p["ffn"]


def _mistakes(c, sharing):
    p = _parts(c)
    right = p["emb"] + p["proj"] + _encoder(p, sharing) + p["pool"]
    swapped = {"attention": "ffn", "ffn": "attention"}.get(sharing)
    out = [
        ((p["V"] + p["P"] + p["T"]) * p["H"] + 2 * p["H"] + _encoder(p, sharing) + p["pool"],
         "the embeddings are not factorized: ALBERT's tables have E columns (V*E + P*E + T*E + 2E) "
         "and an E x H projection (with H biases) maps them to the hidden size"),
        (right - p["H"], "the bias of the E -> H projection is missing: the projection has E*H weights and H biases"),
        (right - p["proj"], "the E -> H projection (embedding_hidden_mapping_in, E*H + H) is missing"),
        (p["emb"] + p["proj"] + p["L"] * (p["att"] + p["ffn"]) + p["pool"],
         "the shared layers are counted once per layer: shared weights are stored once, whatever num_hidden_layers is"),
        (right - p["pool"], "the pooler (an H x H linear map with H biases) is missing"),
        (p["V"] * p["E"] + p["proj"] + _encoder(p, sharing) + p["pool"],
         "the position and token-type embeddings (and the embedding LayerNorm) are missing: "
         "embeddings = (V + P + T) * E + 2E"),
    ]
    if p["E"] != p["H"]:
        out.append((right - 2 * p["E"] + 2 * p["H"], "the embedding LayerNorm is counted over H features: it normalises "
                                                     "the E-dimensional embeddings, so it has 2E parameters"))
    if sharing in ("attention", "ffn"):
        n_att, n_ffn = {"attention": (1, p["L"]), "ffn": (p["L"], 1)}[sharing]
        moved = n_att * (p["att"] - 2 * p["H"]) + n_ffn * (p["ffn"] + 2 * p["H"])
        out.append((p["emb"] + p["proj"] + moved + p["pool"],
                    "the attention LayerNorm is counted with the feed-forward block: it belongs to the attention "
                    "block (N_att = 4(H^2 + H) + 2H), the other LayerNorm to the FFN (N_ffn = 2HI + I + H + 2H)"))
    if swapped:
        out.append((p["emb"] + p["proj"] + _encoder(p, swapped) + p["pool"],
                    "'attention' and 'ffn' are swapped: sharing='attention' keeps ONE attention block and one FFN per layer"))
    return out


def _check(student, name, config, sharing, total, extra=""):
    what = f"albert_parameter_count({name} config, sharing={sharing!r})"
    got = student.albert_parameter_count(dict(config), sharing)
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {type(got).__name__}; return a dict with the keys {KEYS}")
    expect_equal(sorted(got), KEYS, f"the keys of {what}")
    expect_array(got["total"], total, f"{what}['total']{extra}", mistakes=_mistakes(config, sharing), **EXACT)
    return got


@pytest.mark.points(0.75)
def test_matches_transformers_albert_base_v2(student, reference):
    config, sharing, total = TRANSFORMERS_TOTAL["albert-base-v2"]
    _check(student, "albert-base-v2", config, sharing, total, f" (transformers' AlbertModel has {total:,})")
    config, sharing, total = TRANSFORMERS_TOTAL["albert-base, no sharing"]
    _check(student, "albert-base-v2", config, sharing, total,
           f" (transformers' AlbertModel with num_hidden_groups=12 has {total:,})")


@pytest.mark.points(0.75)
def test_matches_transformers_other_sizes(student, reference):
    for name in ("albert-large", "albert-xlarge", "albert-xxlarge", "small", "small, no sharing", "tiny",
                 "tiny, no sharing"):
        config, sharing, total = TRANSFORMERS_TOTAL[name]
        _check(student, name, config, sharing, total, f" (transformers' AlbertModel has {total:,})")


@pytest.mark.points(0.75)
def test_partial_sharing(student, reference):
    for name, config in (("albert-base-v2", BASE), ("small", SMALL), ("tiny", TINY)):
        for sharing in ("attention", "ffn"):
            want = reference.albert_parameter_count(dict(config), sharing)["total"]
            _check(student, name, config, sharing, want)


@pytest.mark.points(0.5)
def test_breakdown(student, reference):
    for name, config in (("albert-xxlarge", XXLARGE), ("tiny", TINY)):
        for sharing in ("all", "none"):
            got = _check(student, name, config, sharing, reference.albert_parameter_count(dict(config), sharing)["total"])
            want = reference.albert_parameter_count(dict(config), sharing)
            p = _parts(config)
            expect_array(got["embeddings"], want["embeddings"],
                         f"albert_parameter_count({name} config)['embeddings']", **EXACT,
                         mistakes=[(p["emb"] + p["proj"], "the projection is counted in 'embeddings': "
                                    "report it separately under 'projection'")])
            for key in ("projection", "encoder", "pooler"):
                expect_array(got[key], want[key], f"albert_parameter_count({name} config, sharing={sharing!r})[{key!r}]",
                             **EXACT)


def _expect_ints(got, what):
    for key, value in got.items():
        kind = np.asarray(value).dtype.kind if isinstance(value, (int, float, np.ndarray)) else "?"
        expect_true(kind in "iu" and np.ndim(value) == 0 and not isinstance(value, bool),
                    f"{what}[{key!r}] is {value!r} of type {type(value).__name__}: parameter counts are ints (the "
                    "docstring promises Python ints): use integer arithmetic (* and //, never /) or int(...)")
        expect_python_int(value, f"{what}[{key!r}]", "np.sum, np.prod and np.int64 arithmetic return NumPy integers")


def _check_all(student, reference, config, sharing, what):
    args = (dict(config),) if sharing is None else (dict(config), sharing)
    got = student.albert_parameter_count(*args)
    want = reference.albert_parameter_count(*args)
    sharing = sharing or "all"
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {type(got).__name__}; return a dict with the keys {KEYS}")
    expect_equal(sorted(got), KEYS, f"the keys of {what}")
    p = _parts(config)
    mistakes = _mistakes(config, sharing)
    if p["E"] == p["H"]:
        mistakes = [(want["total"] - p["proj"], "the E -> H projection is left out when E == H: AlbertModel always "
                     "has embedding_hidden_mapping_in (E*H + H parameters), whatever the sizes")] + mistakes
    expect_array(got["total"], want["total"], f"{what}['total']", mistakes=mistakes, **EXACT)
    for key in ("embeddings", "projection", "encoder", "pooler"):
        expect_array(got[key], want[key], f"{what}[{key!r}]", **EXACT)
    _expect_ints(got, what)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    config = dict(SMALL)
    got = student.albert_parameter_count(config, "ffn")
    expect_unchanged(student.last_call, "read the values with config[...] (or config.get); do not pop, add or change "
                                        "keys of the dict you were given")
    expect_array(got["total"] if isinstance(got, dict) and "total" in got else got,
                 reference.albert_parameter_count(dict(SMALL), "ffn")["total"],
                 "albert_parameter_count(small config, sharing='ffn')['total']", mistakes=_mistakes(SMALL, "ffn"), **EXACT)


@pytest.mark.points(0.25)
def test_default_sharing_boundaries_and_int_counts(student, reference):
    _check_all(student, reference, BASE, None, "albert_parameter_count(albert-base-v2 config) with the default sharing")
    same = dict(SMALL, embedding_size=SMALL["hidden_size"])
    for sharing in ("all", "none"):
        _check_all(student, reference, same, sharing,
                   f"albert_parameter_count(small config with embedding_size == hidden_size = 64, sharing={sharing!r})")
    one = dict(TINY, num_hidden_layers=1)
    for sharing in ("all", "attention", "ffn", "none"):
        _check_all(student, reference, one, sharing, f"albert_parameter_count(tiny config with one layer, "
                                                     f"sharing={sharing!r}) (every mode has the same count)")


@pytest.mark.points(0.25)
def test_random_configs(student, reference):
    rng = np.random.default_rng(8)
    for case in range(4):
        heads = int(rng.integers(1, 9))
        config = dict(vocab_size=int(rng.integers(10, 50000)), embedding_size=int(rng.integers(1, 300)),
                      hidden_size=heads * int(rng.integers(1, 65)), num_hidden_layers=int(rng.integers(1, 30)),
                      num_attention_heads=heads, intermediate_size=int(rng.integers(1, 5000)),
                      max_position_embeddings=int(rng.integers(1, 2049)), type_vocab_size=int(rng.integers(1, 5)))
        sharing = str(rng.choice(["all", "attention", "ffn", "none"]))
        _check_all(student, reference, config, sharing,
                   f"albert_parameter_count({config}, sharing={sharing!r}) (random case {case})")
