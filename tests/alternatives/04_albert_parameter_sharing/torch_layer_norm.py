"""As torch.nn.functional.layer_norm computes it: (z - mean) * rsqrt(var + eps) with the biased variance as mean of
centred squares; gelu_new written inline with x * x * x; projection with einsum; parameter counts from numel-style
products with math.prod; SOP built by list concatenation."""
import math


def bert_parameter_count(config):
    c = {k: int(v) for k, v in config.items()}
    H, I = c["hidden_size"], c["intermediate_size"]
    tables = [(c["vocab_size"], H), (c["max_position_embeddings"], H), (c["type_vocab_size"], H)]
    embeddings = sum(math.prod(t) for t in tables) + 2 * H
    attention = sum(math.prod(s) for s in [(H, H), (H,)] * 4) + 2 * H
    ffn = math.prod((H, I)) + I + math.prod((I, H)) + H + 2 * H
    layer = attention + ffn
    encoder = c["num_hidden_layers"] * layer
    pooler = math.prod((H, H)) + H
    return dict(embeddings=embeddings, layer=layer, encoder=encoder, pooler=pooler, total=embeddings + encoder + pooler)


def albert_parameter_count(config, sharing="all"):
    c = {k: int(v) for k, v in config.items()}
    E, H, I, L = c["embedding_size"], c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"]
    embeddings = (c["vocab_size"] + c["max_position_embeddings"] + c["type_vocab_size"]) * E + 2 * E
    attention = 4 * (H * H + H) + 2 * H
    ffn = H * I + I + I * H + H + 2 * H
    if sharing == "all":
        encoder = attention + ffn
    elif sharing == "attention":
        encoder = attention + L * ffn
    elif sharing == "ffn":
        encoder = L * attention + ffn
    elif sharing == "none":
        encoder = L * (attention + ffn)
    else:
        raise ValueError(f"unknown sharing mode {sharing!r}")
    projection, pooler = E * H + H, H * H + H
    return dict(embeddings=embeddings, projection=projection, encoder=encoder, pooler=pooler,
                total=embeddings + projection + encoder + pooler)


def _gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * (x * x * x))))


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    x = np.asarray(embeddings, dtype=np.float64)
    h = np.einsum("bse,eh->bsh", x, np.asarray(w_proj, dtype=np.float64)) + np.asarray(b_proj, dtype=np.float64)
    out = [h]
    for i in range(num_layers):
        p = layers[int(i / (num_layers / len(layers)))]
        a = _gelu(h @ np.asarray(p["w1"], dtype=np.float64) + np.asarray(p["b1"], dtype=np.float64))
        z = a @ np.asarray(p["w2"], dtype=np.float64) + np.asarray(p["b2"], dtype=np.float64) + h
        centred = z - np.mean(z, axis=-1, keepdims=True)
        var = np.mean(centred * centred, axis=-1, keepdims=True)
        rstd = 1.0 / np.sqrt(var + eps)
        h = centred * rstd * np.asarray(p["gamma"], dtype=np.float64) + np.asarray(p["beta"], dtype=np.float64)
        out.append(h)
    return np.stack(out, axis=0)


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    pairs = [(doc[k], doc[k + 1]) for doc in documents for k in range(0, len(doc) - 1, 2)]
    labels = [int(coins[n]) for n in range(len(pairs))]
    ordered = [(b, a) if flip else (a, b) for (a, b), flip in zip(pairs, labels)]
    return {
        "input_ids": [[int(cls_id)] + [int(t) for t in a] + [int(sep_id)] + [int(t) for t in b] + [int(sep_id)]
                      for a, b in ordered],
        "token_type_ids": [[0] * (1 + len(a) + 1) + [1] * (len(b) + 1) for a, b in ordered],
        "sentence_order_label": [1 if flip else 0 for flip in labels],
    }
