"""Computed in the inputs' dtype: with float32 embeddings and weights, h0 is only float32-accurate."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "agrees with the expected values only to float32 precision"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings) @ np.asarray(w_proj) + np.asarray(b_proj)
    states = [h]
    G = len(layers)
    for i in range(num_layers):
        p = layers[int(i / (num_layers / G))]
        z = h + gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        mu = z.mean(-1, keepdims=True)
        h = (z - mu) / np.sqrt(((z - mu) ** 2).mean(-1, keepdims=True) + eps) * p["gamma"] + p["beta"]
        states.append(h)
    return np.stack(states)
