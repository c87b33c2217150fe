"""Updated the initialisation in place (w += ...), which changes the caller's array."""
LOSES = ["reptile_update"]
MESSAGE = "reptile_update changed the `w` you passed in"


def reptile_update(w, X, y, alpha, steps, epsilon):
    W = inner_adapt(w, X, y, alpha, steps)
    w += epsilon * (W.mean(axis=0) - w)
    return w
