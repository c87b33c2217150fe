"""Normalised by sqrt(var) without eps: a row with zero variance gives 0/0 = nan."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "keep eps inside the square root"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings, dtype=np.float64) @ w_proj + b_proj
    states = [h]
    G = len(layers)
    for i in range(num_layers):
        p = layers[int(i / (num_layers / G))]
        z = h + gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        h = (z - z.mean(-1, keepdims=True)) / np.sqrt(z.var(-1, keepdims=True)) * p["gamma"] + p["beta"]
        states.append(h)
    return np.stack(states)
