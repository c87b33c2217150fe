"""Hidden tests of decay_parameter_groups (mirrors Hugging Face Trainer.get_decay_parameter_names' name
patterns bias, layernorm, rmsnorm, (^|.)norm($|.), _norm($|.) on lower-cased names, and Google BERT's
exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"])."""
import numpy as np
import pytest

from coursekit.expect import Mismatch, expect_equal, expect_new, expect_true, expect_unchanged

BERT = ['bert.embeddings.word_embeddings.weight', 'bert.embeddings.position_embeddings.weight',
        'bert.embeddings.token_type_embeddings.weight', 'bert.embeddings.LayerNorm.weight',
        'bert.embeddings.LayerNorm.bias', 'bert.encoder.layer.0.attention.self.query.weight',
        'bert.encoder.layer.0.attention.self.query.bias', 'bert.encoder.layer.0.attention.self.key.weight',
        'bert.encoder.layer.0.attention.self.key.bias', 'bert.encoder.layer.0.attention.self.value.weight',
        'bert.encoder.layer.0.attention.self.value.bias', 'bert.encoder.layer.0.attention.output.dense.weight',
        'bert.encoder.layer.0.attention.output.dense.bias', 'bert.encoder.layer.0.attention.output.LayerNorm.weight',
        'bert.encoder.layer.0.attention.output.LayerNorm.bias', 'bert.encoder.layer.0.intermediate.dense.weight',
        'bert.encoder.layer.0.intermediate.dense.bias', 'bert.encoder.layer.0.output.dense.weight',
        'bert.encoder.layer.0.output.dense.bias', 'bert.encoder.layer.0.output.LayerNorm.weight',
        'bert.encoder.layer.0.output.LayerNorm.bias', 'bert.pooler.dense.weight', 'bert.pooler.dense.bias',
        'cls.predictions.transform.LayerNorm.weight', 'classifier.weight', 'classifier.bias']
DISTILBERT_AND_OTHERS = [
    'distilbert.embeddings.word_embeddings.weight', 'distilbert.embeddings.LayerNorm.weight',
    'distilbert.transformer.layer.0.attention.q_lin.weight', 'distilbert.transformer.layer.0.attention.q_lin.bias',
    'distilbert.transformer.layer.0.sa_layer_norm.weight', 'distilbert.transformer.layer.0.sa_layer_norm.bias',
    'distilbert.transformer.layer.0.ffn.lin1.weight', 'distilbert.transformer.layer.0.output_layer_norm.weight',
    'model.layers.0.input_layernorm.weight', 'model.layers.0.self_attn.q_proj.weight',
    'model.layers.0.post_attention_layernorm.weight', 'model.layers.0.mlp.up_proj.weight', 'model.norm.weight',
    'encoder.final_rmsnorm.weight', 'lm_head.weight', 'pre_classifier.weight', 'pre_classifier.bias']


def _split(names, excluded):
    return {"decay": [n for n in names if not excluded(n)], "no_decay": [n for n in names if excluded(n)]}


def _correct(name):
    parts = name.lower().split(".")
    return any("bias" in s or "layernorm" in s or "rmsnorm" in s or s == "norm" or s.endswith("_norm") for s in parts)


MISTAKES = [
    (lambda n: "bias" in n, "LayerNorm parameters are decayed: exclude names containing 'layernorm' as well as "
                            "biases (compare the lower-cased name: BERT writes 'LayerNorm')"),
    (lambda n: "bias" in n or "layernorm" in n or "layer_norm" in n,
     "'LayerNorm' is matched case-sensitively: compare the lower-cased name, so that "
     "'bert.embeddings.LayerNorm.weight' is excluded"),
    (lambda n: "bias" in n.lower() or "layernorm" in n.lower(),
     "normalisation layers named with '_norm' or 'norm' (DistilBERT's sa_layer_norm, Llama's model.norm) "
     "or 'rmsnorm' are decayed: exclude them too"),
    (lambda n: not _correct(n), "the two groups are swapped: 'decay' holds the weight matrices and embeddings, "
                                "'no_decay' the biases and normalisation parameters"),
    (lambda n: any(w in n.lower() for w in ("bias", "norm")),
     "every name containing 'norm' is excluded: match the components ('norm', '..._norm', 'layernorm', 'rmsnorm'), "
     "so that e.g. 'normalizer.weight' is still decayed"),
    (lambda n: any("bias" in s or s.endswith("norm") for s in n.lower().split(".")),
     "every component ending in 'norm' is excluded: 'batchnorm', 'groupnorm' or 'prenorm' is decayed; only "
     "components that contain 'layernorm' or 'rmsnorm', equal 'norm' or end with '_norm' are not"),
    (lambda n: n.endswith(".bias") or ".LayerNorm." in n or "layer_norm" in n or "norm." in n.lower(),
     "names are matched with their usual prefix or suffix ('.bias', '.LayerNorm.'): a name such as 'bias' or "
     "'LayerNorm.weight' has no leading dot; split the name on '.' and test each component"),
    (lambda n: any(s == "bias" or "layernorm" in s or "rmsnorm" in s or s == "norm" or s.endswith("_norm")
                   for s in n.lower().split(".")),
     "only a component EQUAL to 'bias' is excluded: a component that CONTAINS 'bias' (T5's "
     "relative_attention_bias, a q_bias) is not decayed either"),
    (lambda n: False, "every parameter is decayed: biases and LayerNorm parameters belong in 'no_decay'"),
    (lambda n: any("bias" in s or "layernorm" in s.lower() or "rmsnorm" in s.lower() or s.lower() == "norm"
                   or s.lower().endswith("_norm") for s in n.split(".")),
     "'bias' is matched case-sensitively: lower-case each component before every test, so that e.g. 'head.BIAS' "
     "is not decayed"),
    (lambda n: any("bias" in s or "layernorm" in s or s == "norm" or s.endswith("_norm") for s in n.lower().split(".")),
     "the 'rmsnorm' rule is missing: a component that contains 'rmsnorm' (lower-cased: 'RMSNorm', 'final_rmsnorm') "
     "is not decayed either"),
    (lambda n: any("bias" in s or "layernorm" in s or "rmsnorm" in s or s.endswith("_norm") for s in n.lower().split(".")),
     "the rule for a component EQUAL to 'norm' is missing: Llama's final 'model.norm.weight' (or 'norm.weight') is "
     "not decayed either"),
]


