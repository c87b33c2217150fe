"""Divided by the NumPy count (labels != -100).sum(): the loss is a numpy.float64, not the promised Python float."""
LOSES = ["large_batch_gradient"]
MESSAGE = "['loss'] must be a Python float"


def large_batch_gradient(params, x, labels):
    labels = np.asarray(labels)
    n = (labels != -100).sum()
    logits, cache = mlp_forward(params, x)
    out = masked_cross_entropy(logits, labels)
    return {"loss": out["loss_sum"] / n, "grads": mlp_backward(params, cache, out["dlogits"] / n)}
