"""Averaged over the first T - 1 tasks without the T == 1 case: a single task gives the mean of nothing, nan."""
LOSES = ["continual_metrics"]
MESSAGE = "with a single task there is no earlier task"


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    best = np.array([R[j:T - 1, j].max() for j in range(T - 1)])
    final = R[-1]
    return {"average_accuracy": float(final.mean()),
            "forgetting": float(np.mean(best - final[:-1])),
            "backward_transfer": float(np.mean(final[:-1] - np.diag(R)[:-1]))}
