"""Weighted the PVPs' scores in place (unlabeled_scores *= w) before summing them."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "ensemble_soft_labels changed the `unlabeled_scores` you passed in"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    P = len(unlabeled_scores)
    w = np.ones(P)
    if weighting == "accuracy":
        acc = (np.argmax(train_scores, axis=-1) == train_labels).mean(axis=1)
        if acc.sum() > 0:
            w = acc
    unlabeled_scores *= w[:, None, None]
    z = unlabeled_scores.sum(axis=0) / w.sum() / T
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
