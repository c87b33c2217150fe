"""Counted the E -> H projection without its bias (E * H)."""
LOSES = ["albert_parameter_count"]
MESSAGE = "the bias of the E -> H projection is missing"


def albert_parameter_count(config, sharing="all"):
    V, E, H = config["vocab_size"], config["embedding_size"], config["hidden_size"]
    L, I = config["num_hidden_layers"], config["intermediate_size"]
    P, T = config["max_position_embeddings"], config["type_vocab_size"]
    embeddings = (V + P + T) * E + 2 * E                 # tables in R^E + LayerNorm over E
    projection = E * H                               # embedding_hidden_mapping_in
    attention = 4 * (H * H + H) + 2 * H
    ffn = (H * I + I) + (I * H + H) + 2 * H
    copies = {"all": (1, 1), "attention": (1, L), "ffn": (L, 1), "none": (L, L)}
    if sharing not in copies:
        raise ValueError(f"sharing must be one of {sorted(copies)}, got {sharing!r}")
    n_attention, n_ffn = copies[sharing]
    encoder = n_attention * attention + n_ffn * ffn
    pooler = H * H + H
    return {"embeddings": int(embeddings), "projection": int(projection), "encoder": int(encoder),
            "pooler": int(pooler), "total": int(embeddings + projection + encoder + pooler)}
