"""einsum for every product, and LoRA as peft's lora.Linear computes it: base_layer(x) +
lora_B(lora_A(x)) * scaling, each nn.Linear being x @ weight.T; merge as peft's get_delta_weight."""


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.asarray(h, dtype=np.float64)
    down = np.einsum("...d,dm->...m", h, np.asarray(W_down, dtype=np.float64)) + np.asarray(b_down, dtype=np.float64)
    up = np.einsum("...m,md->...d", gelu(down), np.asarray(W_up, dtype=np.float64)) + np.asarray(b_up, dtype=np.float64)
    return h + up


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    A = np.asarray(A, dtype=np.float64)
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    base = np.einsum("...i,oi->...o", x, np.asarray(W, dtype=np.float64)) + np.asarray(b, dtype=np.float64)
    lora_a = np.einsum("...i,ri->...r", x, A)
    lora_b = np.einsum("...r,or->...o", lora_a, np.asarray(B, dtype=np.float64))
    return base + lora_b * scaling


def merge_lora(W, A, B, alpha, use_rslora=False):
    A = np.asarray(A, dtype=np.float64)
    r = A.shape[0]
    scaling = alpha / np.sqrt(r) if use_rslora else alpha / r
    delta = np.einsum("or,ri->oi", np.asarray(B, dtype=np.float64), A) * scaling
    return np.asarray(W, dtype=np.float64) + delta


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    H, L, I = hidden, layers, intermediate
    embeddings = vocab_size * H + max_positions * H + type_vocab_size * H + 2 * H
    attention = 4 * (H * H + H) + 2 * H
    ffn = (H * I + I) + (I * H + H) + 2 * H
    bert = embeddings + L * (attention + ffn) + H * H + H
    houlsby = 2 * L * (2 * bottleneck * H + H + bottleneck)
    lora = 2 * L * lora_r * (H + H)
    return {"bert": bert, "houlsby": houlsby, "lora": lora,
            "houlsby_fraction": houlsby / bert, "lora_fraction": lora / bert}
