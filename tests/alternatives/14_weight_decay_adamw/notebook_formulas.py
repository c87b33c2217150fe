"""The notebook's formulas literally, m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t),
theta - lr * m_hat / (sqrt(v_hat) + eps), with 0-d results left as NumPy scalars; the trajectory as a
list stacked with np.stack; names split into dot-separated components."""


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    b1, b2 = betas
    theta = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * theta
    t = state["step"] + 1
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1 - b1) * g
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1 - b2) * g ** 2
    m_hat = m / (1 - b1 ** t)
    v_hat = v / (1 - b2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "step": int(t)}


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    b1, b2 = betas
    theta = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    t = state["step"] + 1
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1 - b1) * g
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1 - b2) * g ** 2
    m_hat = m / (1 - b1 ** t)
    v_hat = v / (1 - b2 ** t)
    decayed = (1 - lr * weight_decay) * theta
    return decayed - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v, "step": int(t)}


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True,
                    betas=(0.9, 0.999), eps=1e-8):
    theta = np.asarray(p0, dtype=np.float64)
    state = init_state(theta)
    trajectory = [theta]
    for xi in np.asarray(noise, dtype=np.float64):
        g = np.asarray(h, dtype=np.float64) * (theta - np.asarray(c, dtype=np.float64)) + xi
        if decoupled:
            theta, state = adamw_step(theta, g, state, lr, betas, eps, weight_decay)
        else:
            theta, state = adam_l2_step(theta, g, state, lr, betas, eps, weight_decay)
        trajectory.append(theta)
    return np.stack(trajectory).astype(np.float64)


def decay_parameter_groups(names):
    groups = {"decay": [], "no_decay": []}
    for name in names:
        parts = name.lower().split(".")
        exempt = any("bias" in p or "layernorm" in p or "rmsnorm" in p or p == "norm" or p.endswith("_norm")
                     for p in parts)
        groups["no_decay" if exempt else "decay"].append(name)
    return groups
