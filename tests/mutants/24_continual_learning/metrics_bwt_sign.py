"""Backward transfer as R[j, j] - R[T-1, j] (the forgetting's sign): positive when accuracy drops."""
LOSES = ['continual_metrics']
MESSAGE = "BWT has the wrong sign"

import numpy as np


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    final = R[-1]
    if T == 1:
        return {"average_accuracy": float(final.mean()), "forgetting": 0.0, "backward_transfer": 0.0}
    stage = np.arange(T - 1)[:, None]
    task = np.arange(T - 1)[None, :]
    best = np.where(stage >= task, R[:-1, :-1], -np.inf).max(axis=0)
    return {"average_accuracy": float(final.mean()),
            "forgetting": float(np.mean(best - final[:-1])),
            "backward_transfer": float(np.mean(np.diag(R)[:-1] - final[:-1]))}
