"""Took the max for forgetting over all stages 0 .. T-2 (R[:-1, j], Chaudhry et al.'s original form), including stages before task j was learned, instead of max(R[j:T-1, j]) as the docstring says."""
import numpy as np
LOSES = ["continual_metrics"]
MESSAGE = "the max includes stages before task j was learned"


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    final = R[-1]
    if T == 1:
        return {"average_accuracy": float(final.mean()), "forgetting": 0.0, "backward_transfer": 0.0}
    best = R[:-1, :-1].max(axis=0)
    return {"average_accuracy": float(final.mean()),
            "forgetting": float(np.mean(best - final[:-1])),
            "backward_transfer": float(np.mean(final[:-1] - np.diag(R)[:-1]))}
