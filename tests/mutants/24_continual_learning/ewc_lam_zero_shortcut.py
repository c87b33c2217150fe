"""Shortcut for lam == 0: returned the int 0 and np.zeros_like(theta) (an int penalty; a float32 gradient for float32 theta)."""
LOSES = ["ewc_penalty"]
MESSAGE = "a shortcut `return 0, ...` returns an int"


def ewc_penalty(theta, theta_star, fisher, lam):
    if lam == 0:
        return 0, np.zeros_like(theta)
    d = np.asarray(theta, dtype=np.float64) - np.asarray(theta_star, dtype=np.float64)
    f = np.asarray(fisher, dtype=np.float64)
    return float(0.5 * lam * np.sum(f * d ** 2)), lam * f * d
