"""rms_norm scales by (1 + gamma), Gemma's RMSNorm, instead of gamma as torch.nn.functional.rms_norm."""
LOSES = ["rms_norm"]
MESSAGE = "gamma is applied as (1 + gamma)"


def rms_norm(x, gamma, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    mean_square = (x * x).mean(axis=-1, keepdims=True)
    return x / np.sqrt(mean_square + eps) * (1 + gamma)
