"""For T == 1 returns the int 0 for forgetting and backward transfer (and a NumPy float average) instead of Python floats."""
LOSES = ["continual_metrics"]
MESSAGE = "0.0, not the int 0"


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    acc = R[-1].mean()
    if T == 1:
        return {"average_accuracy": acc, "forgetting": 0, "backward_transfer": 0}
    j = np.arange(T - 1)
    bwt = float(np.mean(R[-1, :-1] - R[j, j]))
    fgt = float(np.mean([R[i:T - 1, i].max() - R[-1, i] for i in range(T - 1)]))
    return {"average_accuracy": float(acc), "forgetting": fgt, "backward_transfer": bwt}
