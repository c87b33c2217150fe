"""Used the unbiased variance (ddof=1) in LayerNorm."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "LayerNorm uses the unbiased variance"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings, dtype=np.float64) @ w_proj + b_proj
    G = len(layers)
    states = [h]
    for i in range(num_layers):
        p = layers[int(i / (num_layers / G))]
        z = h + gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        h = (z - z.mean(axis=-1, keepdims=True)) / np.sqrt(z.var(axis=-1, ddof=1, keepdims=True) + eps) * p["gamma"] + p["beta"]
        states.append(h)
    return np.stack(states)
