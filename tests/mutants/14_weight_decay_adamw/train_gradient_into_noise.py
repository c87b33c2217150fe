"""Built each gradient in place on top of the noise row (grad = noise[t]; grad += ...), which writes into noise."""
LOSES = ["train_quadratic"]
MESSAGE = "train_quadratic changed the `noise` you passed in"


def train_quadratic(p0, h, c, noise, lr=1e-2, weight_decay=0.0, decoupled=True, betas=(0.9, 0.999), eps=1e-8):
    step_fn = adamw_step if decoupled else adam_l2_step
    theta = np.asarray(p0, dtype=np.float64)
    state = init_state(theta)
    trajectory = [theta]
    for t in range(len(noise)):
        grad = noise[t]
        grad += h * (theta - c)
        theta, state = step_fn(theta, grad, state, lr, betas, eps, weight_decay)
        trajectory.append(theta)
    return np.array(trajectory)
