"""Counting by loops: parameters added layer by layer and block by block (one set per shared group), the encoder with
LayerNorm statistics by explicit sums over the hidden axis, SOP with index loops and a running coin counter."""


def bert_parameter_count(config):
    V, P, T = config["vocab_size"], config["max_position_embeddings"], config["type_vocab_size"]
    H, I, L = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    embeddings = 0
    for rows in (V, P, T):
        embeddings += rows * H
    embeddings += H + H
    layer = 0
    for _ in range(4):                                      # Q, K, V, output dense
        layer += H * H + H
    layer += 2 * H                                          # attention LayerNorm
    layer += H * I + I + I * H + H + 2 * H                  # feed-forward and its LayerNorm
    encoder = 0
    for _ in range(L):
        encoder += layer
    pooler = H * H + H
    return {k: int(v) for k, v in dict(embeddings=embeddings, layer=layer, encoder=encoder, pooler=pooler,
                                       total=embeddings + encoder + pooler).items()}


def albert_parameter_count(config, sharing="all"):
    V, P, T, E = (config[k] for k in ("vocab_size", "max_position_embeddings", "type_vocab_size", "embedding_size"))
    H, I, L = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    n_att = 4 * (H * H + H) + 2 * H
    n_ffn = (H * I + I) + (I * H + H) + 2 * H
    encoder = 0
    attention_counted = ffn_counted = False
    for _ in range(L):
        if sharing in ("none", "ffn") or not attention_counted:
            encoder += n_att
            attention_counted = True
        if sharing in ("none", "attention") or not ffn_counted:
            encoder += n_ffn
            ffn_counted = True
    result = {"embeddings": (V + P + T) * E + 2 * E, "projection": E * H + H, "encoder": encoder,
              "pooler": H * H + H}
    result = {k: int(v) for k, v in result.items()}
    result["total"] = result["embeddings"] + result["projection"] + result["encoder"] + result["pooler"]
    return result


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    x = np.asarray(embeddings, dtype=np.float64)
    h = np.matmul(x, np.asarray(w_proj, dtype=np.float64)) + np.asarray(b_proj, dtype=np.float64)
    states = [h]
    G = len(layers)
    H = h.shape[-1]
    for i in range(num_layers):
        p = layers[int(i / (num_layers / G))]
        w1, b1, w2, b2 = (np.asarray(p[n], dtype=np.float64) for n in ("w1", "b1", "w2", "b2"))
        z = h + np.matmul(gelu_new(np.matmul(h, w1) + b1), w2) + b2
        total = np.zeros(z.shape[:-1])
        for c in range(H):
            total = total + z[..., c]
        mu = total / H
        sq = np.zeros(z.shape[:-1])
        for c in range(H):
            sq = sq + (z[..., c] - mu) ** 2
        var = sq / H
        h = (z - mu[..., None]) / np.sqrt(var[..., None] + eps) * np.asarray(p["gamma"], dtype=np.float64) \
            + np.asarray(p["beta"], dtype=np.float64)
        states.append(h)
    return np.array(states, dtype=np.float64)


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    out = {"input_ids": [], "token_type_ids": [], "sentence_order_label": []}
    used = 0
    for d in range(len(documents)):
        segments = documents[d]
        k = 0
        while k + 1 < len(segments):
            label = 1 if coins[used] else 0
            used += 1
            a, b = segments[k + label], segments[k + 1 - label]
            ids = [int(cls_id)]
            types = [0]
            for t in a:
                ids.append(int(t))
                types.append(0)
            ids.append(int(sep_id))
            types.append(0)
            for t in b:
                ids.append(int(t))
                types.append(1)
            ids.append(int(sep_id))
            types.append(1)
            out["input_ids"].append(ids)
            out["token_type_ids"].append(types)
            out["sentence_order_label"].append(label)
            k += 2
    return out
