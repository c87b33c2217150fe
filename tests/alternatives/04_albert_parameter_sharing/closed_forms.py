"""Closed forms: N_layer = 4H^2 + 2HI + 9H + I, ALBERT's encoder as (number of attention sets) N_att + (number of FFN
sets) N_ffn from a table; the group index list built first, LayerNorm with np.var; SOP pairs from zip(doc[0::2],
doc[1::2]) and an iterator over the coins."""


def bert_parameter_count(config):
    V, P, T = (int(config[key]) for key in ("vocab_size", "max_position_embeddings", "type_vocab_size"))
    H, I, L = (int(config[key]) for key in ("hidden_size", "intermediate_size", "num_hidden_layers"))
    emb = (V + P + T) * H + 2 * H
    layer = 4 * H * H + 2 * H * I + 9 * H + I
    pool = H * H + H
    return {"embeddings": emb, "layer": layer, "encoder": L * layer, "pooler": pool, "total": emb + L * layer + pool}


def albert_parameter_count(config, sharing="all"):
    V, P, T, E = (int(config[key]) for key in ("vocab_size", "max_position_embeddings", "type_vocab_size",
                                                 "embedding_size"))
    H, I, L = (int(config[key]) for key in ("hidden_size", "intermediate_size", "num_hidden_layers"))
    n_att = 4 * (H * H + H) + 2 * H
    n_ffn = 2 * H * I + I + 3 * H
    copies = {"all": (1, 1), "attention": (1, L), "ffn": (L, 1), "none": (L, L)}[sharing]
    parts = {"embeddings": (V + P + T) * E + 2 * E, "projection": E * H + H,
             "encoder": copies[0] * n_att + copies[1] * n_ffn, "pooler": H * H + H}
    parts["total"] = sum(parts.values())
    return parts


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    h = np.asarray(embeddings).astype(np.float64) @ np.asarray(w_proj).astype(np.float64) \
        + np.asarray(b_proj).astype(np.float64)
    groups = [int(i / (num_layers / len(layers))) for i in range(num_layers)]
    out = np.empty((num_layers + 1,) + h.shape, dtype=np.float64)
    out[0] = h
    for i, g in enumerate(groups):
        p = {name: np.asarray(value).astype(np.float64) for name, value in layers[g].items()}
        z = h + gelu_new(h @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        h = (z - z.mean(axis=-1, keepdims=True)) / np.sqrt(z.var(axis=-1, keepdims=True) + eps) * p["gamma"] + p["beta"]
        out[i + 1] = h
    return out


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    flips = iter(coins)
    input_ids, token_types, labels = [], [], []
    for doc in documents:
        for first, second in zip(doc[0::2], doc[1::2]):
            swap = int(next(flips))
            a, b = (second, first) if swap else (first, second)
            input_ids.append([int(cls_id), *map(int, a), int(sep_id), *map(int, b), int(sep_id)])
            token_types.append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            labels.append(swap)
    return {"input_ids": input_ids, "token_type_ids": token_types, "sentence_order_label": labels}
