"""Returned h0 itself (shape (B, S, H)) when num_layers == 0, instead of the stack of shape (1, B, S, H)."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "has shape (2, 3, 8), expected (1, 2, 3, 8)"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings, dtype=np.float64) @ np.asarray(w_proj, dtype=np.float64) + np.asarray(b_proj, dtype=np.float64)
    if num_layers == 0:
        return h
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
