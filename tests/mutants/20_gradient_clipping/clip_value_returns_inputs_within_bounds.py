"""Arrays already within [-v, v] are returned as they are (aliases of the inputs, in their own dtype)."""
LOSES = ["clip_grad_value"]
MESSAGE = "no value needs clamping here, but the result must still be new float64 arrays"


def clip_grad_value(grads, clip_value):
    out = []
    for g in grads:
        if np.all(np.abs(g) <= clip_value):
            out.append(g)
        else:
            out.append(np.clip(np.asarray(g, dtype=np.float64), -clip_value, clip_value))
    return out
