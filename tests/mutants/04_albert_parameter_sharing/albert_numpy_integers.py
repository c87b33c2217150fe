"""Summed the parts with np.sum and multiplied with np.int64: NumPy integers, not the Python ints the docstring promises."""
import numpy as np
LOSES = ["albert_parameter_count"]
MESSAGE = "must be a Python int, got a NumPy scalar (numpy.int64)"


def albert_parameter_count(config, sharing="all"):
    V, E, H = config["vocab_size"], config["embedding_size"], config["hidden_size"]
    L, I = config["num_hidden_layers"], config["intermediate_size"]
    P, T = config["max_position_embeddings"], config["type_vocab_size"]
    embeddings = (V + P + T) * E + 2 * E
    projection = E * H + H
    attention = 4 * (H * H + H) + 2 * H
    ffn = (H * I + I) + (I * H + H) + 2 * H
    n_att, n_ffn = {"all": (1, 1), "attention": (1, L), "ffn": (L, 1), "none": (L, L)}[sharing]
    encoder = np.int64(n_att) * attention + np.int64(n_ffn) * ffn
    pooler = H * H + H
    return {"embeddings": embeddings, "projection": projection, "encoder": encoder, "pooler": pooler,
            "total": np.sum([embeddings, projection, encoder, pooler])}
