"""First-order MAML calls inner_adapt without passing `steps`: every task is adapted with one inner step."""
LOSES = ["fomaml_meta_gradient"]
MESSAGE = "the tasks were adapted with ONE inner step"


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_val = np.asarray(X_val, dtype=np.float64)
    Q = X_val.shape[1]
    Wa = inner_adapt(w, X_tr, y_tr, alpha)
    r = np.einsum("tqd,td->tq", X_val, Wa) - y_val
    return float(np.mean(r ** 2)), (2 / Q * np.einsum("tqd,tq->td", X_val, r)).mean(0)
