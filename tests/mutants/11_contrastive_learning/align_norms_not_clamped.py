"""Normalised with x / |x| without the 1e-12 clamp: a zero row gives nan."""
LOSES = ["align_loss"]
MESSAGE = "normalise with max(norm, 1e-12)"


def align_loss(x, y, alpha=2.0):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        fx = x / np.linalg.norm(x, axis=-1, keepdims=True)
        fy = y / np.linalg.norm(y, axis=-1, keepdims=True)
    return float(np.mean(np.linalg.norm(fx - fy, axis=-1) ** alpha))
