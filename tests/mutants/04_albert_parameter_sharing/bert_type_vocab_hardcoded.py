"""Hard-coded BERT's two token types (2 * H) instead of reading type_vocab_size from the config."""
LOSES = ["bert_parameter_count"]
MESSAGE = "two token types are counted"


def bert_parameter_count(config):
    V, H, L = config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]
    I, P = config["intermediate_size"], config["max_position_embeddings"]
    embeddings = (V + P + 2) * H + 2 * H
    layer = 4 * (H * H + H) + 2 * H + (H * I + I) + (I * H + H) + 2 * H
    pooler = H * H + H
    return {"embeddings": embeddings, "layer": layer, "encoder": L * layer, "pooler": pooler,
            "total": embeddings + L * layer + pooler}
