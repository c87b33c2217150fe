"""Normalised the gradient in place (grad /= norm; grad *= eps) and returned it."""
LOSES = ["fgm_perturbation"]
MESSAGE = "fgm_perturbation changed the `grad` you passed in"


def fgm_perturbation(grad, eps):
    norm = np.sqrt((grad.reshape(grad.shape[0], -1) ** 2).sum(axis=1))
    scale = np.where(norm > 0, eps / np.where(norm > 0, norm, 1.0), 0.0)
    grad *= scale.reshape((-1,) + (1,) * (grad.ndim - 1))
    return grad
