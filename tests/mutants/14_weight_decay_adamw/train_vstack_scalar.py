"""Stacked the trajectory with np.vstack, which turns a scalar (0-d) parameter's trajectory into a column."""
LOSES = ["train_quadratic"]
MESSAGE = "on a scalar (0-d) parameter"


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True, betas=(0.9, 0.999), eps=1e-8):
    step_fn = adamw_step if decoupled else adam_l2_step
    theta = np.asarray(p0, dtype=np.float64)
    state = init_state(theta)
    trajectory = [theta]
    for t in range(len(noise)):
        theta, state = step_fn(theta, h * (theta - c) + noise[t], state, lr, betas, eps, weight_decay)
        trajectory.append(theta)
    return np.vstack(trajectory)
