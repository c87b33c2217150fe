"""Counted one LayerNorm per layer (after the FFN) instead of two (after attention and after the FFN)."""
LOSES = ["bert_parameter_count"]
MESSAGE = "one LayerNorm per layer is counted"


def bert_parameter_count(config):
    V, H, L = config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]
    I, P, T = config["intermediate_size"], config["max_position_embeddings"], config["type_vocab_size"]
    embeddings = (V + P + T) * H + 2 * H
    layer = 4 * (H * H + H) + (H * I + I) + (I * H + H) + 2 * H
    pooler = H * H + H
    return {"embeddings": embeddings, "layer": layer, "encoder": L * layer, "pooler": pooler,
            "total": embeddings + L * layer + pooler}
