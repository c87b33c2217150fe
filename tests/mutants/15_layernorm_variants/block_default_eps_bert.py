"""residual_block's default eps is BERT's 1e-12 instead of the 1e-5 the signature gives."""
LOSES = ["residual_block"]
MESSAGE = "the default eps is not 1e-5 (this is eps=1e-12)"


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-12):
    x = np.asarray(x, dtype=np.float64)

    def ffn(h):
        return np.maximum(h @ W1 + b1, 0.0) @ W2 + b2

    if mode == "post":
        return layer_norm(x + ffn(x), gamma, beta, eps)
    return x + ffn(layer_norm(x, gamma, beta, eps))
