"""Mapped layer i to weight set i * G // L (exact integer division) instead of transformers' floating-point
int(i / (L / G)) that the docstring asks for: the two differ when G does not divide L (L = 18, G = 14, layer 9)."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "transformers computes int(i / (num_layers / G)) in floating point"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings, dtype=np.float64) @ w_proj + b_proj
    G = len(layers)
    states = [h]
    for i in range(num_layers):
        p = layers[i * G // num_layers]
        z = h + gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        mu = z.mean(axis=-1, keepdims=True)
        var = ((z - mu) ** 2).mean(axis=-1, keepdims=True)
        h = (z - mu) / np.sqrt(var + eps) * p["gamma"] + p["beta"]
        states.append(h)
    return np.stack(states)
