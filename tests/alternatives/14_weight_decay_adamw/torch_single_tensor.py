"""As torch.optim's _single_tensor_adam computes it: m.lerp_(g, 1 - beta1), v.mul_(beta2).addcmul_(g, g,
value=1 - beta2), step_size = lr / bias_correction1, denom = sqrt(v) / sqrt(bias_correction2) + eps,
param.addcdiv_(m, denom, value=-step_size); AdamW first does param.mul_(1 - lr * weight_decay);
parameter names matched with Hugging Face's regexes (re.search on the lower-cased full name)."""

import re as _re


def _adam(param, grad, state, lr, betas, eps):
    beta1, beta2 = betas
    m = np.array(state["m"], dtype=np.float64)
    v = np.array(state["v"], dtype=np.float64)
    step = int(state["step"]) + 1
    m = m + (grad - m) * (1 - beta1)                 # lerp
    v = v * beta2 + (1 - beta2) * grad * grad        # addcmul
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = lr / bias_correction1
    denom = np.sqrt(v) / bias_correction2 ** 0.5 + eps
    new_param = param + (-step_size) * (m / denom)
    return np.asarray(new_param, dtype=np.float64), {"m": m, "v": v, "step": step}


def adam_l2_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    param = np.array(param, dtype=np.float64)
    grad = np.array(grad, dtype=np.float64)
    if weight_decay != 0:
        grad = grad + weight_decay * param          # grad.add(param, alpha=weight_decay)
    return _adam(param, grad, state, lr, betas, eps)


def adamw_step(param, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    param = np.array(param, dtype=np.float64)
    param = param * (1 - lr * weight_decay)          # param.mul_(1 - lr * weight_decay)
    return _adam(param, np.array(grad, dtype=np.float64), state, lr, betas, eps)


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True,
                    betas=(0.9, 0.999), eps=1e-8):
    step_fn = adamw_step if decoupled else adam_l2_step
    theta = np.array(p0, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    noise = np.asarray(noise, dtype=np.float64)
    state = init_state(theta)
    traj = np.empty((noise.shape[0] + 1,) + theta.shape, dtype=np.float64)
    traj[0] = theta
    for t in range(noise.shape[0]):
        grad = h * (theta - c) + noise[t]
        theta, state = step_fn(theta, grad, state, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
        traj[t + 1] = theta
    return traj


_NO_DECAY = [_re.compile(p) for p in ("bias", "layernorm", "rmsnorm", r"(?:^|\.)norm(?:$|\.)", r"_norm(?:$|\.)")]


def decay_parameter_groups(names):
    no_decay = [n for n in names if any(p.search(n.lower()) for p in _NO_DECAY)]
    decay = [n for n in names if not any(p.search(n.lower()) for p in _NO_DECAY)]
    return {"decay": decay, "no_decay": no_decay}
