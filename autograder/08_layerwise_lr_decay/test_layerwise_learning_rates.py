"""Hidden tests of layerwise_learning_rates: base_lr * decay ** (L + 2 - depth), as
_get_layer_lrs in google-research/electra model/optimization.py.

layerwise_learning_rates is graded on its own: its calls of layer_depths are answered by the reference
(student.with_reference); test_with_your_layer_depths checks the two together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_dtype, expect_true, expect_unchanged

RTOL, ATOL = 1e-12, 0.0


def mistakes(reference, names, base_lr, decay, L):
    d = np.array(reference.layer_depths(names, L), dtype=float)
    top = d.max() if d.size else L + 2
    return [(base_lr * decay ** (top - d),
             "the head's depth is num_layers + 2 even when no head (or pooler) name is passed: the exponent is "
             "num_layers + 2 - depth, not max(depths) - depth"),
            (base_lr * decay ** (L + 1 - d),
             "every rate is decay times too large (the top encoder layer got base_lr * decay): in ELECTRA's "
             "convention the head gets base_lr, the pooler base_lr * decay, and the top encoder layer (L - 1) "
             "gets base_lr * decay**2, i.e. base_lr * decay ** (L + 2 - depth)"),
            (base_lr * decay ** d,
             "the learning rate must shrink towards the input: the head gets base_lr and the embeddings "
             "base_lr * decay**(L + 2), i.e. base_lr * decay ** (L + 2 - depth)"),
            (base_lr * decay * (L + 2 - d),
             "use a power, decay ** (L + 2 - depth), not a product decay * (L + 2 - depth)"),
            (base_lr * decay ** (L - d),
             "the exponent is L + 2 - depth (the pooler and the head are the two depths above the encoder)")]


@pytest.mark.points(1.25)
def test_bert_base_electra_decay(student, reference):
    names = reference.bert_parameter_names(12)
    want = reference.layerwise_learning_rates(names, 1e-4, 0.8, 12)
    expect_array(student.with_reference("layer_depths").layerwise_learning_rates(names, 1e-4, 0.8, 12), want,
                 "layerwise_learning_rates(bert_parameter_names(12), base_lr=1e-4, decay=0.8, num_layers=12)",
                 rtol=RTOL, atol=ATOL, mistakes=mistakes(reference, names, 1e-4, 0.8, 12))


@pytest.mark.points(1)
def test_other_sizes_and_shuffled(student, reference):
    names = reference.bert_parameter_names(3)
    order = np.random.default_rng(81).permutation(len(names))
    shuffled = [names[k] for k in order]
    for base_lr, decay in [(2e-5, 0.5), (3e-4, 0.95)]:
        want = reference.layerwise_learning_rates(shuffled, base_lr, decay, 3)
        expect_array(student.with_reference("layer_depths").layerwise_learning_rates(shuffled, base_lr, decay, 3), want,
                     f"layerwise_learning_rates(shuffled 3-layer names, base_lr={base_lr:g}, decay={decay})",
                     rtol=RTOL, atol=ATOL, mistakes=mistakes(reference, shuffled, base_lr, decay, 3))


@pytest.mark.points(0.5)
def test_no_decay_is_uniform_and_large_model(student, reference):
    names = reference.bert_parameter_names(24)
    want = reference.layerwise_learning_rates(names, 5e-5, 0.9, 24)
    expect_array(student.with_reference("layer_depths").layerwise_learning_rates(names, 5e-5, 0.9, 24), want,
                 "layerwise_learning_rates(bert_parameter_names(24), 5e-5, 0.9, 24) (ELECTRA-Large)",
                 rtol=RTOL, atol=ATOL, mistakes=mistakes(reference, names, 5e-5, 0.9, 24))
    expect_array(student.with_reference("layer_depths").layerwise_learning_rates(names[:9], 3e-5, 1.0, 24), np.full(9, 3e-5),
                 "layerwise_learning_rates(names, 3e-5, decay=1.0, 24): decay 1 gives every parameter base_lr",
                 rtol=RTOL, atol=ATOL)


def _check(got, reference, names, base_lr, decay, L, what):
    want = reference.layerwise_learning_rates(names, base_lr, decay, L)
    expect_true(got is None or isinstance(got, np.ndarray),
                f"{what} returned a {type(got).__name__}: the docstring promises a float64 array of shape (P,) "
                "(convert with np.asarray(rates, dtype=np.float64))")
    array = np.asarray(got) if isinstance(got, (list, tuple, np.ndarray)) else got
    if isinstance(array, np.ndarray):
        expect_dtype(array, np.float64, what)
    expect_array(array, want, what, rtol=RTOL, atol=ATOL,
                 mistakes=mistakes(reference, names, base_lr, decay, L) if len(names) else [])


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    names = reference.bert_parameter_names(2)
    got = student.with_reference("layer_depths").layerwise_learning_rates(names, 1e-3, 0.6, 2)
    expect_unchanged(student.last_call, "leave the list of names as it is: build a new array of rates")
    _check(got, reference, names, 1e-3, 0.6, 2, "layerwise_learning_rates(bert_parameter_names(2), 1e-3, 0.6, 2)")


@pytest.mark.points(0.25)
def test_empty_names_small_decay_and_float64(student, reference):
    proxy = student.with_reference("layer_depths")
    _check(proxy.layerwise_learning_rates([], 1e-4, 0.8, 12), reference, [], 1e-4, 0.8, 12,
           "layerwise_learning_rates([], 1e-4, 0.8, 12) (no names: an empty float64 array)")
    names = reference.bert_parameter_names(24)
    _check(proxy.layerwise_learning_rates(names, 1e-3, 0.1, 24), reference, names, 1e-3, 0.1, 24,
           "layerwise_learning_rates(bert_parameter_names(24), 1e-3, decay=0.1, 24) (the embeddings get "
           "1e-3 * 0.1**26)")
    names = reference.bert_parameter_names(3)[:-2]
    _check(proxy.layerwise_learning_rates(names, 1e-3, 0.5, 3), reference, names, 1e-3, 0.5, 3,
           "layerwise_learning_rates(bert_parameter_names(3) without the classifier, 1e-3, 0.5, 3) (no head name: "
           "the pooler still gets base_lr * decay)")


@pytest.mark.points(0.5)
def test_random_models(student, reference):
    rng = np.random.default_rng(84)
    for case in range(4):
        L = int(rng.integers(0, 25))
        names = reference.bert_parameter_names(L)
        names = [names[k] for k in rng.permutation(len(names))][: int(rng.integers(1, len(names) + 1))]
        base_lr, decay = float(10 ** rng.uniform(-6, -2)), float(rng.uniform(0.3, 1.0))
        _check(student.with_reference("layer_depths").layerwise_learning_rates(names, base_lr, decay, L), reference,
               names, base_lr, decay, L, f"layerwise_learning_rates({len(names)} shuffled names of a {L}-layer BERT, "
                                         f"base_lr={base_lr:.3g}, decay={decay:.3g}) (random case {case})")


@pytest.mark.points(0.25)
def test_with_your_layer_depths(student, reference):
    names = reference.bert_parameter_names(6)
    _check(student.layerwise_learning_rates(names, 1e-4, 0.85, 6), reference, names, 1e-4, 0.85, 6,
           "layerwise_learning_rates(bert_parameter_names(6), 1e-4, 0.85, 6) computed with YOUR layer_depths")
