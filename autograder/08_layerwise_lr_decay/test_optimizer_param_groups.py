"""Hidden tests of optimizer_param_groups: AdamW parameter groups with layer-wise decay and
BERT's no_decay = ["bias", "LayerNorm.weight"] (substring match, as Hugging Face's run_glue.py).

optimizer_param_groups is graded on its own: its calls of layer_depths and layerwise_learning_rates are answered
by the reference (student.with_reference); test_with_your_helpers checks them together."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_equal, expect_python_float, expect_true, expect_unchanged

HELPERS = ("layer_depths", "layerwise_learning_rates")


def _groups(student, names, base_lr, decay, L, wd, own=False, groups=None):
    if groups is None:
        proxy = student if own else student.with_reference(*HELPERS)
        groups = proxy.optimizer_param_groups(names, base_lr, decay, L, *([] if wd is None else [wd]))
    what = f"optimizer_param_groups(names, {base_lr:g}, {decay}, {L}, weight_decay={wd})"
    expect_true(isinstance(groups, list) and all(isinstance(g, dict) for g in groups),
                f"{what} must return a list of dicts, got {type(groups).__name__}")
    for k, g in enumerate(groups):
        expect_equal(sorted(g), ["lr", "params", "weight_decay"], f"the keys of group {k} of {what}")
        expect_true(isinstance(g["params"], list), f"group {k}['params'] must be a list of parameter names")
    return groups, what


def _per_name(groups, key):
    return {n: float(np.asarray(g[key])) for g in groups for n in g["params"]}


IGNORED_WD = ("the weight_decay argument is ignored (the decayed groups got 0.01, the default): give every group "
              "that decays weight_decay, the value passed in")


def _group_wd_mistakes(want_wd):
    """The weight_decay of one group: the value a hard-coded default gives."""
    return [(0.01, IGNORED_WD)] if want_wd not in (0.0, 0.01) else []


def _wd_mistakes(names, wd):
    has = lambda n, words: any(w in n for w in words)
    ends = lambda n, words: any(n.endswith(w) for w in words)
    return [(np.array([0.0 if has(n, ["bias", "LayerNorm.weight"]) else 0.01 for n in names]), IGNORED_WD),
            (np.array([0.0 if ends(n, ["bias", "LayerNorm.weight"]) else wd for n in names]),
             "NO_DECAY is matched as a substring anywhere in the name (any(nd in name for nd in NO_DECAY), as "
             "BERT's run_glue.py), not only at its end: '...relative_attention_bias.weight' contains 'bias', so "
             "its weight_decay is 0"),
            (np.array([0.0 if has(n, ["bias"]) else wd for n in names]),
             "LayerNorm.weight is in BERT's no-decay list: its weight_decay must be 0 (no_decay = "
             "['bias', 'LayerNorm.weight'])"),
            (np.array([wd if has(n, ["bias", "LayerNorm.weight"]) else 0.0 for n in names]),
             "the weight decay is swapped: weights decay, biases and LayerNorm weights get weight_decay 0"),
            (np.full(len(names), wd),
             "every parameter is decayed: biases and LayerNorm weights (the no_decay list, matched as "
             "substrings of the name) get weight_decay 0")]


@pytest.mark.points(0.75)
def test_partition_of_the_names(student, reference):
    names = reference.bert_parameter_names(3)
    groups, what = _groups(student, names, 1e-4, 0.8, 3, 0.01)
    listed = [n for g in groups for n in g["params"]]
    expect_true(len(listed) == len(set(listed)), f"{what}: a parameter appears in more than one group")
    depths = dict(zip(names, reference.layer_depths(names, 3)))
    missing = set(names) - set(listed)
    for d, where in ((0, "the embeddings (depth 0)"), (3 + 2, "the task head (depth num_layers + 2)")):
        expect_true(not missing or missing != {n for n in names if depths[n] == d},
                    f"{what}: the parameters of {where} are in no group: go through every depth 0, 1, ..., "
                    "num_layers + 2 (range(num_layers + 3))")
    expect_equal(sorted(listed), sorted(names), f"the names listed in the groups of {what}")


@pytest.mark.points(1.25)
def test_weight_decay_of_each_parameter(student, reference):
    names = reference.bert_parameter_names(2)
    for wd in (0.01, 0.1):
        groups, what = _groups(student, names, 1e-4, 0.8, 2, wd)
        want_map = _per_name(reference.optimizer_param_groups(names, 1e-4, 0.8, 2, wd), "weight_decay")
        got_map = _per_name(groups, "weight_decay")
        expect_equal(sorted(got_map), sorted(names), f"the names listed in the groups of {what}")
        expect_array(np.array([got_map[n] for n in names]), np.array([want_map[n] for n in names]),
                     f"the weight_decay of each parameter (in bert_parameter_names order) in {what}",
                     rtol=0, atol=1e-15, mistakes=_wd_mistakes(names, wd))
    # T5-style names: NO_DECAY's 'bias' is a substring of relative_attention_bias, not its end
    t5 = ["shared.weight", "encoder.block.0.layer.0.SelfAttention.q.weight",
          "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
          "encoder.block.0.layer.1.DenseReluDense.wi.weight", "lm_head.bias"]
    groups, what = _groups(student, t5, 1e-4, 0.8, 2, 0.1)
    want_map = _per_name(reference.optimizer_param_groups(t5, 1e-4, 0.8, 2, 0.1), "weight_decay")
    got_map = _per_name(groups, "weight_decay")
    expect_equal(sorted(got_map), sorted(t5), f"the names listed in the groups of {what} with T5 names")
    expect_array(np.array([got_map[n] for n in t5]), np.array([want_map[n] for n in t5]),
                 f"the weight_decay of each parameter of {t5} in {what}", rtol=0, atol=1e-15,
                 mistakes=_wd_mistakes(t5, 0.1))


@pytest.mark.points(0.75)
def test_learning_rate_of_each_parameter(student, reference):
    names = reference.bert_parameter_names(4)
    groups, what = _groups(student, names, 2e-4, 0.7, 4, 0.01)
    got_map = _per_name(groups, "lr")
    expect_equal(sorted(got_map), sorted(names), f"the names listed in the groups of {what}")
    want = reference.layerwise_learning_rates(names, 2e-4, 0.7, 4)
    d = np.array(reference.layer_depths(names, 4), dtype=float)
    expect_array(np.array([got_map[n] for n in names]), want,
                 f"the lr of each parameter (in bert_parameter_names order) in {what}", rtol=1e-12, atol=0,
                 mistakes=[(2e-4 * 0.7 ** d, "the learning rate must shrink towards the input: the head's "
                            "group has base_lr, the embeddings' group base_lr * decay**(L + 2)")])


@pytest.mark.points(1.25)
def test_exact_groups_in_order(student, reference):
    names = reference.bert_parameter_names(3)
    order = np.random.default_rng(82).permutation(len(names))
    shuffled = [names[k] for k in order]
    for wd in (0.05, 0.0):
        groups, what = _groups(student, shuffled, 1e-4, 0.75, 3, wd)
        want = reference.optimizer_param_groups(shuffled, 1e-4, 0.75, 3, wd)
        expect_equal(len(groups), len(want),
                     f"the number of groups of {what} (one per depth and decay/no-decay, empty groups left out)")
        for k, (g, w) in enumerate(zip(groups, want)):
            same = [j for j, other in enumerate(want) if sorted(other["params"]) == sorted(g["params"])]
            if same and same[0] != k and want[same[0]]["lr"] == w["lr"]:
                raise AssertionError(f"{what}: group {k} holds the parameters of group {same[0]} of the same depth: "
                                     "at each depth put the decayed group first, then the no-decay group")
            _order_hint(g, w, f"group {k} of {what}")
            expect_equal(g["params"], w["params"],
                         f"group {k} of {what} (groups go from depth 0 upwards, at each depth the decayed "
                         "group first, then the no-decay group; names keep their order in `names`)")
            expect_array(g["lr"], w["lr"], f"the lr of group {k} of {what}", rtol=1e-12, atol=0)
            expect_array(g["weight_decay"], w["weight_decay"], f"the weight_decay of group {k} of {what}",
                         rtol=0, atol=1e-15, mistakes=_group_wd_mistakes(w["weight_decay"]))
    groups, what = _groups(student, shuffled, 1e-4, 1.0, 3, 0.01)   # decay 1: every depth has the same lr
    want = reference.optimizer_param_groups(shuffled, 1e-4, 1.0, 3, 0.01)
    expect_true(not (isinstance(groups, list) and len(groups) == 2 < len(want)),
                f"{what} returned 2 groups: with decay=1 every depth has the same learning rate, but there is still "
                "one group per depth (and decay/no-decay): group the names by depth, not by learning rate")
    _same_groups(groups, want, what + " (decay=1: the same lr at every depth, still one group per depth)")


def _order_hint(g, w, what):
    """Name the mistake of a group holding the right names in sorted order."""
    got = g.get("params") if isinstance(g, dict) else None
    if isinstance(got, list) and got != w["params"] and got == sorted(w["params"]):
        raise AssertionError(f"{what}: the names are sorted alphabetically; within a group they keep their "
                             "order in `names` (collect them in one pass over names, without sorting)")


def _same_groups(groups, want, what):
    expect_equal(len(groups), len(want),
                 f"the number of groups of {what} (one per depth and decay/no-decay, empty groups left out)")
    for k, (g, w) in enumerate(zip(groups, want)):
        _order_hint(g, w, f"group {k} of {what}")
        expect_equal(g["params"], w["params"], f"group {k} of {what}")
        expect_array(g["lr"], w["lr"], f"the lr of group {k} of {what}", rtol=1e-12, atol=0)
        expect_array(g["weight_decay"], w["weight_decay"], f"the weight_decay of group {k} of {what}", rtol=0,
                     atol=1e-15, mistakes=_group_wd_mistakes(w["weight_decay"]))


def _bare_names(L):
    names = ["embeddings.word_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"]
    for i in range(L):
        names += [f"encoder.layer.{i}.output.dense.weight", f"encoder.layer.{i}.output.dense.bias",
                  f"encoder.layer.{i}.output.LayerNorm.weight"]
    return names + ["pooler.dense.weight", "pooler.dense.bias"]


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    names = reference.bert_parameter_names(2)[::-1]
    groups, what = _groups(student, names, 1e-4, 0.8, 2, 0.01)
    expect_unchanged(student.last_call, "sorting or removing names from the list you were given changes the caller's "
                                        "list: build new lists for the groups")
    _same_groups(groups, reference.optimizer_param_groups(names, 1e-4, 0.8, 2, 0.01), what)


@pytest.mark.points(0.25)
def test_default_weight_decay_empty_and_bare_names(student, reference):
    names = reference.bert_parameter_names(2)
    groups, what = _groups(student, names, 3e-5, 0.9, 2, None)
    for k, g in enumerate(groups if isinstance(groups, list) else []):
        for key in ("lr", "weight_decay"):
            value = g.get(key) if isinstance(g, dict) else None
            expect_true(not isinstance(value, (int, np.integer)) or isinstance(value, bool),
                        f"the {key} of group {k} of {what.replace('weight_decay=None', 'default weight_decay')} "
                        f"is the int {value!r}: the docstring promises a float "
                        "(weight_decay 0.0 for the no-decay groups, not 0)")
    _same_groups(groups, reference.optimizer_param_groups(names, 3e-5, 0.9, 2),
                 what.replace("weight_decay=None", "default weight_decay=0.01"))
    for k, g in enumerate(groups):
        for key in ("lr", "weight_decay"):
            expect_python_float(g[key], f"the {key} of group {k} of "
                                        f"{what.replace('weight_decay=None', 'default weight_decay')}",
                                "an entry of a NumPy array of rates is a numpy.float64: float(rates[i])")
    try:
        groups, what = _groups(student, [], 3e-5, 0.9, 2, 0.01)
    except StudentCodeError as exc:
        if exc.kind != "error":
            raise
        raise AssertionError(f"optimizer_param_groups([], ...): {exc}: with no names every group is empty, so the "
                             "result is []: go through the depths 0 .. num_layers + 2, not up to max(depths)") from None
    expect_equal(groups, [], f"{what} with no names (every group is empty, so none is listed)")
    names = _bare_names(3)
    groups, what = _groups(student, names, 1e-4, 0.7, 3, 0.02)
    _same_groups(groups, reference.optimizer_param_groups(names, 1e-4, 0.7, 3, 0.02),
                 what + " of BertModel's own names (no 'bert.' prefix)")


@pytest.mark.points(0.25)
def test_random_models(student, reference):
    rng = np.random.default_rng(85)
    for case in range(3):
        L = int(rng.integers(0, 13))
        names = reference.bert_parameter_names(L) if case != 1 else _bare_names(L)
        names = [names[k] for k in rng.permutation(len(names))]
        base_lr, decay, wd = float(10 ** rng.uniform(-6, -3)), float(rng.uniform(0.5, 1.0)), float(rng.uniform(0, 0.1))
        groups, what = _groups(student, names, base_lr, decay, L, wd)
        _same_groups(groups, reference.optimizer_param_groups(names, base_lr, decay, L, wd),
                     f"{what} ({len(names)} shuffled names, random case {case})")


@pytest.mark.points(0.25)
def test_with_your_helpers(student, reference):
    names = reference.bert_parameter_names(3)
    groups, what = _groups(student, names, 1e-4, 0.8, 3, 0.01, own=True)
    _same_groups(groups, reference.optimizer_param_groups(names, 1e-4, 0.8, 3, 0.01),
                 what + " computed with YOUR layer_depths and layerwise_learning_rates")