def _check(got, names, what):
    if not isinstance(got, dict) or set(got) != {"decay", "no_decay"}:
        raise Mismatch(f"{what} must return a dict with exactly the keys 'decay' and 'no_decay'")
    got = {k: list(v) for k, v in got.items()}
    want = _split(names, _correct)
    if got == want:
        return
    for rule, message in MISTAKES:
        wrong = _split(names, rule)
        if message and wrong != want and got == wrong:
            raise Mismatch(f"{what}: {message}")
    if sorted(got["decay"] + got["no_decay"]) == sorted(names) and set(got["decay"]) == set(want["decay"]):
        raise Mismatch(f"{what}: the right names, in the wrong order: keep the order of `names` in each list")
    expect_equal(got["decay"], want["decay"], f"{what}: the 'decay' list")
    expect_equal(got["no_decay"], want["no_decay"], f"{what}: the 'no_decay' list")


@pytest.mark.points(0.5)
def test_bert_parameter_names(student, reference):
    names = BERT
    _check(student.decay_parameter_groups(names), names, "decay_parameter_groups(names of BertForSequenceClassification's parameters)")
    expect_equal(reference.decay_parameter_groups(names), _split(names, _correct), "the reference (instructor check)")


@pytest.mark.points(0.5)
def test_distilbert_llama_and_edge_cases(student, reference):
    names = DISTILBERT_AND_OTHERS
    _check(student.decay_parameter_groups(names), names,
           "decay_parameter_groups(DistilBERT, Llama-style and RMSNorm parameter names)")
    shuffled = list(reversed(BERT[:8]))
    _check(student.decay_parameter_groups(shuffled), shuffled, "decay_parameter_groups(names in another order)")
    _check(student.decay_parameter_groups([]), [], "decay_parameter_groups([])")


PLAIN = ["bias", "weight", "LayerNorm.weight", "LayerNorm.bias", "norm.weight", "final_layer_norm.weight",
         "encoder.normalizer.weight", "model.norm_proj.weight", "ln_f.weight", "enormous.weight",
         "decoder.block.0.layer.0.layer_norm.weight", "head.BIAS", "rms_norm", "embeddings.RMSNorm.scale",
         "encoder.batchnorm.weight", "vision.groupnorm.weight", "blocks.0.prenorm.weight",
         "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", "blocks.0.attn.q_bias"]


@pytest.mark.points(0.5)
def test_names_without_the_usual_prefix(student, reference):
    names = PLAIN
    _check(student.decay_parameter_groups(names), names,
           "decay_parameter_groups(names without a model prefix, e.g. 'bias', 'LayerNorm.weight', and look-alikes such "
           "as 'encoder.normalizer.weight')")
    expect_equal(reference.decay_parameter_groups(names), _split(names, _correct), "the reference (instructor check)")
    got = student.decay_parameter_groups(["classifier.weight"])
    _check(got, ["classifier.weight"], "decay_parameter_groups(['classifier.weight'])")
    expect_true(all(isinstance(v, list) for v in got.values()),
                "decay_parameter_groups must return lists of str (not tuples or arrays) under 'decay' and 'no_decay'")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    student.decay_parameter_groups(list(BERT[:10]))
    expect_unchanged(student.last_call, "build two new lists; never remove from, sort or append to `names`")
    student.decay_parameter_groups(["bert.encoder.layer.0.attention.self.query.weight", "classifier.weight"])
    expect_new(student.last_call, "return two new lists also when no name is excluded (list(names) or a "
                                  "comprehension), as the docstring says: returning `names` itself makes the caller's "
                                  "list and the decay group one list")


@pytest.mark.points(0.25)
def test_random_names(student, reference):
    rng = np.random.default_rng(1680)
    parts = ["bert", "encoder", "layer", "0", "11", "attention", "self", "query", "dense", "LayerNorm", "layer_norm",
             "norm", "bias", "weight", "ln", "rmsnorm", "pre_norm", "normal", "biased_head", "output", "batchnorm"]
    for _ in range(2):
        names = [".".join(str(p) for p in rng.choice(parts, size=int(rng.integers(1, 6)))) for _ in range(12)]
        _check(student.decay_parameter_groups(names), names, f"decay_parameter_groups({names}) (random draw)")
