"""Hidden tests of layer_depths (mirrors the key_to_depths table of _get_layer_lrs in
google-research/electra model/optimization.py: /embeddings/ and /embeddings_project/ at 0, layer i at i + 1,
the task head at L + 2; with BERT's pooler at depth L + 1)."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import Mismatch, expect_array, expect_true, expect_unchanged


def roberta_names(num_layers):
    """Parameter names of transformers' RobertaForSequenceClassification (no pooler)."""
    names = ["roberta.embeddings.word_embeddings.weight", "roberta.embeddings.position_embeddings.weight",
             "roberta.embeddings.LayerNorm.weight", "roberta.embeddings.LayerNorm.bias"]
    for i in range(num_layers):
        names += [f"roberta.encoder.layer.{i}.attention.self.query.weight",
                  f"roberta.encoder.layer.{i}.output.dense.bias",
                  f"roberta.encoder.layer.{i}.output.LayerNorm.weight"]
    return names + ["classifier.dense.weight", "classifier.dense.bias", "classifier.out_proj.weight",
                    "classifier.out_proj.bias"]


def electra_names(num_layers):
    """Parameter names of transformers' ElectraForSequenceClassification with embedding size != hidden size
    (ELECTRA-Small): the embeddings are projected by electra.embeddings_project; no pooler."""
    names = ["electra.embeddings.word_embeddings.weight", "electra.embeddings.LayerNorm.bias",
             "electra.embeddings_project.weight", "electra.embeddings_project.bias"]
    for i in range(num_layers):
        names += [f"electra.encoder.layer.{i}.attention.self.key.weight", f"electra.encoder.layer.{i}.output.dense.bias"]
    return names + ["classifier.dense.weight", "classifier.out_proj.bias"]


def variant(names, L, mistake):
    """The depths that a known mistake produces."""
    out = []
    if mistake == "infer_L":      # L taken from the names: 1 + the largest layer index found (0 if none)
        L = 1 + max((int(p[k + 1]) for p in (n.split(".") for n in names) for k in range(len(p) - 1)
                     if p[k] == "layer" and p[k + 1].isdigit()), default=-1)
    for name in names:
        parts = name.split(".")
        if mistake == "substring_parts":
            parts = [w for w in ("embeddings", "pooler") if w in name] + parts
        if "embeddings" in parts or ("embeddings_project" in parts and mistake != "projection_as_head"):
            out.append(0)
            continue
        layer = next((int(parts[k + 1]) for k in range(len(parts) - 1)
                      if parts[k] == "layer" and parts[k + 1].isdigit()), None)
        if mistake == "substring" and layer is not None:
            layer = next(i for i in range(L) if f"layer.{i}" in name)
        if mistake == "first_digit" and layer is not None:
            layer = int(str(layer)[0])
        if layer is not None:
            out.append(layer if mistake == "zero_based" else layer + 1)
        elif "pooler" in parts:
            out.append(L + 2 if mistake == "pooler_with_head" else L + 1)
        else:
            out.append(L + 1 if mistake == "head_below" else L + 2)
    return np.array(out)


def mistakes(names, L):
    return [(variant(names, L, "zero_based"),
             "encoder layer i is at depth i + 1 (depth 0 is the embeddings), not at depth i"),
            (variant(names, L, "substring"),
             "a name of layer 10 or 11 got the depth of layer 1: 'layer.1' is a substring of 'layer.11', "
             "compare whole dot-separated parts of the name"),
            (variant(names, L, "first_digit"),
             "only the first digit of the layer index was read (layer 10 and 11 got the depth of layer 1): read the "
             "whole part after 'layer' (int(parts[k + 1]); in a regular expression \\d+, not \\d)"),
            (variant(names, L, "pooler_with_head"),
             "the pooler is at depth L + 1, one below the task head (depth L + 2), as in ELECTRA"),
            (variant(names, L, "head_below"),
             "the task head (classifier) is at depth L + 2, one above the pooler"),
            (variant(names, L, "infer_L"),
             "the pooler and the head are at num_layers + 1 and num_layers + 2 even when the names hold fewer "
             "layers (e.g. a frozen encoder whose parameters are not passed): use num_layers, not the largest "
             "layer index found in the names"),
            (variant(names, L, "substring_parts"),
             "'embeddings' and 'pooler' must be whole dot-separated parts of the name ('embeddings' in "
             "name.split('.')), not substrings: 'rel_embeddings' or 'pooler_gate' is another part"),
            (variant(names, L, "projection_as_head"),
             "electra.embeddings_project (ELECTRA's projection of the embeddings to the hidden size) is at depth 0 "
             "with the embeddings, as '/embeddings_project/' in ELECTRA's _get_layer_lrs, not at the head's depth")]


