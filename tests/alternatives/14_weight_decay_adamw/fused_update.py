"""One fused expression for the step, lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps *
sqrt(1 - beta2^t)) (algebraically the notebook's update, eps rescaled exactly as PyTorch places it),
the AdamW decay written theta - lr * lambda * theta; names matched with one regular expression."""

import re as _re


def _moments(grad, state, betas):
    b1, b2 = betas
    m = b1 * np.asarray(state["m"], dtype=np.float64) + (1.0 - b1) * grad
    v = b2 * np.asarray(state["v"], dtype=np.float64) + (1.0 - b2) * grad * grad
    return m, v


def _direction(m, v, t, lr, betas, eps):
    b1, b2 = betas
    c2 = np.sqrt(1.0 - b2 ** t)
    return lr * c2 / (1.0 - b1 ** t) * m / (np.sqrt(v) + eps * c2)


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    theta = np.array(param, dtype=np.float64, ndmin=0)
    g = np.asarray(grad, dtype=np.float64) + weight_decay * theta
    m, v = _moments(g, state, betas)
    t = int(state["step"]) + 1
    return np.asarray(theta - _direction(m, v, t, lr, betas, eps)), {"m": m, "v": v, "step": t}


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    theta = np.array(param, dtype=np.float64)
    m, v = _moments(np.asarray(grad, dtype=np.float64), state, betas)
    t = int(state["step"]) + 1
    return np.asarray(theta - lr * weight_decay * theta - _direction(m, v, t, lr, betas, eps)), \
        {"m": m, "v": v, "step": t}


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True,
                    betas=(0.9, 0.999), eps=1e-8):
    theta = np.array(p0, dtype=np.float64)
    state = init_state(theta)
    rows = [theta.copy()]
    fn = adamw_step if decoupled else adam_l2_step
    for t in range(np.shape(noise)[0]):
        theta, state = fn(theta, h * (theta - c) + noise[t], state, lr=lr, betas=betas, eps=eps,
                          weight_decay=weight_decay)
        rows.append(theta)
    return np.array(rows, dtype=np.float64).reshape((len(rows),) + np.shape(p0))


_EXEMPT = _re.compile(r"bias|layernorm|rmsnorm|(?:^|\.)norm(?:$|\.)|_norm(?:$|\.)")


def decay_parameter_groups(names):
    result = {"decay": [], "no_decay": []}
    for name in names:
        result["no_decay" if _EXEMPT.search(name.lower()) else "decay"].append(name)
    return result
