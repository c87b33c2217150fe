"""Did not pass betas on to the step function: (0.9, 0.999) is used whatever betas are given."""
LOSES = ["train_quadratic"]
MESSAGE = "betas (= (0.8, 0.99)) is not passed on"


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
        theta, state = step(theta, g, state, lr=lr, eps=eps, weight_decay=weight_decay)
        out.append(theta)
    return np.array(out, dtype=np.float64)
