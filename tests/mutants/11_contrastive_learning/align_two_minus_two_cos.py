"""Squared distance of the normalised rows as 2 - 2 f(x_i).f(y_i): wrong for a zero row (its f is 0, so the distance is 1, not sqrt(2)), and can go slightly negative."""
LOSES = ["align_loss"]
MESSAGE = "which holds for unit vectors only"


def align_loss(x, y, alpha=2.0):
    """Wang & Isola's alignment: mean over pairs of |f(x_i) - f(y_i)|_2 ** alpha, f = L2 normalisation.

    x, y: float arrays of shape (N, d) with N >= 1, row i of x and row i of y form a positive pair.
    alpha: float > 0. Rows are normalised with max(norm, 1e-12) first (a zero row stays 0, never nan).
    The arguments are not modified.
    Returns a Python float in [0, 2 ** alpha].
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    fx = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)   # (N, d)
    fy = y / np.maximum(np.linalg.norm(y, axis=-1, keepdims=True), 1e-12)   # (N, d)
    dist = np.sqrt(np.maximum(2 - 2 * (fx * fy).sum(axis=-1), 0))                                  # (N,)
    return float(np.mean(dist ** alpha))
