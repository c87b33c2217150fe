"""task_head_loss sums the cross-entropy over the batch instead of averaging it."""
LOSES = ["task_head_loss"]
MESSAGE = "the cross-entropy is summed over the batch"


def task_head_loss(hidden, head, task_type, target=None, gamma=1.0):
    """Loss of one task-specific linear head on top of the shared encoder's [CLS] vectors.

    hidden: (B, d) float array for "classification" and "regression";
            (B, K, d) for "ranking" (K >= 1 candidates per query, the positive one at index 0).
    head: dict {"W": (d, C) float array, "b": (C,) float array}; C = classes, or 1 for regression/ranking.
    task_type: "classification" | "regression" | "ranking".
    target: (B,) int labels (classification), (B,) float targets (regression), unused for ranking.
    gamma: float > 0, the scale of the ranking scores.
    Returns a Python float: mean cross-entropy, mean squared error, or mean ranking NLL over the B rows.
    """
    H = np.asarray(hidden, dtype=np.float64)
    out = H @ np.asarray(head["W"], dtype=np.float64) + np.asarray(head["b"], dtype=np.float64)  # (B, C) or (B, K, 1)
    if task_type == "classification":
        z = out - out.max(axis=-1, keepdims=True)                              # (B, C)
        log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))              # (B, C)
        y = np.asarray(target).astype(np.int64)                                # (B,)
        return float(-log_p[np.arange(len(y)), y].sum())
    if task_type == "regression":
        s = out[:, 0]                                                          # (B,)
        return float(np.mean((s - np.asarray(target, dtype=np.float64)) ** 2))
    if task_type == "ranking":
        r = gamma * out[..., 0]                                                # (B, K)
        r = r - r.max(axis=-1, keepdims=True)
        log_p0 = r[:, 0] - np.log(np.exp(r).sum(axis=-1))                      # (B,)
        return float(-log_p0.mean())
    raise ValueError(f"unknown task_type {task_type!r}")

