"""Counted with NumPy integers (np.int64 arithmetic): the counts are NumPy values, not the Python ints the
docstring promises."""
LOSES = ["trainable_parameter_counts"]
MESSAGE = "must be a Python int, got a NumPy scalar (numpy.int64)"


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    H, L, I = np.int64(hidden), np.int64(layers), np.int64(intermediate)
    embeddings = (vocab_size + max_positions + type_vocab_size) * H + 2 * H
    attention = 4 * (H * H + H) + 2 * H
    feed_forward = (H * I + I) + (I * H + H) + 2 * H
    pooler = H * H + H
    bert = embeddings + L * (attention + feed_forward) + pooler
    houlsby = L * 2 * (2 * bottleneck * H + H + bottleneck)
    lora = L * 2 * (lora_r * H + H * lora_r)
    return {"bert": bert, "houlsby": houlsby, "lora": lora,
            "houlsby_fraction": float(houlsby / bert), "lora_fraction": float(lora / bert)}
