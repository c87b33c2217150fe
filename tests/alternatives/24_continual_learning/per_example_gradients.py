"""As torch.func.vmap(torch.func.grad(loss)) computes it: the (N, D, C) tensor of per-example gradients
x_n r_n^T is built explicitly (softmax via exp(z - logsumexp)), squared and averaged over examples;
the EWC penalty as Avalanche's ewc_lambda * sum(F * (θ - θ*)**2) with ewc_lambda = lam / 2;
the reservoir by reversing the replacing items and keeping the first occurrence of each slot (np.unique);
the metrics via GEM's confusion-matrix slices.
"""


def empirical_fisher(W, X, y):
    W = np.asarray(W, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    z = X @ W
    m = z.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    r = np.exp(z - lse)
    r[np.arange(len(y)), y] -= 1.0
    per_example = np.einsum("nd,nc->ndc", X, r)
    return (per_example ** 2).mean(axis=0)


def ewc_penalty(theta, theta_star, fisher, lam):
    theta = np.asarray(theta, dtype=np.float64)
    diff = theta - np.asarray(theta_star, dtype=np.float64)
    F = np.asarray(fisher, dtype=np.float64)
    ewc_lambda = lam / 2
    penalty = ewc_lambda * np.sum(F * diff ** 2)
    grad = np.asarray(2 * ewc_lambda * F * diff, dtype=np.float64)
    return float(penalty), grad.reshape(theta.shape)


def reservoir_sample(n_items, capacity, draws):
    n = int(n_items)
    size = min(n, int(capacity))
    buffer = np.arange(size, dtype=np.int64)
    if n <= capacity:
        return buffer
    later = np.arange(capacity, n)
    slots = np.asarray(draws, dtype=np.int64)[capacity:n]
    hit = slots < capacity
    later, slots = later[hit][::-1], slots[hit][::-1]                  # last item first
    uniq, first = np.unique(slots, return_index=True)
    buffer[uniq] = later[first]
    return buffer


def continual_metrics(R):
    R = np.asarray(R, dtype=np.float64)
    T = R.shape[0]
    final = R[-1]
    out = {"average_accuracy": float(final.mean())}
    if T == 1:
        out["forgetting"] = 0.0
        out["backward_transfer"] = 0.0
        return out
    diag = np.diag(R)
    out["backward_transfer"] = float((final[:-1] - diag[:-1]).mean())
    best = np.maximum.accumulate(R[:-1][::-1], axis=0)[::-1]           # best[l, j] = max(R[l:T-1, j])
    out["forgetting"] = float((np.diag(best) - final[:-1]).mean())
    return out
