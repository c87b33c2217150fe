"""Rounded the fractions to 4 decimals (as one would print them)."""
LOSES = ["trainable_parameter_counts"]
MESSAGE = "the fraction is rounded"


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    """Parameter counts of BERT and of two parameter-efficient fine-tuning methods.

    All arguments are ints (the defaults describe BERT-base). Returns a dict:
      "bert": int, all parameters of BertModel (embeddings with their LayerNorm, `layers` encoder
              layers, and the pooler);
      "houlsby": int, two Houlsby adapters per layer with bottleneck size `bottleneck`
              (weights and biases of the adapters only);
      "lora": int, LoRA of rank `lora_r` on the query and value matrices of every layer;
      "houlsby_fraction", "lora_fraction": float, those counts divided by "bert" (true division).
    The counts are Python ints (integer arithmetic only; not NumPy integers).
    """
    H, L, I = hidden, layers, intermediate
    embeddings = (vocab_size + max_positions + type_vocab_size) * H + 2 * H
    attention = 4 * (H * H + H) + 2 * H                 # Q, K, V, output projection; LayerNorm
    feed_forward = (H * I + I) + (I * H + H) + 2 * H    # two dense layers; LayerNorm
    pooler = H * H + H
    bert = embeddings + L * (attention + feed_forward) + pooler
    houlsby = L * 2 * (2 * bottleneck * H + H + bottleneck)
    lora = L * 2 * lora_r * (H + H)                     # A: (r, H) and B: (H, r) for query and value
    return {"bert": bert, "houlsby": houlsby, "lora": lora,
            "houlsby_fraction": round(houlsby / bert, 4), "lora_fraction": round(lora / bert, 4)}
