"""Divided the loss by the number of items but back-propagated the summed loss's dlogits (gradient N times too large)."""
LOSES = ["large_batch_gradient"]
MESSAGE = "this is the gradient of the summed loss"


def large_batch_gradient(params, x, labels):
    logits, cache = mlp_forward(params, x)                             # (B, [T,] C)
    ce = masked_cross_entropy(logits, labels)
    n = ce["num_items"]
    return {"loss": ce["loss_sum"] / n, "grads": mlp_backward(params, cache, ce["dlogits"])}
