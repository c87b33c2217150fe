"""Returned the meta-loss as the NumPy scalar that .mean() gives instead of a Python float."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "the docstring promises a Python float"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    residual = np.einsum("tqd,td->tq", X_val, W) - y_val
    g = (2.0 / X_val.shape[1]) * np.einsum("tqd,tq->td", X_val, residual)
    H = (2.0 / X_tr.shape[1]) * np.einsum("tkd,tke->tde", X_tr, X_tr)
    for _ in range(steps):
        g = g - alpha * np.einsum("tde,te->td", H, g)
    return (residual ** 2).mean(), g.mean(axis=0)
