"""Counted the attention per head with head_dim = H / num_heads (true division): the counts come out as floats."""
LOSES = ["bert_parameter_count"]
MESSAGE = "parameter counts are ints"


def bert_parameter_count(config):
    V, H, L = config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]
    I, P, T = config["intermediate_size"], config["max_position_embeddings"], config["type_vocab_size"]
    heads = config["num_attention_heads"]
    head_dim = H / heads
    embeddings = (V + P + T) * H + 2 * H
    qkv = 3 * heads * (H * head_dim + head_dim)
    attention = qkv + H * H + H + 2 * H
    ffn = H * I + I + I * H + H + 2 * H
    layer = attention + ffn
    pooler = H * H + H
    return {"embeddings": embeddings, "layer": layer, "encoder": L * layer, "pooler": pooler,
            "total": embeddings + L * layer + pooler}
