"""Computed the query gradient in the data's dtype: float32 X_val gives a float32 meta-gradient."""
LOSES = ["fomaml_meta_gradient"]
MESSAGE = "with float32 inputs has dtype float32"


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    W = inner_adapt(w, X_tr, y_tr, alpha, steps).astype(np.asarray(X_val).dtype)
    r = np.einsum("tqd,td->tq", X_val, W) - y_val
    g = (np.einsum("tqd,tq->td", X_val, r) * (2 / X_val.shape[1])).astype(r.dtype)
    return float(np.mean(r ** 2)), g.mean(axis=0)
