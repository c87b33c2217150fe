"""Computed the difference in place (d = theta; d -= theta_star), which overwrites the caller's theta."""
LOSES = ["ewc_penalty"]
MESSAGE = "ewc_penalty changed the `theta` you passed in"


def ewc_penalty(theta, theta_star, fisher, lam):
    d = theta
    d -= theta_star
    return float(0.5 * lam * np.sum(fisher * d * d)), lam * fisher * d
