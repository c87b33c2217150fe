"""Stabilised the softmax with the maximum of the whole array, z - z.max(): an empty set of examples crashes."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "an empty set gives an empty (0, K)"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    P = len(unlabeled_scores)
    w = np.ones(P)
    if weighting == "accuracy":
        acc = (np.argmax(train_scores, axis=-1) == train_labels).mean(axis=1)
        if acc.sum() > 0:
            w = acc
    z = np.average(unlabeled_scores, axis=0, weights=w) / T
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)
