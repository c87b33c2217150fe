"""Subtracted the one-hot with r[:, y] -= 1: every example gets 1 subtracted in the columns of all labels in y."""
LOSES = ['empirical_fisher']
MESSAGE = "in the label columns of EVERY example"

import numpy as np


def empirical_fisher(W, X, y):
    X = np.asarray(X, dtype=np.float64)
    z = X @ np.asarray(W, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    r = p.copy()
    r[:, np.asarray(y)] -= 1.0
    return (X ** 2).T @ (r ** 2) / X.shape[0]
