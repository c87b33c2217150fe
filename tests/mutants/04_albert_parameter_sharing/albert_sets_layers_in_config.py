"""Handled sharing by writing the number of distinct layers into the caller's config dict."""
LOSES = ["albert_parameter_count"]
MESSAGE = "albert_parameter_count changed the `config` you passed in"


def albert_parameter_count(config, sharing="all"):
    L = config["num_hidden_layers"]
    config["num_hidden_layers"] = 1 if sharing in ("all", "attention") else L
    n_attention = config["num_hidden_layers"]
    config["num_hidden_layers"] = 1 if sharing in ("all", "ffn") else L
    n_ffn = config["num_hidden_layers"]
    V, E, H, I = config["vocab_size"], config["embedding_size"], config["hidden_size"], config["intermediate_size"]
    P, T = config["max_position_embeddings"], config["type_vocab_size"]
    embeddings = (V + P + T) * E + 2 * E
    projection = E * H + H
    encoder = n_attention * (4 * (H * H + H) + 2 * H) + n_ffn * (2 * H * I + I + H + 2 * H)
    pooler = H * H + H
    return {"embeddings": embeddings, "projection": projection, "encoder": encoder, "pooler": pooler,
            "total": embeddings + projection + encoder + pooler}
