"""Took layer i's weight set as int(i / num_layers * G) (ALBERT's TensorFlow code), not int(i / (num_layers / G))."""
import math
import numpy as np
LOSES = ["shared_encoder_forward"]
MESSAGE = "layer i uses layers[int(i / num_layers * G)]"

def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    x = np.asarray(embeddings, dtype=np.float64)
    h = x @ np.asarray(w_proj, dtype=np.float64) + np.asarray(b_proj, dtype=np.float64)
    outs = [h]
    G = len(layers)
    for i in range(num_layers):
        g = int(i / num_layers * G)
        p = {k: np.asarray(v, dtype=np.float64) for k, v in layers[g].items()}
        f = gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        z = h + f
        mu = z.mean(axis=-1, keepdims=True)
        var = ((z - mu) ** 2).mean(axis=-1, keepdims=True)
        h = (z - mu) / np.sqrt(var + eps) * p["gamma"] + p["beta"]
        outs.append(h)
    return np.stack(outs)
