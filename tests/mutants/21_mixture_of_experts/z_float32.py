"""Computed the log-sum-exp in the logits' own dtype: float32 logits give a float32-accurate loss."""
LOSES = ["router_z_loss"]
MESSAGE = "only float32-accurate"


def router_z_loss(router_logits):
    z = np.asarray(router_logits)
    m = z.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(z - m).sum(-1)) + m[..., 0]
    return float(np.mean(lse ** 2))
