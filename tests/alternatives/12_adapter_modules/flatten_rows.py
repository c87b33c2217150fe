"""Flattens the leading axes into rows (reshape(-1, d)), works on 2-D matrices and reshapes back;
merges with a sum over the rank of outer products; counts BERT tensor by tensor as
BertModel.named_parameters() lists them."""


def houlsby_adapter(h, W_down, b_down, W_up, b_up):
    h = np.array(h, dtype=np.float64)
    d = h.shape[-1]
    rows = h.reshape(-1, d)
    z = rows @ np.asarray(W_down, dtype=np.float64) + np.asarray(b_down, dtype=np.float64)
    out = rows + gelu(z) @ np.asarray(W_up, dtype=np.float64) + np.asarray(b_up, dtype=np.float64)
    return out.reshape(h.shape)


def lora_forward(x, W, b, A, B, alpha, use_rslora=False):
    x = np.asarray(x, dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    rows = x.reshape(-1, x.shape[-1])
    r = A.shape[0]
    s = float(alpha) / (r ** 0.5 if use_rslora else r)
    out = rows @ W.T + np.asarray(b, dtype=np.float64) + s * ((rows @ A.T) @ B.T)
    return out.reshape(x.shape[:-1] + (W.shape[0],))


def merge_lora(W, A, B, alpha, use_rslora=False):
    W = np.array(W, dtype=np.float64)          # a copy
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    r = A.shape[0]
    s = float(alpha) / (r ** 0.5 if use_rslora else r)
    delta = np.zeros_like(W)
    for k in range(r):                          # B @ A = sum over the rank of outer products
        delta += np.outer(B[:, k], A[k])
    W += s * delta
    return W


def trainable_parameter_counts(hidden=768, layers=12, intermediate=3072, vocab_size=30522,
                               max_positions=512, type_vocab_size=2, bottleneck=64, lora_r=8):
    H = hidden
    shapes = [(vocab_size, H), (max_positions, H), (type_vocab_size, H), (H,), (H,)]
    for _ in range(layers):
        for _ in ("query", "key", "value"):
            shapes += [(H, H), (H,)]
        shapes += [(H, H), (H,), (H,), (H,)]                           # attention.output dense + LayerNorm
        shapes += [(intermediate, H), (intermediate,)]                  # intermediate.dense
        shapes += [(H, intermediate), (H,), (H,), (H,)]                 # output.dense + LayerNorm
    shapes += [(H, H), (H,)]                                            # pooler
    bert = 0
    for shape in shapes:
        n = 1
        for s in shape:
            n *= s
        bert += n
    adapter = (H * bottleneck + bottleneck) + (bottleneck * H + H)      # down and up projections
    houlsby = layers * 2 * adapter
    lora = layers * 2 * (lora_r * H + H * lora_r)                        # lora_A (r, H) and lora_B (H, r)
    return {"bert": int(bert), "houlsby": int(houlsby), "lora": int(lora),
            "houlsby_fraction": float(houlsby) / float(bert), "lora_fraction": float(lora) / float(bert)}
