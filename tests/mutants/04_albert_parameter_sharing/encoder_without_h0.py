"""Returned only the outputs of the layers, without the projected embeddings h0 first."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "the projected embeddings h0 are missing"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    x = np.asarray(embeddings, dtype=np.float64)
    h = x @ np.asarray(w_proj, dtype=np.float64) + np.asarray(b_proj, dtype=np.float64)  # (B, S, H)
    G = len(layers)
    states = []
    for i in range(num_layers):
        p = {k: np.asarray(v, dtype=np.float64) for k, v in layers[int(i / (num_layers / G))].items()}
        z = h + gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]      # (B, S, H) residual
        mu = z.mean(axis=-1, keepdims=True)                               # (B, S, 1)
        var = ((z - mu) ** 2).mean(axis=-1, keepdims=True)                # (B, S, 1) biased
        h = (z - mu) / np.sqrt(var + eps) * p["gamma"] + p["beta"]        # (B, S, H)
        states.append(h)
    return np.stack(states)                                               # (L + 1, B, S, H)