@pytest.mark.points(0.75)
def test_bert_two_layers(student, reference):
    names = reference.bert_parameter_names(2)
    want = np.array(reference.layer_depths(names, 2))
    expect_array(student.layer_depths(names, 2), want,
                 "layer_depths(bert_parameter_names(2), 2)", rtol=0, atol=0, mistakes=mistakes(names, 2))


@pytest.mark.points(0.75)
def test_bert_base_twelve_layers(student, reference):
    names = reference.bert_parameter_names(12)
    want = np.array(reference.layer_depths(names, 12))
    expect_array(student.layer_depths(names, 12), want,
                 "layer_depths(bert_parameter_names(12), 12)", rtol=0, atol=0, mistakes=mistakes(names, 12))


@pytest.mark.points(0.5)
def test_shuffled_and_roberta_names(student, reference):
    names = reference.bert_parameter_names(11)
    order = np.random.default_rng(80).permutation(len(names))
    shuffled = [names[k] for k in order]
    want = np.array(reference.layer_depths(shuffled, 11))
    expect_array(student.layer_depths(shuffled, 11), want,
                 "layer_depths of the 11-layer BERT names in shuffled order", rtol=0, atol=0,
                 mistakes=mistakes(shuffled, 11))
    rob = roberta_names(4)
    expect_array(student.layer_depths(rob, 4), np.array(reference.layer_depths(rob, 4)),
                 "layer_depths of RobertaForSequenceClassification names (4 layers, no pooler; "
                 "classifier.dense and classifier.out_proj are the head)", rtol=0, atol=0,
                 mistakes=mistakes(rob, 4))
    ele = electra_names(3)
    expect_array(student.layer_depths(ele, 3), np.array(reference.layer_depths(ele, 3)),
                 "layer_depths of ElectraForSequenceClassification names (3 layers, embedding size != hidden size: "
                 "electra.embeddings_project; no pooler)", rtol=0, atol=0, mistakes=mistakes(ele, 3))


def bare_bert_names(num_layers):
    """Parameter names of transformers' BertModel itself: no "bert." prefix, no task head."""
    names = ["embeddings.word_embeddings.weight", "embeddings.LayerNorm.bias"]
    for i in range(num_layers):
        names += [f"encoder.layer.{i}.attention.self.value.bias", f"encoder.layer.{i}.output.LayerNorm.weight"]
    return names + ["pooler.dense.weight", "pooler.dense.bias"]


def _check(student, reference, names, L, what, got=None, extra=()):
    got = student.layer_depths(names, L) if got is None else got
    want = np.array(reference.layer_depths(names, L), dtype=np.int64)
    expect_true(isinstance(got, (list, tuple, np.ndarray)), f"{what} must return a list of ints, got "
                                                            f"{type(got).__name__}")
    array = np.asarray(got)
    expect_true(array.size == 0 or array.dtype.kind in "iu", f"{what} returned values of dtype {array.dtype}: depths "
                                                              "are ints (a list of Python ints), not floats")
    expect_true(isinstance(got, list), f"{what} returned a {type(got).__name__}: the docstring promises a list of "
                                       "Python ints (build a list, or convert with [int(d) for d in depths])")
    if want.size == 0:
        expect_true(array.size == 0, f"{what} returned {len(got)} depths for an empty list of names: expected []")
        return
    expect_array(array, want, what, rtol=0, atol=0, mistakes=list(extra) + mistakes(names, L))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    names = reference.bert_parameter_names(2)[::-1]
    got = student.layer_depths(names, 2)
    expect_unchanged(student.last_call, "sorting, popping or editing the list of names changes the caller's list: "
                                        "read it, and build a new list of depths in the same order")
    _check(student, reference, names, 2, "layer_depths(bert_parameter_names(2) reversed, 2)", got)


