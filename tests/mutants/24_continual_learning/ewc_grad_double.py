"""Gradient 2 * lam * F * d (the derivative of d**2 without the 1/2 of the penalty cancelling the 2)."""
LOSES = ['ewc_penalty']
MESSAGE = "the gradient is twice too large"

import numpy as np


def ewc_penalty(theta, theta_star, fisher, lam):
    d = np.asarray(theta, dtype=np.float64) - np.asarray(theta_star, dtype=np.float64)
    F = np.asarray(fisher, dtype=np.float64)
    return float(0.5 * lam * np.sum(F * d * d)), 2 * lam * F * d
