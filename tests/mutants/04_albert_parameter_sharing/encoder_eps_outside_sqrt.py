"""Added eps to the standard deviation, (z - mean) / (std + eps), instead of inside the square root."""
LOSES = ["shared_encoder_forward"]
MESSAGE = "eps is added to the standard deviation"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings, dtype=np.float64) @ np.asarray(w_proj, dtype=np.float64) + np.asarray(b_proj, dtype=np.float64)
    G = len(layers)
    outs = [h]
    for i in range(num_layers):
        g = layers[int(i / (num_layers / G))]
        z = h + gelu_new(h @ g["w1"] + g["b1"]) @ g["w2"] + g["b2"]
        mu = z.mean(-1, keepdims=True)
        h = (z - mu) / (z.std(-1, keepdims=True) + eps) * g["gamma"] + g["beta"]
        outs.append(h)
    return np.stack(outs).astype(np.float64)
