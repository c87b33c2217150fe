"""Added the sub-layer's output to x in place (x += FFN(...)) in the Pre-LN branch."""
LOSES = ["residual_block"]
MESSAGE = "residual_block changed the `x` you passed in"


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    def ffn(h):
        return np.maximum(h @ W1 + b1, 0.0) @ W2 + b2
    if mode == "post":
        return layer_norm(x + ffn(x), gamma, beta, eps)
    x += ffn(layer_norm(x, gamma, beta, eps))
    return x
