"""Forgot the fallback to uniform weights: when every PVP has accuracy 0 the weights sum to 0 (0/0 = nan)."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "fall back to uniform weights"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    P = len(unlabeled_scores)
    if weighting == "accuracy":
        w = (np.argmax(train_scores, axis=-1) == train_labels).mean(axis=1)
    else:
        w = np.ones(P)
    avg = np.einsum("p,puk->uk", w, unlabeled_scores) / w.sum()
    z = avg / T
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
