"""Left out the E -> H projection when embedding_size == hidden_size (AlbertModel always has it)."""
LOSES = ["albert_parameter_count"]
MESSAGE = "the E -> H projection is left out when E == H"


def albert_parameter_count(config, sharing="all"):
    V, E, H = config["vocab_size"], config["embedding_size"], config["hidden_size"]
    L, I = config["num_hidden_layers"], config["intermediate_size"]
    P, T = config["max_position_embeddings"], config["type_vocab_size"]
    embeddings = (V + P + T) * E + 2 * E
    projection = E * H + H if E != H else 0
    attention = 4 * (H * H + H) + 2 * H
    ffn = 2 * H * I + I + H + 2 * H
    n_attention, n_ffn = {"all": (1, 1), "attention": (1, L), "ffn": (L, 1), "none": (L, L)}[sharing]
    encoder = n_attention * attention + n_ffn * ffn
    pooler = H * H + H
    return {"embeddings": embeddings, "projection": projection, "encoder": encoder, "pooler": pooler,
            "total": embeddings + projection + encoder + pooler}
