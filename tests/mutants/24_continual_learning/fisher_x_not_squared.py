"""Squared only the residuals: X.T @ (P - Y)**2 / N, forgetting that G_n**2 = outer(x_n**2, r_n**2)."""
LOSES = ['empirical_fisher']
MESSAGE = "only the residuals were squared"

import numpy as np


def empirical_fisher(W, X, y):
    X = np.asarray(X, dtype=np.float64)
    z = X @ np.asarray(W, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    r = p.copy()
    r[np.arange(len(y)), np.asarray(y)] -= 1.0
    return X.T @ (r ** 2) / X.shape[0]
