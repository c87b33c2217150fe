"""Counted a training prediction as correct when the true label only ties the highest score (own >= max) instead of np.argmax, which picks the first tied label."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "the prediction is np.argmax, which picks the FIRST of tied labels"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    u = np.asarray(unlabeled_scores, dtype=np.float64)
    tr = np.asarray(train_scores, dtype=np.float64)
    y = np.asarray(train_labels)
    if weighting == "uniform":
        w = np.ones(len(u))
    else:
        own = np.take_along_axis(tr, y[None, :, None], axis=2)[..., 0]
        w = np.mean(own >= tr.max(axis=2), axis=1)
        if w.sum() == 0:
            w = np.ones(len(u))
    s = np.tensordot(w, u, axes=1) / w.sum() / T
    e = np.exp(s - s.max(axis=1, keepdims=True)) if s.size else s
    return e / e.sum(axis=1, keepdims=True) if s.size else s
