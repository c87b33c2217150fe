"""Returned the penalty as the NumPy scalar np.sum gives instead of a Python float."""
LOSES = ["ewc_penalty"]
MESSAGE = "the docstring promises a Python float"


def ewc_penalty(theta, theta_star, fisher, lam):
    d = np.asarray(theta, dtype=np.float64) - theta_star
    return 0.5 * lam * np.sum(fisher * d * d), lam * fisher * d
