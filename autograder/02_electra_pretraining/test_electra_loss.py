"""Hidden tests of electra_loss: CrossEntropyLoss (ignore_index -100) of the generator plus
disc_weight times the replaced-token-detection loss (ELECTRA's combined objective, lambda = 50).

electra_loss is graded on its own: its calls of replaced_token_detection_loss are answered by the
reference (student.with_reference), so a wrong replaced_token_detection_loss costs only its own points;
test_with_your_replaced_token_detection_loss checks the two together, for a small share."""
import numpy as np
import pytest

from coursekit.errors import StudentCodeError
from coursekit.expect import expect_array, expect_python_float, expect_true, expect_unchanged

RTD = "replaced_token_detection_loss"


def _batch(seed, B=3, S=7, V=25, scale=3.0):
    rng = np.random.default_rng(seed)
    gen = rng.normal(scale=scale, size=(B, S, V))
    mlm = rng.integers(0, V, size=(B, S))
    mlm[rng.random((B, S)) < 0.7] = -100
    mlm[0, 1] = 4
    disc = rng.normal(size=(B, S))
    disc_labels = (rng.random((B, S)) < 0.2).astype(np.int64)
    mask = np.ones((B, S), dtype=np.int64)
    mask[-1, S // 2:] = 0
    mlm[mask == 0] = -100
    return gen, mlm, disc, disc_labels, mask


def _call(grader, *args, **kwargs):
    """grader.electra_loss(...), with a hint when the -100 labels were used as indices."""
    try:
        return grader.electra_loss(*args, **kwargs)
    except StudentCodeError as exc:
        if exc.kind == "error" and "IndexError" in str(exc) and "-100" in str(exc):
            raise AssertionError(f"{exc}: the -100 labels were used as indices into the vocabulary axis: replace "
                                 "them by a valid index (np.where(labels == -100, 0, labels)) before gathering, then "
                                 "keep only the positions whose label is not -100") from None
        raise


def _log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def _get(got, key, what):
    expect_true(isinstance(got, dict) and key in got,
                f"{what} must return a dict with the keys loss, mlm_loss, disc_loss")
    return got[key]


def _token_nll(gen, mlm):
    """Each position's negative log-likelihood of its label (0 where the label is -100), and which count."""
    flat = _log_softmax(gen).reshape(-1, gen.shape[-1])   # (B * S, V)
    y = mlm.reshape(-1)                                    # (B * S,)
    keep = y != -100
    return -flat[np.arange(len(y)), np.where(keep, y, 0)], keep


def _mlm_mistakes(gen, mlm):
    nll, keep = _token_nll(gen, mlm)
    return [((nll * keep).sum() / len(keep), "the MLM loss is averaged over all positions: average over the positions "
             "whose label is not -100"),
            ((nll * keep).sum(), "the MLM loss is summed: take the mean over the masked positions")] + \
        _row_means(nll.reshape(mlm.shape), keep.reshape(mlm.shape))


def _row_means(nll, keep):
    counts = keep.sum(-1)
    rows = counts > 0
    if rows.sum() < 2 or len(set(counts[rows].tolist())) < 2:
        return []
    return [(((nll * keep).sum(-1)[rows] / counts[rows]).mean(),
             "the MLM loss was averaged per sequence, then over the sequences: average once over ALL the positions "
             "of the batch whose label is not -100")]


def _unstable_mistakes(gen, mlm):
    """The MLM loss of the two unstable log-softmaxes, on huge logits (nan / inf)."""
    y = mlm.reshape(-1)
    keep = y != -100
    with np.errstate(all="ignore"):
        g = gen - gen.max()
        global_max = (g - np.log(np.exp(g).sum(-1, keepdims=True))).reshape(-1, gen.shape[-1])
        global_max = -global_max[np.arange(len(y)), np.where(keep, y, 0)][keep].mean()
        e = np.exp(gen)
        naive = np.log(e / e.sum(-1, keepdims=True)).reshape(-1, gen.shape[-1])
        z = gen - gen.max(-1, keepdims=True)
        shifted = np.log(np.exp(z) / np.exp(z).sum(-1, keepdims=True)).reshape(-1, gen.shape[-1])
        picked = [-f[np.arange(len(y)), np.where(keep, y, 0)][keep].mean() for f in (naive, shifted)]
    return [(global_max, "the GLOBAL maximum was subtracted (z.max()): rows far below it underflow to exp(...) = 0; "
                         "subtract each row's maximum, z.max(axis=-1, keepdims=True)"),
            (picked[0], "exp of the raw logits overflowed: subtract the row maximum before exp (log-sum-exp)"),
            (picked[1], "a label's probability underflowed to 0 and log(0) = -inf: compute the log-softmax as "
                        "z - m - log(sum(exp(z - m))) with m the row maximum, not as log(softmax)")]


def _combined_mistakes(want, weight, default=False):
    wrong_defaults = [(want["mlm_loss"] + w * want["disc_loss"],
                       f"these are the values for disc_weight={w:g}: called without disc_weight, electra_loss must use "
                       "the docstring's default disc_weight=50 (ELECTRA's lambda)") for w in (1.0, 0.5, 10.0, 100.0)]
    return (wrong_defaults if default else []) + [(weight * want["mlm_loss"] + want["disc_loss"],
             "the weight multiplies the MLM loss: loss = mlm_loss + disc_weight * disc_loss"),
            (want["mlm_loss"] + want["disc_loss"], "disc_weight is ignored: loss = mlm_loss + disc_weight * disc_loss"),
            (want["mlm_loss"] + 50.0 * want["disc_loss"], "disc_weight is hard-coded to 50: use the argument")]


@pytest.mark.points(0.75)
def test_mlm_loss(student, reference):
    for seed, scale in [(40, 3.0), (41, 300.0)]:
        args = _batch(seed, scale=scale)
        gen, mlm = args[0], args[1]
        want = reference.electra_loss(*args)
        got = _call(student.with_reference(RTD), *args)
        expect_array(_get(got, "mlm_loss", "electra_loss"), want["mlm_loss"],
                     f"mlm_loss of electra_loss with generator logits of scale {scale}", rtol=1e-10, atol=1e-10,
                     mistakes=_mlm_mistakes(gen, mlm))
    # a label at a padded position still counts: CrossEntropyLoss(ignore_index=-100) never sees the attention mask
    gen, mlm, disc, disc_labels, mask = _batch(47)
    mlm[-1, -1], mlm[-1, -2] = 3, 11                    # both positions are padding (mask 0)
    args = (gen, mlm, disc, disc_labels, mask)
    want = reference.electra_loss(*args)
    got = _call(student.with_reference(RTD), *args)
    nll, keep = _token_nll(gen, mlm)
    active = keep & (mask.reshape(-1) == 1)
    expect_array(_get(got, "mlm_loss", "electra_loss"), want["mlm_loss"],
                 "mlm_loss of electra_loss with labels at two padded positions (attention_mask 0)",
                 rtol=1e-10, atol=1e-10,
                 mistakes=[(nll[active].mean(), "the MLM loss also skips positions where attention_mask is 0: it "
                            "averages over every position whose label is not -100 (CrossEntropyLoss(ignore_index="
                            "-100) does not look at the attention mask)")])


@pytest.mark.points(1.25)
def test_combined_loss_with_weight(student, reference):
    args = _batch(42)
    for weight in (50.0, 1.0, 7.5):
        want = reference.electra_loss(*args, disc_weight=weight)
        got = _call(student.with_reference(RTD), *args, disc_weight=weight)
        expect_array(_get(got, "disc_loss", "electra_loss"), want["disc_loss"],
                     "disc_loss of electra_loss", rtol=1e-10, atol=1e-12,
                     mistakes=[(want["disc_loss"] * weight, "disc_loss is already multiplied by disc_weight: "
                                "return the unweighted loss and weight it only in loss")] + _disc_mistakes(args))
        expect_array(_get(got, "loss", "electra_loss"), want["loss"],
                     f"loss of electra_loss with disc_weight={weight}", rtol=1e-10, atol=1e-10,
                     mistakes=_combined_mistakes(want, weight))


def _disc_mistakes(args):
    """disc_loss averaged over every position, padding included (args: the five arrays of _batch)."""
    x, y = np.asarray(args[2], dtype=float), np.asarray(args[3], dtype=float)
    per = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return [(per.mean(), "disc_loss includes the padding positions: the discriminator loss averages only over the "
             "positions where attention_mask is 1: call replaced_token_detection_loss(discriminator_logits, "
             "discriminator_labels, attention_mask)")]


def _check_all(got, want, what, weight=50.0, gen=None, mlm=None, default=False, args=None):
    expect_array(_get(got, "mlm_loss", what), want["mlm_loss"], f"mlm_loss of {what}", rtol=1e-10, atol=1e-10,
                 mistakes=_mlm_mistakes(gen, mlm) if gen is not None else [])
    expect_array(_get(got, "disc_loss", what), want["disc_loss"], f"disc_loss of {what}", rtol=1e-10, atol=1e-12,
                 mistakes=_disc_mistakes(args) if args is not None else [])
    expect_array(_get(got, "loss", what), want["loss"], f"loss of {what}", rtol=1e-10, atol=1e-10,
                 mistakes=_combined_mistakes(want, weight, default))


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    args = _batch(43, scale=5.0)
    got = _call(student.with_reference(RTD), *args)
    expect_unchanged(student.last_call, "`generator_logits -= generator_logits.max(...)` shifts the caller's array: "
                                        "write z = generator_logits - generator_logits.max(axis=-1, keepdims=True)")
    _check_all(got, reference.electra_loss(*args), "electra_loss", gen=args[0], mlm=args[1], default=True, args=args)
    for key in ("loss", "mlm_loss", "disc_loss"):
        expect_python_float(got[key], f"electra_loss(...)['{key}']",
                            "np.mean and np.float64 arithmetic return NumPy floats")


@pytest.mark.points(0.25)
def test_default_weight_and_huge_logits(student, reference):
    args = _batch(44, scale=1e4)
    what = "electra_loss(generator logits of size ~1e4, default disc_weight=50)"
    got = _call(student.with_reference(RTD), *args)
    want = reference.electra_loss(*args)
    mlm_loss = np.asarray(_get(got, "mlm_loss", what))
    if mlm_loss.shape == () and mlm_loss.dtype.kind == "f" and not np.isfinite(mlm_loss):
        for value, message in _unstable_mistakes(args[0], args[1]):   # nan for one, inf for the other
            expect_true(not (np.isnan(value) and np.isnan(mlm_loss) or value == mlm_loss),
                        f"mlm_loss of {what} is {float(mlm_loss)}: {message}")
    expect_true(isinstance(got, dict) and all(np.all(np.isfinite(np.asarray(got.get(k, np.nan), dtype=float)))
                                              for k in ("loss", "mlm_loss", "disc_loss")),
                f"{what} is not finite: subtract the row maximum before exp (log-sum-exp)")
    _check_all(got, want, what, gen=args[0], mlm=args[1], default=True, args=args)


@pytest.mark.points(0.25)
def test_random_batches(student, reference):
    rng = np.random.default_rng(45)
    for case in range(3):
        B, S, V = int(rng.integers(1, 5)), int(rng.integers(4, 12)), int(rng.integers(5, 40))
        weight = float(rng.uniform(0.5, 80.0))
        args = _batch(int(rng.integers(1000)), B=B, S=S, V=V, scale=float(rng.uniform(0.5, 20.0)))
        what = f"electra_loss on a random ({B}, {S}, {V}) batch, disc_weight={weight:.3g} (case {case})"
        _check_all(_call(student.with_reference(RTD), *args, disc_weight=weight),
                   reference.electra_loss(*args, disc_weight=weight), what, weight, args[0], args[1], args=args)


@pytest.mark.points(0.25)
def test_with_your_replaced_token_detection_loss(student, reference):
    args = _batch(46)
    _check_all(_call(student, *args, disc_weight=20.0), reference.electra_loss(*args, disc_weight=20.0),
               "electra_loss(..., disc_weight=20) computed with YOUR replaced_token_detection_loss", 20.0,
               args[0], args[1], args=args)
