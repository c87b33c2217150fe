"""LoRA forward through the merged weight, x @ (W + s B A).T + b (what peft computes after merge()),
and a Houlsby adapter with np.matmul / np.add written out; float64 throughout."""


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h64 = np.asarray(h, dtype=np.float64)
    bottleneck = np.add(np.matmul(h64, np.asarray(W_down, dtype=np.float64)), b_down)
    delta = np.add(np.matmul(gelu(bottleneck), np.asarray(W_up, dtype=np.float64)), b_up)
    return np.add(h64, delta)


def _scaling(alpha, r, use_rslora):
    return alpha / np.sqrt(r) if use_rslora else alpha / r


def merge_lora(W, A, B, alpha, use_rslora=False):
    A = np.asarray(A, dtype=np.float64)
    update = np.asarray(B, dtype=np.float64) @ A
    return np.asarray(W, dtype=np.float64) + _scaling(alpha, A.shape[0], use_rslora) * update


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    A = np.asarray(A, dtype=np.float64)
    update = np.asarray(B, dtype=np.float64) @ A
    merged = np.asarray(W, dtype=np.float64) + _scaling(alpha, A.shape[0], use_rslora) * update
    return np.asarray(x, dtype=np.float64) @ merged.T + np.asarray(b, dtype=np.float64)


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    linear = lambda n_in, n_out: n_in * n_out + n_out      # noqa: E731
    layer_norm = 2 * hidden
    embeddings = (vocab_size + max_positions + type_vocab_size) * hidden + layer_norm
    layer = (4 * linear(hidden, hidden) + layer_norm
             + linear(hidden, intermediate) + linear(intermediate, hidden) + layer_norm)
    bert = embeddings + layers * layer + linear(hidden, hidden)
    houlsby = layers * 2 * (linear(hidden, bottleneck) + linear(bottleneck, hidden))
    lora = layers * 2 * lora_r * 2 * hidden
    return dict(bert=bert, houlsby=houlsby, lora=lora, houlsby_fraction=houlsby / bert, lora_fraction=lora / bert)
