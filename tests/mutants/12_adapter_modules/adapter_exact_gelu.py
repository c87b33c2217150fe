"""Used the exact (erf) GELU instead of the setup cell's tanh approximation that the docstring names."""
import math

LOSES = ["houlsby_adapter"]
MESSAGE = "this is the exact (erf) GELU"


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    """Houlsby bottleneck adapter: h + gelu(h @ W_down + b_down) @ W_up + b_up.

    h: float array of shape (..., d) (e.g. (batch, seq, d); any number of leading axes, none or an empty
    one too; any float dtype, computed in float64); W_down: (d, m); b_down: (m,);
    W_up: (m, d); b_up: (d,). Uses gelu from the setup cell.
    Returns a float64 array with the shape of h. The arguments (h in particular) are not modified.
    """
    h = np.asarray(h, dtype=np.float64)
    pre = h @ W_down + b_down
    bottleneck = 0.5 * pre * (1.0 + np.vectorize(math.erf)(pre / math.sqrt(2.0)))          # (..., m)
    return h + bottleneck @ W_up + b_up             # (..., d): skip connection around the bottleneck
