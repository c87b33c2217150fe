"""Raised each coordinate's difference to alpha and summed (sum |d_k| ** alpha) instead of the Euclidean norm ** alpha: right only for alpha = 2."""
LOSES = ["align_loss"]
MESSAGE = "each coordinate's difference is raised to alpha"


def align_loss(x, y, alpha=2.0):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    fx = x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    fy = y / np.maximum(np.linalg.norm(y, axis=-1, keepdims=True), 1e-12)
    return float(np.mean(np.sum(np.abs(fx - fy) ** alpha, axis=-1)))
