"""Applied the update to the parameter in place (param -= ...), as an optimizer's step() does in PyTorch."""
LOSES = ["adam_l2_step"]
MESSAGE = "adam_l2_step changed the `param` you passed in"


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas
    g = grad + weight_decay * param
    t = state["step"] + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    v = beta2 * state["v"] + (1 - beta2) * g * g
    param -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return param, {"m": m, "v": v, "step": t}
