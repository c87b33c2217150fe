"""Returned the first-order meta-loss as the NumPy scalar np.mean gives instead of a Python float."""
LOSES = ["fomaml_meta_gradient"]
MESSAGE = "the docstring promises a Python float"


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_val = np.asarray(X_val, dtype=np.float64)
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    r = np.einsum("tqd,td->tq", X_val, W) - y_val
    return np.mean(r ** 2), ((2.0 / X_val.shape[1]) * np.einsum("tqd,tq->td", X_val, r)).mean(axis=0)
