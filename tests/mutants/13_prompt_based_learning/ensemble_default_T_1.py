"""Default T=1.0 instead of the docstring's 2.0."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "a default is not the docstring's"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=1.0, weighting="accuracy"):
    u = np.asarray(unlabeled_scores, dtype=np.float64)
    tr = np.asarray(train_scores, dtype=np.float64)
    if weighting == "accuracy":
        w = (tr.argmax(axis=-1) == np.asarray(train_labels)[None]).mean(axis=1)
        if w.sum() == 0:
            w = np.ones(len(u))
    else:
        w = np.ones(len(u))
    avg = np.tensordot(w, u, axes=1) / w.sum()
    z = avg / T
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
