"""Computed the encoder and the total with np.int64 / np.sum: NumPy integers, not the Python ints the docstring promises."""
import numpy as np
LOSES = ["bert_parameter_count"]
MESSAGE = "must be a Python int, got a NumPy scalar (numpy.int64)"

def bert_parameter_count(config):
    V = config["vocab_size"]; H = config["hidden_size"]; L = config["num_hidden_layers"]
    I = config["intermediate_size"]; P = config["max_position_embeddings"]; T = config["type_vocab_size"]
    emb = (V + P + T) * H + 2 * H
    att = 4 * (H * H + H) + 2 * H
    ffn = (H * I + I) + (I * H + H) + 2 * H
    layer = att + ffn
    pool = H * H + H
    enc = np.int64(L) * layer
    return {"embeddings": emb, "layer": layer, "encoder": enc, "pooler": pool, "total": np.sum([emb, enc, pool])}
