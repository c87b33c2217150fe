"""Took the argmax of train_scores over axis 1 (the examples) instead of the last axis (the labels)."""
LOSES = ["ensemble_soft_labels"]
MESSAGE = "is the accuracy's prediction taken over the wrong axis"


def ensemble_soft_labels(unlabeled_scores, train_scores, train_labels, T=2.0, weighting="accuracy"):
    """PET's soft labels: softmax(weighted average of the PVP scores / T).

    unlabeled_scores: float array (P, U, K), the scores s_p of P PVPs on U unlabelled examples;
    train_scores: float array (P, N, K), the same PVPs' scores on the N labelled training examples
        before training; train_labels: int array (N,) in [0, K).
    T: float > 0; weighting: "accuracy" (w_p = accuracy of argmax of train_scores[p]) or "uniform" (w_p = 1).
    If all accuracies are 0, use uniform weights.
    Returns a float64 array (U, K), whatever the float dtype of the scores (U may be 0: a (0, K) array):
    softmax over K of (sum_p w_p s_p / sum_p w_p) / T, computed stably for any T > 0.
    """
    scores = np.asarray(unlabeled_scores, dtype=np.float64)                     # (P, U, K)
    if weighting == "accuracy":
        correct = np.argmax(train_scores, axis=1) == np.asarray(train_labels)[None]   # (P, N)
        w = correct.mean(axis=1)                                                # (P,)
        if w.sum() == 0:
            w = np.ones(len(scores))
    else:
        w = np.ones(len(scores))
    avg = np.tensordot(w, scores, axes=1) / w.sum()                             # (U, K)
    z = avg / T
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
