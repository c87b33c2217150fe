"""Used the exact GELU x * Phi(x) (erf) instead of gelu_new, the tanh approximation ALBERT uses."""
import math
LOSES = ["shared_encoder_forward"]
MESSAGE = "the exact GELU x * Phi(x) (erf) is used"


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings, dtype=np.float64) @ np.asarray(w_proj, dtype=np.float64) + np.asarray(b_proj, dtype=np.float64)
    out = [h]
    G = len(layers)
    erf = np.vectorize(math.erf)
    for i in range(num_layers):
        p = {k: np.asarray(v, dtype=np.float64) for k, v in layers[int(i / (num_layers / G))].items()}
        a = h @ p["w1"] + p["b1"]
        a = a * 0.5 * (1.0 + erf(a / math.sqrt(2.0)))
        z = h + a @ p["w2"] + p["b2"]
        mu = z.mean(-1, keepdims=True)
        var = ((z - mu) ** 2).mean(-1, keepdims=True)
        h = (z - mu) / np.sqrt(var + eps) * p["gamma"] + p["beta"]
        out.append(h)
    return np.stack(out)
