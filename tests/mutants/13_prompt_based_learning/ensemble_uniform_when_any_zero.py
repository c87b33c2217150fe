"""Fell back to uniform weights when ANY PVP has accuracy 0 instead of only when all have."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "fall back to uniform weights only when ALL accuracies are 0"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    u = np.asarray(unlabeled_scores, dtype=np.float64)
    tr = np.asarray(train_scores, dtype=np.float64)
    if weighting == "accuracy":
        w = (tr.argmax(axis=-1) == np.asarray(train_labels)[None]).mean(axis=1)
        if np.any(w == 0):
            w = np.ones(len(u))
    else:
        w = np.ones(len(u))
    avg = np.tensordot(w, u, axes=1) / w.sum()
    z = avg / T
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
