"""Shifted by the maximum over the whole batch instead of per token: tokens far below it underflow to log(0)."""
LOSES = ["router_z_loss"]
MESSAGE = "nan or inf"


def router_z_loss(router_logits):
    z = np.asarray(router_logits, dtype=np.float64)
    m = z.max()
    lse = np.log(np.exp(z - m).sum(-1)) + m
    return float(np.mean(lse ** 2))
