"""np.linalg.norm(fx - fy) without axis=-1: one Frobenius norm of the whole difference instead of a norm per pair."""
LOSES = ["align_loss"]
MESSAGE = "one norm of the whole (N, d) difference"


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
    dist = np.linalg.norm(fx - fy)                                  # (N,)
    return float(np.mean(dist ** alpha))
