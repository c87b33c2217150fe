"""Used 4 * hidden for the feed-forward size and ignored the intermediate argument."""
LOSES = ["trainable_parameter_counts"]
MESSAGE = "the intermediate argument is ignored"


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    H, L, I = hidden, layers, 4 * hidden
    embeddings = (vocab_size + max_positions + type_vocab_size) * H + 2 * H
    layer = 4 * (H * H + H) + 2 * H + (H * I + I) + (I * H + H) + 2 * H
    bert = embeddings + L * layer + H * H + H
    houlsby = L * 2 * (2 * bottleneck * H + H + bottleneck)
    lora = L * 2 * lora_r * (H + H)
    return {"bert": bert, "houlsby": houlsby, "lora": lora,
            "houlsby_fraction": houlsby / bert, "lora_fraction": lora / bert}
