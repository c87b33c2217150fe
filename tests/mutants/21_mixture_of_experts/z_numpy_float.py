"""Returned a NumPy float64 scalar instead of a Python float."""
LOSES = ["router_z_loss"]
MESSAGE = "must be a Python float"


def router_z_loss(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(z - m).sum(-1)) + m[..., 0]
    return np.mean(lse ** 2)
