"""Used PyTorch's LayerNorm default eps=1e-5 as the default instead of ALBERT's 1e-12 from the docstring."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "use the docstring's default eps=1e-12"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-5):
    h = np.asarray(embeddings, dtype=np.float64) @ np.asarray(w_proj, dtype=np.float64) + np.asarray(b_proj, dtype=np.float64)
    out = [h]
    G = len(layers)
    for i in range(num_layers):
        p = {k: np.asarray(v, dtype=np.float64) for k, v in layers[int(i / (num_layers / G))].items()}
        a = h @ p["w1"] + p["b1"]
        a = 0.5 * a * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (a + 0.044715 * a ** 3)))
        z = h + a @ p["w2"] + p["b2"]
        mu = z.mean(-1, keepdims=True)
        var = ((z - mu) ** 2).mean(-1, keepdims=True)
        h = (z - mu) / np.sqrt(var + eps) * p["gamma"] + p["beta"]
        out.append(h)
    return np.stack(out)
