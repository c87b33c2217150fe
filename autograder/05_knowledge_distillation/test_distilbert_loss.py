"""Hidden tests of distilbert_loss (mirrors Distiller.step in Hugging Face's distillation example).

distilbert_loss is graded on its own: its calls of soft_target_loss, cosine_embedding_loss and the (log-)softmax
are answered by the reference (student.with_reference); test_with_your_helpers checks them together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_equal, expect_python_float, expect_true, expect_unchanged

HELPERS = ("soft_target_loss", "cosine_embedding_loss", "log_softmax_with_temperature",
           "softmax_with_temperature")


def _batch(seed, B=3, S=5, V=11, d=6):
    rng = np.random.default_rng(seed)
    s, t = rng.normal(scale=2.0, size=(2, B, S, V))
    labels = rng.integers(0, V, size=(B, S))
    labels[rng.random((B, S)) < 0.6] = -100
    labels[0, 0] = 3  # at least one masked position
    mask = np.ones((B, S), dtype=int)
    mask[1, 3:] = 0
    mask[2, 4:] = 0
    labels[mask == 0] = -100
    hs, ht = rng.normal(size=(2, B, S, d))
    return s, t, labels, mask, hs, ht


@pytest.mark.points(0.5)
def test_components_match_reference(student, reference):
    s, t, labels, mask, hs, ht = _batch(50)
    got = student.with_reference(*HELPERS).distilbert_loss(s, t, labels, mask, hs, ht, 2.0)
    want = reference.distilbert_loss(s, t, labels, mask, hs, ht, 2.0)
    if not isinstance(got, dict):
        raise AssertionError(f"distilbert_loss returned a {type(got).__name__}; return a dict with the keys "
                             "loss, loss_ce, loss_mlm, loss_cos")
    expect_equal(sorted(got), sorted(want), "the keys of the returned dict")
    every_row_ce = reference.soft_target_loss(s.reshape(-1, s.shape[-1]), t.reshape(-1, t.shape[-1]), 2.0)
    all_rows_cos = reference.cosine_embedding_loss(hs.reshape(-1, hs.shape[-1]), ht.reshape(-1, ht.shape[-1]))
    int_index = ("the 0/1 integer attention_mask was used as an index (x[attention_mask]), which picks batch ROWS 0 "
                 "and 1, not positions: select with attention_mask == 1 (a boolean mask)")
    picked = [x[mask].reshape(-1, x.shape[-1]) for x in (s, t, hs, ht)]      # mask is a 0/1 int array, B >= 2
    expect_array(got["loss_ce"], want["loss_ce"], "loss_ce", rtol=1e-9, atol=1e-12,
                 mistakes=[(every_row_ce, "padding positions are included: keep only rows where attention_mask is 1"),
                           (reference.soft_target_loss(picked[0], picked[1], 2.0), int_index)])
    flat = s.reshape(-1, s.shape[-1])
    lp = reference.log_softmax_with_temperature(flat, 1.0)
    keep = labels.reshape(-1) != -100
    nll = -lp[np.arange(len(flat)), np.where(keep, labels.reshape(-1), 0)]
    expect_array(got["loss_mlm"], want["loss_mlm"], "loss_mlm", rtol=1e-9, atol=1e-12,
                 mistakes=[(nll[keep].sum() / len(flat),
                            "the masked-LM loss is averaged over all positions: average over the positions "
                            "whose label is not -100"),
                           (-reference.log_softmax_with_temperature(flat, 2.0)[np.arange(len(flat)),
                                                                               np.where(keep, labels.reshape(-1), 0)
                                                                               ][keep].mean(),
                            "the masked-LM loss uses the temperature: it is the ordinary cross-entropy at T=1")])
    expect_array(got["loss_cos"], want["loss_cos"], "loss_cos", rtol=1e-9, atol=1e-12,
                 mistakes=[(all_rows_cos, "padding positions are included: keep only rows where attention_mask is 1"),
                           (reference.cosine_embedding_loss(picked[2], picked[3]), int_index)])
    # labels at padded positions still count in loss_mlm (the docstring: every position whose label is not -100)
    labels = labels.copy()
    labels[1, 3], labels[2, 4] = 4, 7                                    # both positions are padding (mask 0)
    got = student.with_reference(*HELPERS).distilbert_loss(s, t, labels, mask, hs, ht, 2.0)
    want = reference.distilbert_loss(s, t, labels, mask, hs, ht, 2.0)
    expect_true(isinstance(got, dict) and "loss_mlm" in got, "distilbert_loss must return a dict with the keys "
                                                             "loss, loss_ce, loss_mlm, loss_cos")
    keep = labels.reshape(-1) != -100
    nll = -lp[np.arange(len(flat)), np.where(keep, labels.reshape(-1), 0)]
    active = keep & (mask.reshape(-1) == 1)
    expect_array(got["loss_mlm"], want["loss_mlm"], "loss_mlm with labels at two padded positions (attention_mask 0)",
                 rtol=1e-9, atol=1e-12,
                 mistakes=[(nll[active].mean(), "the masked-LM loss also skips positions where attention_mask is 0: "
                            "it covers every position whose label is not -100, as DistilBERT's CrossEntropyLoss("
                            "ignore_index=-100), which does not look at the attention mask")])


@pytest.mark.points(0.5)
def test_weighted_total(student, reference):
    s, t, labels, mask, hs, ht = _batch(51)
    for weights in [(5.0, 2.0, 1.0), (1.0, 0.5, 0.0)]:
        want = reference.distilbert_loss(s, t, labels, mask, hs, ht, 2.0, *weights)
        got = student.with_reference(*HELPERS).distilbert_loss(s, t, labels, mask, hs, ht, 2.0, *weights)
        got_loss = got.get("loss") if isinstance(got, dict) else got
        swapped = weights[1] * want["loss_ce"] + weights[0] * want["loss_mlm"] + weights[2] * want["loss_cos"]
        expect_array(got_loss, want["loss"], f"loss with alpha_ce, alpha_mlm, alpha_cos = {weights}",
                     rtol=1e-9, atol=1e-12,
                     mistakes=[(swapped, "alpha_ce and alpha_mlm are swapped: alpha_ce weighs the soft-target loss"),
                               (want["loss_ce"] + want["loss_mlm"] + want["loss_cos"],
                                "the three losses are added without their weights alpha_ce, alpha_mlm, alpha_cos"),
                               (5.0 * want["loss_ce"] + 2.0 * want["loss_mlm"] + want["loss_cos"],
                                "the weights are hard-coded to DistilBERT's 5, 2, 1: use the arguments alpha_ce, "
                                "alpha_mlm, alpha_cos"),
                               (weights[0] * want["loss_ce"] + weights[1] * want["loss_mlm"] + want["loss_cos"],
                                "alpha_cos is ignored (the cosine loss is added with weight 1): multiply it by "
                                "alpha_cos")])


def _check_all(got, want, what, wrong=()):
    """wrong: (the result of a mistake, its message) pairs, each result a dict like want."""
    expect_true(isinstance(got, dict) and set(want) <= set(got),
                f"{what} must return a dict with the keys loss, loss_ce, loss_mlm, loss_cos")
    for key in ("loss_ce", "loss_mlm", "loss_cos", "loss"):
        expect_array(got[key], want[key], f"{key} of {what}", rtol=1e-9, atol=1e-12,
                     mistakes=[(value[key], message) for value, message in wrong])


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    s, t, labels, mask, hs, ht = _batch(52)
    got = student.with_reference(*HELPERS).distilbert_loss(s, t, labels, mask, hs, ht)
    expect_unchanged(student.last_call, "`labels[labels == -100] = 0` (or any assignment into an argument) changes "
                                        "the caller's arrays: select with boolean masks into new arrays")
    _check_all(got, reference.distilbert_loss(s, t, labels, mask, hs, ht), "distilbert_loss")
    for key in ("loss", "loss_ce", "loss_mlm", "loss_cos"):
        expect_python_float(got[key], f"distilbert_loss(...)['{key}']",
                            "np.mean and np.float64 arithmetic return NumPy floats")


@pytest.mark.points(0.25)
def test_defaults_and_no_padding(student, reference):
    s, t, labels, _, hs, ht = _batch(53, B=3, S=4)
    mask = np.ones((3, 4), dtype=np.int64)
    wrong = [(reference.distilbert_loss(s, t, labels, mask, hs, ht, T), f"these are the values for T={T:g}: "
              "called without T, use the docstring's default T=2.0") for T in (1.0, 3.0, 4.0)]
    _check_all(student.with_reference(*HELPERS).distilbert_loss(s, t, labels, mask, hs, ht),
               reference.distilbert_loss(s, t, labels, mask, hs, ht),
               "distilbert_loss with the default T=2, alpha_ce=5, alpha_mlm=2, alpha_cos=1 and no padding", wrong)


@pytest.mark.points(0.25)
def test_random_batches(student, reference):
    rng = np.random.default_rng(54)
    for case in range(3):
        B, S, V, d = int(rng.integers(1, 5)), int(rng.integers(1, 7)), int(rng.integers(2, 20)), int(rng.integers(1, 9))
        s, t = rng.normal(scale=float(rng.uniform(0.5, 20.0)), size=(2, B, S, V))
        hs, ht = rng.normal(size=(2, B, S, d))
        mask = (rng.random((B, S)) < 0.8).astype(np.int64)
        mask[0, 0] = 1
        labels = np.where((rng.random((B, S)) < 0.4) & (mask == 1), rng.integers(0, V, size=(B, S)), -100)
        labels[0, 0] = int(rng.integers(0, V))                  # at least one masked position
        T, weights = float(rng.uniform(0.5, 5.0)), tuple(float(w) for w in rng.uniform(0.0, 5.0, size=3))
        _check_all(student.with_reference(*HELPERS).distilbert_loss(s, t, labels, mask, hs, ht, T, *weights),
                   reference.distilbert_loss(s, t, labels, mask, hs, ht, T, *weights),
                   f"distilbert_loss on a random ({B}, {S}, {V}) batch, T={T:.3g}, alphas "
                   f"{tuple(round(w, 3) for w in weights)} (case {case})")


@pytest.mark.points(0.25)
def test_with_your_helpers(student, reference):
    s, t, labels, mask, hs, ht = _batch(55)
    _check_all(student.distilbert_loss(s, t, labels, mask, hs, ht, 3.0),
               reference.distilbert_loss(s, t, labels, mask, hs, ht, 3.0),
               "distilbert_loss(..., T=3) computed with YOUR soft_target_loss, cosine_embedding_loss and "
               "log_softmax_with_temperature")
