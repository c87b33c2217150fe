"""rms_norm computed in the input's dtype: a float32 x gives a float32 result instead of float64."""
LOSES = ["rms_norm"]
MESSAGE = "rms_norm of a float32 x has dtype float32"


def rms_norm(x, gamma, eps=1e-6):
    mean_square = (x * x).mean(axis=-1, keepdims=True)
    return x / np.sqrt(mean_square + eps) * gamma
