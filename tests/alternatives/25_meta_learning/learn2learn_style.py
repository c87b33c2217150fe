"""As learn2learn's MAML with clone()/adapt() and the TF cbfinn/maml code do it: the whole computation is
unrolled in a tape of inner weights, and the backward pass walks the tape in reverse (v <- v - alpha H v per
step, the vector-Jacobian product of each SGD step, with matmul on (T, K, D) batches); gradients via
X^T @ residual with an explicit transpose; losses via np.square then sum / count.
"""


def _loss_grad(w_t, X, y):
    # w_t (T, D), X (T, K, D), y (T, K): per-task MSE and its gradient
    r = np.matmul(X, w_t[:, :, None])[:, :, 0] - y
    K = X.shape[1]
    loss = np.square(r).sum(axis=1) / K
    grad = 2 * np.matmul(np.transpose(X, (0, 2, 1)), r[:, :, None])[:, :, 0] / K
    return loss, grad


def inner_adapt(w, X, y, alpha, steps=1):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    learner = np.repeat(np.asarray(w, dtype=np.float64)[None, :], X.shape[0], axis=0)
    for _ in range(int(steps)):
        _, g = _loss_grad(learner, X, y)
        learner = learner - alpha * g                # learner.adapt(loss): one SGD step
    return learner


def maml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    X_tr = np.asarray(X_tr, dtype=np.float64)
    tape = [np.repeat(np.asarray(w, dtype=np.float64)[None, :], X_tr.shape[0], axis=0)]
    for _ in range(int(steps)):
        tape.append(tape[-1] - alpha * _loss_grad(tape[-1], X_tr, np.asarray(y_tr, dtype=np.float64))[1])
    losses, v = _loss_grad(tape[-1], np.asarray(X_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64))
    K = X_tr.shape[1]
    for _ in reversed(range(int(steps))):            # backward through each SGD step
        Xv = np.matmul(X_tr, v[:, :, None])          # (T, K, 1)
        Hv = 2 * np.matmul(np.transpose(X_tr, (0, 2, 1)), Xv)[:, :, 0] / K
        v = v - alpha * Hv
    T = X_tr.shape[0]
    return float(losses.sum() / T), v.sum(axis=0) / T


def fomaml_meta_gradient(w, X_tr, y_tr, X_val, y_val, alpha, steps=1):
    adapted = inner_adapt(w, X_tr, y_tr, alpha, steps)
    losses, g = _loss_grad(adapted, np.asarray(X_val, dtype=np.float64), np.asarray(y_val, dtype=np.float64))
    return float(np.mean(losses)), np.mean(g, axis=0)


def reptile_update(w, X, y, alpha, steps, epsilon):
    w0 = np.array(w, dtype=np.float64)
    new_weights = inner_adapt(w0, X, y, alpha, steps)
    return w0 + epsilon * np.mean(new_weights - w0[None, :], axis=0)
