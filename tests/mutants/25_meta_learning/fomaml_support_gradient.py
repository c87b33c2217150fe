"""First-order MAML with the SUPPORT-set gradient at the adapted weights instead of the query gradient."""
LOSES = ['fomaml_meta_gradient']
MESSAGE = "this is the support-set gradient at w'"

import numpy as np


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr = np.asarray(X_tr, dtype=np.float64)
    X_val = np.asarray(X_val, dtype=np.float64)
    W = inner_adapt(w, X_tr, y_tr, alpha, steps)
    residual = np.einsum("tqd,td->tq", X_val, W) - np.asarray(y_val, dtype=np.float64)
    r_tr = np.einsum("tkd,td->tk", X_tr, W) - np.asarray(y_tr, dtype=np.float64)
    g = (2.0 / X_tr.shape[1]) * np.einsum("tkd,tk->td", X_tr, r_tr)
    return float((residual ** 2).mean(axis=1).mean()), g.mean(axis=0)
