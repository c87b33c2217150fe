"""Used the first task's support Hessian for every task (X_tr[0].T @ X_tr[0]): right only for a single task."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "every task uses the Hessian of task 0"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    K = X_tr.shape[1]
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    residual = np.einsum("tqd,td->tq", X_val, W) - y_val
    g = (2.0 / X_val.shape[1]) * np.einsum("tqd,tq->td", X_val, residual)
    H = (2.0 / K) * X_tr[0].T @ X_tr[0]
    for _ in range(steps):
        g = g - alpha * g @ H
    return float((residual ** 2).mean()), g.mean(axis=0)
