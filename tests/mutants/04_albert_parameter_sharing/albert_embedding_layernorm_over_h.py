"""Counted the embedding LayerNorm over H features (2H) instead of E (2E): right only when E == H."""
LOSES = ["albert_parameter_count"]
MESSAGE = "the embedding LayerNorm is counted over H features"


def albert_parameter_count(config, sharing="all"):
    V, H, L = config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]
    I, P, T, E = (config["intermediate_size"], config["max_position_embeddings"], config["type_vocab_size"],
                  config["embedding_size"])
    embeddings = (V + P + T) * E + 2 * H
    projection = E * H + H
    att = 4 * (H * H + H) + 2 * H
    ffn = (H * I + I) + (I * H + H) + 2 * H
    n_att, n_ffn = {"all": (1, 1), "attention": (1, L), "ffn": (L, 1), "none": (L, L)}[sharing]
    encoder = n_att * att + n_ffn * ffn
    pooler = H * H + H
    return {"embeddings": embeddings, "projection": projection, "encoder": encoder, "pooler": pooler,
            "total": embeddings + projection + encoder + pooler}
