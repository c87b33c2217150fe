"""Left the pooler out of the total (total = embeddings + encoder)."""
LOSES = ["bert_parameter_count"]
MESSAGE = "the pooler (an H x H linear map with H biases on the [CLS] state) is missing"


def bert_parameter_count(config):
    V, H, L = config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]
    I, P, T = config["intermediate_size"], config["max_position_embeddings"], config["type_vocab_size"]
    embeddings = (V + P + T) * H + 2 * H                 # word, position, type tables + LayerNorm
    attention = 4 * (H * H + H) + 2 * H                  # W_Q, W_K, W_V, W_O with biases + LayerNorm
    ffn = (H * I + I) + (I * H + H) + 2 * H              # W_1, W_2 with biases + LayerNorm
    layer = attention + ffn
    encoder = L * layer
    pooler = H * H + H
    return {"embeddings": int(embeddings), "layer": int(layer), "encoder": int(encoder),
            "pooler": int(pooler), "total": int(embeddings + encoder)}
