"""Never converted the arrays: float32 theta, theta_star and fisher give a float32 gradient, not float64."""
LOSES = ["ewc_penalty"]
MESSAGE = "has dtype float32: the docstring promises float64"


def ewc_penalty(theta, theta_star, fisher, lam):
    d = theta - theta_star
    return float(0.5 * lam * np.sum(fisher * d ** 2)), lam * fisher * d
