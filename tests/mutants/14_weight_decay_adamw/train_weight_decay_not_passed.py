"""Called the step without weight_decay: adamw_step's own default 1e-2 (and adam_l2_step's 0) is used whatever weight_decay is given."""
LOSES = ["train_quadratic"]
MESSAGE = "is not passed on to the optimizer step: the step's own default is used"


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True,
                    betas=(0.9, 0.999), eps=1e-8):
    theta = np.asarray(p0, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    noise = np.asarray(noise, dtype=np.float64)
    state = init_state(theta)
    step = adamw_step if decoupled else adam_l2_step
    out = [theta]
    for t in range(len(noise)):
        g = h * (theta - c) + noise[t]
        theta, state = step(theta, g, state, lr=lr, betas=betas, eps=eps)
        out.append(theta)
    return np.array(out, dtype=np.float64)
