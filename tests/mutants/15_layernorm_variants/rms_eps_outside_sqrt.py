"""rms_norm divides by the root mean square plus eps, sqrt(mean(x**2)) + eps, instead of sqrt(mean(x**2) + eps)."""
LOSES = ["rms_norm"]
MESSAGE = "eps is added after the square root"


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    rms = np.sqrt((x * x).mean(axis=-1, keepdims=True))
    return x / (rms + eps) * gamma
