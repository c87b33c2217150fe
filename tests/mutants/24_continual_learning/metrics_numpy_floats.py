"""Returned the NumPy float64 scalars of np.mean for T > 1 instead of Python floats."""
LOSES = ["continual_metrics"]
MESSAGE = "continual_metrics must return Python floats"


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    avg = R[-1].mean()
    if T == 1:
        return {"average_accuracy": float(avg), "backward_transfer": 0.0, "forgetting": 0.0}
    bwt = np.mean([R[-1, j] - R[j, j] for j in range(T - 1)])
    fgt = np.mean([R[j:T - 1, j].max() - R[-1, j] for j in range(T - 1)])
    return {"average_accuracy": avg, "backward_transfer": bwt, "forgetting": fgt}