@pytest.mark.points(0.5)
def test_names_without_prefix_no_layers_and_empty(student, reference):
    _check(student, reference, bare_bert_names(3), 3,
           "layer_depths of BertModel's own names (3 layers, no 'bert.' prefix: 'embeddings.word_embeddings.weight', "
           "'encoder.layer.0....', 'pooler.dense.weight'): compare whole parts of the name, wherever they are")
    _check(student, reference, ["bert.embeddings.word_embeddings.weight", "bert.pooler.dense.bias", "classifier.weight"],
           0, "layer_depths with num_layers=0 (embeddings, pooler and head only)")
    _check(student, reference, [], 12, "layer_depths([], 12) (no names)")
    _check(student, reference, ["bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight"], 12,
           "layer_depths(['bert.pooler.dense.weight', 'bert.pooler.dense.bias', 'classifier.weight'], 12) "
           "(the encoder frozen: only the pooler and the head are passed)")
    deberta = ["deberta.embeddings.word_embeddings.weight", "deberta.encoder.layer.0.attention.self.query_proj.weight",
               "deberta.encoder.layer.1.output.dense.bias", "deberta.encoder.rel_embeddings.weight",
               "pooler.dense.weight", "classifier.pooler_gate.weight", "classifier.weight"]
    _check(student, reference, deberta, 2,
           "layer_depths of DeBERTa-like names (2 layers; 'rel_embeddings' and 'pooler_gate' are not the parts "
           "'embeddings' and 'pooler', so those two names are at L + 2, as in ELECTRA's '/embeddings/' match)")
    head = ["bert.embeddings.word_embeddings.weight", "bert.encoder.layer.1.output.dense.weight",
            "bert.pooler.dense.weight", "classifier.layers.0.weight", "classifier.layers.1.bias",
            "classifier.sublayer.0.weight", "classifier.weight"]
    _check(student, reference, head, 2,
           "layer_depths of BERT names with a two-layer head ('classifier.layers.0.weight', "
           "'classifier.sublayer.0.weight'; 2 encoder layers)",
           extra=[(np.array([0, 2, 3, 1, 2, 1, 4]),
                   "'classifier.layers.0' and 'classifier.sublayer.0' are part of the task head (depth L + 2): "
                   "only a part that is exactly 'layer' followed by an integer part is an encoder layer "
                   "(a regex like r'layers?\\.(\\d+)' or 'layer.' found inside another part matches them)")])
    several = ["encoder.layer.2.embeddings.weight", "encoder.layer.1.pooler.dense.weight",
               "encoder.layer.0.attention.layer.3.weight", "classifier.weight"]
    _check(student, reference, several, 4,
           "layer_depths of names that match several rules (4 layers: 'encoder.layer.2.embeddings.weight', "
           "'encoder.layer.1.pooler.dense.weight', 'encoder.layer.0.attention.layer.3.weight', 'classifier.weight')",
           extra=[(np.array([3, 2, 1, 6]), "a name with an 'embeddings' part is at depth 0 even when it also has a "
                                           "layer: test the rules in the docstring's order, embeddings first"),
                  (np.array([0, 5, 1, 6]), "a name with a layer and a 'pooler' part is at the layer's depth: test "
                                           "the layer rule before the pooler rule, as the docstring orders them"),
                  (np.array([0, 2, 4, 6]), "with two 'layer.<i>' parts the FIRST one counts, not the last (stop "
                                           "at the first match)")])
    odd = ["head.layer.norm.weight", "encoder.layer", "encoder.layer.1.output.bias"]
    what = ("layer_depths(['head.layer.norm.weight', 'encoder.layer', 'encoder.layer.1.output.bias'], 4) (a part "
            "'layer' not followed by an integer part is not an encoder layer)")
    try:
        got = student.layer_depths(odd, 4)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise Mismatch(f"{what}: your code failed ({exc}): only a part 'layer' followed by an integer part is an "
                       "encoder layer (check parts[k + 1].isdigit() and that there is a next part); the other names "
                       "go on to the next rules") from None
    _check(student, reference, odd, 4, what, got)


@pytest.mark.points(0.25)
def test_random_models(student, reference):
    rng = np.random.default_rng(83)
    makers = [reference.bert_parameter_names, roberta_names, electra_names, bare_bert_names]
    for case in range(4):
        L = int(rng.integers(1, 26))
        names = makers[case](L)
        names = [names[k] for k in rng.permutation(len(names))]
        _check(student, reference, names, L, f"layer_depths of {len(names)} shuffled names of a {L}-layer model "
                                             f"({makers[case].__name__}, random case {case})")
