"""Formed (I - alpha H_t)^steps with np.linalg.matrix_power, which the notebook rules out."""
LOSES = ["maml_meta_gradient"]
MESSAGE = "never form a matrix power"


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    T, K, D = X_tr.shape
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    residual = np.einsum("tqd,td->tq", X_val, W) - y_val
    g = (2.0 / X_val.shape[1]) * np.einsum("tqd,tq->td", X_val, residual)
    H = (2.0 / K) * np.einsum("tkd,tke->tde", X_tr, X_tr)
    J = np.linalg.matrix_power(np.eye(D) - alpha * H, steps)
    return float((residual ** 2).mean()), np.einsum("tde,te->td", J, g).mean(axis=0)
