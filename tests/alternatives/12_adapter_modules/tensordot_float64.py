"""np.tensordot over the last axis of h / x (any number of leading axes, empty ones too), the rank-r
update as x @ (s A).T @ B.T (the scaling applied to A first), merge via np.dot(B, A) * s with a copy of W."""


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.asarray(h).astype(np.float64)
    z = np.tensordot(h, np.asarray(W_down).astype(np.float64), axes=([-1], [0])) + np.asarray(b_down).astype(np.float64)
    return h + (np.tensordot(gelu(z), np.asarray(W_up).astype(np.float64), axes=([-1], [0]))
                + np.asarray(b_up).astype(np.float64))


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x).astype(np.float64)
    A = np.asarray(A).astype(np.float64)
    r = A.shape[0]
    scaling = float(alpha) / (np.sqrt(float(r)) if use_rslora else float(r))
    base = np.tensordot(x, np.asarray(W).astype(np.float64), axes=([-1], [1])) + np.asarray(b).astype(np.float64)
    low = np.tensordot(x, scaling * A, axes=([-1], [1]))
    return base + np.tensordot(low, np.asarray(B).astype(np.float64), axes=([-1], [1]))


def merge_lora(W, A, B, alpha, use_rslora=False):
    A = np.asarray(A).astype(np.float64)
    r = A.shape[0]
    scaling = float(alpha) / (np.sqrt(float(r)) if use_rslora else float(r))
    out = np.asarray(W).astype(np.float64, copy=True)
    out = out + np.dot(np.asarray(B).astype(np.float64), A) * scaling
    return out


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    h, n, f = int(hidden), int(layers), int(intermediate)
    per_layer = 4 * h * h + 4 * h + 2 * h + 2 * h * f + f + h + 2 * h
    bert = (int(vocab_size) + int(max_positions) + int(type_vocab_size) + 2) * h + n * per_layer + h * h + h
    houlsby = n * (4 * int(bottleneck) * h + 2 * h + 2 * int(bottleneck))
    lora = 4 * n * int(lora_r) * h
    return {"bert": bert, "houlsby": houlsby, "lora": lora,
            "houlsby_fraction": houlsby / bert, "lora_fraction": lora / bert}
