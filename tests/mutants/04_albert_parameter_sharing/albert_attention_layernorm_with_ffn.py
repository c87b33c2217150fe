"""Counted both LayerNorms with the feed-forward block: sharing="attention" / "ffn" move the attention LayerNorm."""
LOSES = ["albert_parameter_count"]
MESSAGE = "the attention LayerNorm is counted with the feed-forward block"


def albert_parameter_count(config, sharing="all"):
    V, H, L = config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]
    I, P, T, E = (config["intermediate_size"], config["max_position_embeddings"], config["type_vocab_size"],
                  config["embedding_size"])
    embeddings = (V + P + T) * E + 2 * E
    projection = E * H + H
    att = 4 * (H * H + H)
    ffn = (H * I + I) + (I * H + H) + 4 * H
    n_att, n_ffn = {"all": (1, 1), "attention": (1, L), "ffn": (L, 1), "none": (L, L)}[sharing]
    encoder = n_att * att + n_ffn * ffn
    pooler = H * H + H
    return {"embeddings": embeddings, "projection": projection, "encoder": encoder, "pooler": pooler,
            "total": embeddings + projection + encoder + pooler}
