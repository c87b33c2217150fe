"""residual_block flattens the tokens to (N, d) and returns them so: a (d,) token or a (B, T, d) batch loses its shape."""
LOSES = ["residual_block"]
MESSAGE = "the tokens come back flattened"


def residual_block(x, W1, b1, W2, b2, gamma, beta, mode="post", eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    x = x.reshape(-1, x.shape[-1])

    def ffn(h):
        return np.maximum(h @ W1 + b1, 0.0) @ W2 + b2

    if mode == "post":
        return layer_norm(x + ffn(x), gamma, beta, eps)
    return x + ffn(layer_norm(x, gamma, beta, eps))
