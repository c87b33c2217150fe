"""Took the max for forgetting over the stages after task j was learned, R[j+1:T-1, j], leaving out the diagonal (0 when empty)."""
LOSES = ["continual_metrics"]
MESSAGE = "the max leaves out R[j, j]"


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    if T == 1:
        return {"average_accuracy": float(R[-1].mean()), "backward_transfer": 0.0, "forgetting": 0.0}
    bwt = float(np.mean([R[-1, j] - R[j, j] for j in range(T - 1)]))
    fg = []
    for j in range(T - 1):
        seg = R[j + 1:T - 1, j]
        fg.append((seg.max() if seg.size else R[-1, j]) - R[-1, j])
    return {"average_accuracy": float(R[-1].mean()), "backward_transfer": bwt, "forgetting": float(np.mean(fg))}
