"""Scaled the gradients in place (g *= coef), as torch's clip_grad_norm_ does to .grad."""
LOSES = ["clip_grad_norm"]
MESSAGE = "clip_grad_norm changed the `grads` you passed in"


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g *= coef
    return grads, total
